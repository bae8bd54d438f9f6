"""Passport Data Completeness Index (pure): how complete an accession's passport is, 0–10, and a collection's summary.

Source of the rules: van Hintum, Menting & van Strien (2011), "Quality indicators for passport
data in ex situ genebanks", Plant Genetic Resources 9(4): 478–485, doi:10.1017/S1479262111000682,
as implemented by Germinate (germinateplatform/germinate-server, ``PDCITask.java``; the same
weights in Germinate 3's ``PDCIRunnable.java``). Genesys computes the same index.

Points are out of 1000 and the index is their sum divided by 100. Six hundred points are the
same for every accession (taxon, acquisition, donor, other numbers, safety duplicate, storage,
ACCEURL, MLSSTAT); the other four hundred depend on SAMPSTAT, because what a complete passport
says differs: where a wild plant grew, who bred a cultivar and what it is called. A field that
only counts if another is there (SPAUTHOR needs SPECIES) and pairs where one member is worth
less (DONORNAME when there is no DONORCODE) follow the published implementation:

- SPECIES counts only with GENUS; SPAUTHOR, SUBTAXA, SUBTAUTHOR and CROPNAME only with SPECIES.
- DONORNUMB is worth 40 with a DONORCODE or DONORNAME, 20 alone.
- COLLSITE is worth less when the site also has coordinates (the coordinates carry the place).
- "Other" (SAMPSTAT 600, 999 or none) tops out at 8.5: the published weights sum to 850 there.

Two readings differ from Germinate, both towards the paper: the name scored per germplasm type is
ACCENAME (Germinate scores its own accession number, which every accession has; the paper scores
the variety name, which a wild accession lacks and a cultivar must have), and SPECIES "sp."/"spp."
counts as absent. The index reads an accession in MCPD row form (MCPD field → value), so import,
export and the API share it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from seedbank.catalog.mcpd_codes import SAMPLE_STATUSES

__all__ = [
    "COORDINATES",
    "GermplasmType",
    "PdciScore",
    "PdciSummary",
    "germplasm_type",
    "pdci",
    "pdci_gaps",
    "summarise_pdci",
]

_UNKNOWN_SPECIES = frozenset({"sp.", "spp.", "sp", "spp"})
COORDINATES = "DECLATITUDE+DECLONGITUDE"  # the point counts as one item: both or nothing


class GermplasmType(StrEnum):
    """SAMPSTAT grouped the way the index weighs fields."""

    WILD_OR_WEEDY = "wild-or-weedy"  # 100–299
    LANDRACE = "landrace"  # 300–399
    BREEDING_MATERIAL = "breeding-material"  # 400–499
    CULTIVAR = "cultivar"  # 500–599
    OTHER = "other"  # 600 (GMO), 999, or unknown


@dataclass(frozen=True, slots=True)
class _TypeWeights:
    """Points of the type-dependent part; ``site_alone`` is COLLSITE without coordinates, ``site`` with."""

    origin_country: int
    site_alone: int
    site: int
    coordinates: int
    elevation: int
    collecting_date: int
    breeder_code: int
    breeder_name: int
    ancestry: int
    collecting_source: int
    accession_name: int
    collecting_number: int
    collector_code: int
    collector_name: int


_WEIGHTS = {
    GermplasmType.WILD_OR_WEEDY: _TypeWeights(80, 70, 20, 120, 20, 30, 0, 0, 0, 30, 0, 60, 40, 20),
    GermplasmType.LANDRACE: _TypeWeights(80, 45, 15, 80, 15, 30, 0, 0, 10, 50, 50, 40, 30, 15),
    GermplasmType.BREEDING_MATERIAL: _TypeWeights(40, 0, 0, 0, 0, 0, 110, 55, 150, 20, 80, 0, 0, 0),
    GermplasmType.CULTIVAR: _TypeWeights(40, 0, 0, 0, 0, 0, 80, 40, 100, 20, 160, 0, 0, 0),
    GermplasmType.OTHER: _TypeWeights(40, 20, 10, 30, 5, 10, 10, 10, 40, 25, 40, 20, 20, 10),
}


@dataclass(frozen=True, slots=True)
class PdciScore:
    """An accession's index (0–10), its germplasm type, and the points (of 1000) each MCPD field earned."""

    score: float
    germplasm_type: GermplasmType
    points: Mapping[str, int]


def _sample_status(value: object) -> int | None:
    try:
        code = int(str(value).strip())
    except ValueError:
        return None
    return code if code in SAMPLE_STATUSES else None


def germplasm_type(sampstat: object) -> GermplasmType:
    """100–299 wild or weedy, 3xx landrace, 4xx breeding material, 5xx cultivar; anything else (or no code) other."""
    code = _sample_status(sampstat)
    if code is None:
        return GermplasmType.OTHER
    return {
        1: GermplasmType.WILD_OR_WEEDY,
        2: GermplasmType.WILD_OR_WEEDY,
        3: GermplasmType.LANDRACE,
        4: GermplasmType.BREEDING_MATERIAL,
        5: GermplasmType.CULTIVAR,
    }.get(code // 100, GermplasmType.OTHER)


def _fields(row: Mapping[str, object]) -> dict[str, object]:
    return {name.strip().upper(): value for name, value in row.items()}


def _present(fields: Mapping[str, object]) -> set[str]:
    """MCPD fields that hold something (blank text and empty lists do not; nor "sp." or an unknown SAMPSTAT)."""
    present = set()
    for name, value in fields.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, list | tuple) and not value:
            continue
        present.add(name)
    if str(fields.get("SPECIES")).strip().lower() in _UNKNOWN_SPECIES:
        present.discard("SPECIES")
    if "SAMPSTAT" in present and _sample_status(fields["SAMPSTAT"]) is None:
        present.discard("SAMPSTAT")
    if {"DECLATITUDE", "DECLONGITUDE"} <= present or {"LATITUDE", "LONGITUDE"} <= present:
        present.add(COORDINATES)
    return present


def _points(present: set[str], kind: GermplasmType) -> dict[str, int]:
    points: dict[str, int] = {}

    def award(name: str, value: int) -> None:
        if value and name in present:
            points[name] = value

    def either(first: str, first_value: int, second: str, second_value: int) -> None:
        if first in present:
            award(first, first_value)
        else:
            award(second, second_value)

    # Independent of the germplasm type: 600 points.
    award("GENUS", 120)
    if "GENUS" in present:
        award("SPECIES", 80)
        if "SPECIES" in present:
            award("SPAUTHOR", 5)
            award("SUBTAXA", 40)
            award("SUBTAUTHOR", 5)
            award("CROPNAME", 45)
    award("ACQDATE", 10)
    award("SAMPSTAT", 80)
    either("DONORCODE", 40, "DONORNAME", 20)
    award("DONORNUMB", 40 if {"DONORCODE", "DONORNAME"} & present else 20)
    award("OTHERNUMB", 35)
    either("DUPLSITE", 30, "DUPLINSTNAME", 15)
    award("STORAGE", 15)
    award("ACCEURL", 40)
    award("MLSSTAT", 15)

    # Dependent on it: 400 points (250 for "other").
    weights = _WEIGHTS[kind]
    award("ORIGCTY", weights.origin_country)
    award("COLLSITE", weights.site if COORDINATES in present else weights.site_alone)
    award(COORDINATES, weights.coordinates)
    award("ELEVATION", weights.elevation)
    award("COLLDATE", weights.collecting_date)
    either("BREDCODE", weights.breeder_code, "BREDNAME", weights.breeder_name)
    award("ANCEST", weights.ancestry)
    award("COLLSRC", weights.collecting_source)
    award("ACCENAME", weights.accession_name)
    award("COLLNUMB", weights.collecting_number)
    either("COLLCODE", weights.collector_code, "COLLNAME", weights.collector_name)
    return points


def pdci(row: Mapping[str, object]) -> PdciScore:
    """The index of one accession in MCPD row form (field names as MCPD spells them, any case)."""
    fields = _fields(row)
    kind = germplasm_type(fields.get("SAMPSTAT"))
    points = _points(_present(fields), kind)
    return PdciScore(sum(points.values()) / 100, kind, points)


def pdci_gaps(row: Mapping[str, object]) -> dict[str, float]:
    """What filling each empty MCPD field (alone) would add to the index, largest first; gains of nothing left out."""
    base = pdci(row)
    present = _present(_fields(row))
    kind = base.germplasm_type
    gains: dict[str, float] = {}
    candidates = {
        "GENUS", "SPECIES", "SPAUTHOR", "SUBTAXA", "SUBTAUTHOR", "CROPNAME", "ACQDATE", "DONORCODE", "DONORNAME",
        "DONORNUMB", "OTHERNUMB", "DUPLSITE", "DUPLINSTNAME", "STORAGE", "ACCEURL", "MLSSTAT", "ORIGCTY", "COLLSITE",
        COORDINATES, "ELEVATION", "COLLDATE", "BREDCODE", "BREDNAME", "ANCEST", "COLLSRC", "ACCENAME", "COLLNUMB",
        "COLLCODE", "COLLNAME",
    }  # fmt: skip
    for name in candidates - present:
        gain = sum(_points(present | {name}, kind).values()) / 100 - base.score
        if gain > 0:
            gains[name] = round(gain, 2)
    return dict(sorted(gains.items(), key=lambda item: (-item[1], item[0])))


@dataclass(frozen=True, slots=True)
class PdciSummary:
    """A collection's index: count, mean, range, how many accessions fall in each unit band, and the mean by type."""

    count: int
    mean: float | None
    minimum: float | None
    maximum: float | None
    distribution: tuple[int, ...]  # ten bands: [0, 1), [1, 2), … [9, 10] (10 falls in the last)
    by_type: Mapping[GermplasmType, tuple[int, float]]  # type → (count, mean)


def summarise_pdci(scores: Iterable[PdciScore]) -> PdciSummary:
    """One pass over the scores (a generator of 100,000 is fine: nothing is kept but the tallies)."""
    count, total = 0, 0.0
    minimum: float | None = None
    maximum: float | None = None
    bands = [0] * 10
    type_counts: dict[GermplasmType, int] = {}
    type_totals: dict[GermplasmType, float] = {}
    for score in scores:
        count += 1
        total += score.score
        minimum = score.score if minimum is None else min(minimum, score.score)
        maximum = score.score if maximum is None else max(maximum, score.score)
        bands[min(int(score.score), 9)] += 1
        kind = score.germplasm_type
        type_counts[kind] = type_counts.get(kind, 0) + 1
        type_totals[kind] = type_totals.get(kind, 0.0) + score.score
    by_type = {kind: (n, round(type_totals[kind] / n, 2)) for kind, n in type_counts.items()}
    return PdciSummary(count, round(total / count, 2) if count else None, minimum, maximum, tuple(bands), by_type)
