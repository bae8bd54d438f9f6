"""The national-scale collection, generated deterministically: custodians, taxa, accessions, lots and ledgers.

One seeded ``random.Random`` drives everything, in a fixed order, so the same
``DatasetParams`` always give the same rows on every engine and machine. Rows come out
as batches of plain tuples (one ``TableRows`` per table, in foreign-key order) with
every derived column the services would fill: search keys (``fold``/``terms``),
``accession_term`` rows, ``number_sequence`` values, ``lot.on_hand`` equal to the sum of
the lot's entries and ``balance_after`` running sums. Ids are given explicitly so rows
can refer to each other without a round trip.

Germination tests: the germination table does not exist yet, so a test shows only as
its ledger ``test-use`` entry; each batch lists them in ``test_uses``. When the table
lands, turn each into a test row there, drawing from a separate ``Random`` (seeded per
lot) so the rows generated today stay the same.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from seedbank.bench.crops import Species, taxa
from seedbank.bench.params import DatasetParams
from seedbank.bench.venezuela import COUNCIL_NAMES, FAMILY_NAMES, GIVEN_NAMES, STATES
from seedbank.catalog.passport import accession_number_for, puid_for
from seedbank.catalog.services.custodians import _keys as custodian_keys
from seedbank.catalog.services.taxa import _keys as taxon_keys
from seedbank.catalog.services.terms import accession_terms

__all__ = ["CENTRE_ID", "Batch", "DatasetGenerator", "Stamp", "TableRows", "TestUse"]

# An engine's form of a moment given in seconds since the epoch (text on SQLite, datetime on PostgreSQL).
Stamp = Callable[[int], Any]

CENTRE_ID = 1  # the national safeguarding centre: custodian 1, holder of the base collection
_EPOCH_2018 = 1_514_764_800
_YEAR = 31_557_600

_MOVEMENTS = ("issue", "issue", "test-use", "loss", "return")
_REASONS = {
    "issue": "intercambio con agricultor",
    "test-use": "prueba de germinación",
    "loss": "daño por gorgojo",
    "return": "devolución de cosecha",
}
_ACTORS = ("Comisión de semillas", "Custodio", "Vocería de producción", "Centro de resguardo")


@dataclass(slots=True)
class TableRows:
    """Rows for one table, values in ``columns`` order."""

    table: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def add(self, values: dict[str, Any]) -> None:
        """One row from named values (every column named)."""
        self.rows.append(tuple(values[column] for column in self.columns))


@dataclass(frozen=True, slots=True)
class TestUse:
    """A germination test as the ledger records it today (hook for the germination table)."""

    entry_id: int
    lot_id: int
    seeds: int
    recorded_at: int  # seconds since the epoch


@dataclass(slots=True)
class Batch:
    """Rows written together in one transaction, tables in foreign-key order."""

    tables: list[TableRows]
    test_uses: list[TestUse] = field(default_factory=list)


TAXON = (
    "id", "genus", "species", "species_author", "subtaxa", "crop_name", "common_name_es", "common_name_en",
    "local_name", "full_name", "name_key", "crop_key", "search_key", "created_at", "updated_at",
)  # fmt: skip
CUSTODIAN = (
    "id", "name", "kind", "setting", "state", "municipality", "parish", "latitude", "longitude",
    "coordinate_source", "coordinate_precision", "elevation_m", "contact", "state_key", "search_key",
    "created_at", "updated_at",
)  # fmt: skip
# Where custodians' coordinates came from (source, precision, share): mostly measured, some read off the gazetteer.
_PROVENANCE = (("gps", "point", 0.6), ("manual", "point", 0.25), ("gazetteer", "parish", 0.15))
ACCESSION = (
    "id", "instcode", "accession_number", "puid", "taxon", "accession_names", "collector", "acquisition_date",
    "origin_country", "collecting_site", "collecting_latitude", "collecting_longitude", "coordinate_uncertainty_m",
    "elevation_m", "collecting_date", "biological_status", "collecting_source", "donor_name", "storage_types",
    "mls_status", "access_terms", "holder_community", "remarks", "created_at", "updated_at",
)  # fmt: skip
ACCESSION_TERM = ("accession", "term")
# The holder's point is what the lot triggers would copy from the custodian (migration catalog_0008): written
# here, the SQLite trigger finds it right and writes nothing more.
LOT = (
    "id", "lot_code", "accession", "custodian", "holder_latitude", "holder_longitude", "parent", "harvest_date",
    "storage_condition", "storage_location", "moisture_content_pct", "thousand_seed_weight_mg", "status", "on_hand",
    "reserved", "created_at", "updated_at",
)  # fmt: skip
LOT_ENTRY = (
    "id", "lot", "kind", "quantity", "balance_after", "reason", "actor", "counterpart_lot", "corrects", "recorded_at",
)  # fmt: skip
NUMBER_SEQUENCE = ("name", "value")


@dataclass(slots=True)
class _Custodians:
    """What the accession generator needs to know of each custodian (index = id - 1)."""

    latitude: list[float] = field(default_factory=list)
    longitude: list[float] = field(default_factory=list)
    elevation: list[int] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    people: list[str | None] = field(default_factory=list)
    state: list[int] = field(default_factory=list)
    by_state: dict[int, list[int]] = field(default_factory=dict)


@dataclass(slots=True)
class _Lot:
    """A lot being generated: its stock moves as entries are posted; its row is written once they are."""

    id: int
    on_hand: int
    values: dict[str, Any]


class DatasetGenerator:
    """Rows of the collection ``params`` describes; ``stamp`` renders moments for the target engine."""

    def __init__(self, params: DatasetParams, stamp: Stamp) -> None:
        self.params = params
        self.stamp = stamp
        self.rng = random.Random(params.seed)  # noqa: S311  (repeatable data, not secrets)
        # Columns added after the first datasets draw from their own stream, so the others stay as they were.
        self._provenance_rng = random.Random(f"{params.seed}:provenance")  # noqa: S311
        self.species = taxa(params.taxa)
        self.custodians = _Custodians()
        self._entry_ids = itertools.count(1)
        self._lot_ids = itertools.count(1)
        self._clock = _EPOCH_2018  # seconds: the moment of the entry being written

    # -- the whole collection ----------------------------------------------------------

    def batches(self, accessions_per_batch: int = 2_000) -> Iterator[Batch]:
        """Taxa and custodians first, then accessions with their lots and ledgers, a chunk at a time."""
        yield Batch([self._taxa()])
        for start in range(0, self.params.custodians, 10_000):
            yield Batch([self._custodians(start, min(start + 10_000, self.params.custodians))])
        lots_per_accession = self._lots_per_accession()
        taxon_of = self._taxon_picker()
        for start in range(0, self.params.accessions, accessions_per_batch):
            stop = min(start + accessions_per_batch, self.params.accessions)
            yield self._accessions(start, stop, lots_per_accession, taxon_of)
        sequence = TableRows("number_sequence", NUMBER_SEQUENCE)
        sequence.rows.append((f"accession:{self.params.instcode}", self.params.accessions))
        yield Batch([sequence])

    # -- taxa --------------------------------------------------------------------------

    def _taxa(self) -> TableRows:
        part = TableRows("taxon", TAXON)
        created = self.stamp(_EPOCH_2018)
        for taxon_id, species in enumerate(self.species, start=1):
            values = {
                "genus": species.genus,
                "species": species.species,
                "subtaxa": species.subtaxa,
                "crop_name": species.crop_name,
                "common_name_es": species.common_name_es,
                "common_name_en": species.common_name_en,
                "local_name": species.local_name,
            }
            keys = taxon_keys(values)  # the service's own derivation: the same keys the API would store
            part.add(
                {**values, **keys, "id": taxon_id, "species_author": species.author}
                | {"created_at": created, "updated_at": created}
            )
        return part

    def _taxon_picker(self) -> Callable[[], int]:
        """Index of a species for the next accession, common crops more often."""
        cumulative = list(itertools.accumulate(species.weight for species in self.species))
        total = cumulative[-1]
        rng = self.rng
        return lambda: min(bisect.bisect_left(cumulative, rng.random() * total), len(cumulative) - 1)

    # -- custodians --------------------------------------------------------------------

    def _custodians(self, start: int, stop: int) -> TableRows:
        part = TableRows("custodian", CUSTODIAN)
        rng = self.rng
        weights = list(itertools.accumulate(state.weight for state in STATES))
        for index in range(start, stop):
            custodian_id = index + 1
            values: dict[str, Any]
            people: str | None
            if custodian_id == CENTRE_ID:
                state_index = next(i for i, state in enumerate(STATES) if state.name == "Aragua")
                values = {
                    "name": "Centro Nacional de Resguardo de Semillas",
                    "kind": "centre",
                    "setting": "urban",
                    "state": "Aragua",
                    "municipality": "Girardot",
                    "parish": "Las Delicias",
                    "latitude": 10.287,
                    "longitude": -67.609,
                    "elevation_m": 450,
                }
                people = None
            else:
                state_index = bisect.bisect_left(weights, rng.random() * weights[-1])
                values, people = self._place(rng, state_index)
            created = self.stamp(_EPOCH_2018 + index * 60)
            keys = custodian_keys(values)  # the service's own derivation
            contact = f"vocería de semillas: {rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"
            source, precision = self._provenance(custodian_id)
            part.add(
                {**values, **keys, "id": custodian_id, "contact": contact, "created_at": created, "updated_at": created}
                | {"coordinate_source": source, "coordinate_precision": precision}
            )
            known = self.custodians
            known.latitude.append(values["latitude"])
            known.longitude.append(values["longitude"])
            known.elevation.append(values["elevation_m"])
            known.place.append(f"{values['parish']}, {values['municipality']}, {values['state']}")
            known.name.append(values["name"])
            known.people.append(people)
            known.state.append(state_index)
            known.by_state.setdefault(state_index, []).append(custodian_id)
        return part

    def _provenance(self, custodian_id: int) -> tuple[str, str]:
        """Coordinate source and precision, as the custodian services record them with every point."""
        if custodian_id == CENTRE_ID:
            return "gps", "point"
        draw = self._provenance_rng.random()
        for source, precision, share in _PROVENANCE:
            if draw < share:
                return source, precision
            draw -= share
        return _PROVENANCE[-1][0], _PROVENANCE[-1][1]

    @staticmethod
    def _place(rng: random.Random, state_index: int) -> tuple[dict[str, Any], str | None]:
        """A council, commune or family farm near one of the state's towns."""
        state = STATES[state_index]
        town = rng.choice(state.towns)
        people = rng.choice(state.peoples) if state.peoples and rng.random() < 0.17 else None
        setting = "indigenous" if people else ("urban" if rng.random() < 0.49 else "rural")
        spread = 0.05 if setting == "urban" else 0.25
        latitude = min(max(rng.gauss(town.latitude, spread), state.south), state.north)
        longitude = min(max(rng.gauss(town.longitude, spread), state.west), state.east)
        draw = rng.random()
        if people:
            kind, name = "communal-council", f"Consejo Comunal Indígena {people} de {town.parish}"
        elif draw < 0.06:
            kind, name = "commune", f"Comuna {rng.choice(COUNCIL_NAMES)} de {town.parish}"
        elif draw < 0.13:
            kind, name = "family-farm", f"Conuco de la familia {rng.choice(FAMILY_NAMES)} {rng.choice(FAMILY_NAMES)}"
        else:
            kind, name = "communal-council", f"Consejo Comunal {rng.choice(COUNCIL_NAMES)}"
        low, high = state.elevation_m
        values = {
            "name": name,
            "kind": kind,
            "setting": setting,
            "state": state.name,
            "municipality": town.municipality,
            "parish": town.parish,
            "latitude": round(latitude, 5),
            "longitude": round(longitude, 5),
            "elevation_m": int(low + (high - low) * rng.random() ** 2),  # most people live low
        }
        return values, people

    # -- accessions, lots, ledgers -------------------------------------------------------

    def _lots_per_accession(self) -> list[int]:
        """Every accession has a lot; the rest spread unevenly (a few varieties are held everywhere)."""
        rng = self.rng
        count = self.params.accessions
        counts = [1] * count
        extra = self.params.lots - count
        if extra:
            cumulative = list(itertools.accumulate(rng.lognormvariate(0.0, 1.0) for _ in range(count)))
            total = cumulative[-1]
            for _ in range(extra):
                counts[min(bisect.bisect_left(cumulative, rng.random() * total), count - 1)] += 1
        return counts

    def _accessions(self, start: int, stop: int, lots_per_accession: list[int], taxon_of: Callable[[], int]) -> Batch:
        accessions = TableRows("accession", ACCESSION)
        terms = TableRows("accession_term", ACCESSION_TERM)
        sequences = TableRows("number_sequence", NUMBER_SEQUENCE)
        batch = Batch([accessions, terms, TableRows("lot", LOT), TableRows("lot_entry", LOT_ENTRY), sequences])
        rng = self.rng
        known = self.custodians
        instcode = self.params.instcode
        for index in range(start, stop):
            accession_id = index + 1
            species_index = taxon_of()
            species = self.species[species_index]
            home = rng.randrange(len(known.latitude))  # custodian index: where it was collected, who keeps it
            people = known.people[home]
            number = accession_number_for(instcode, accession_id)
            variety = rng.choice(species.varieties)
            town = known.place[home].split(",")[0]
            names = variety if rng.random() < 0.5 else f"{variety} de {town}"
            year = rng.randint(1975, 2024)
            day = f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" if rng.random() < 0.5 else "----"
            created_at = _EPOCH_2018 + int((index / self.params.accessions) * 6 * _YEAR)
            stamp = self.stamp(created_at)
            accessions.add(
                {
                    "id": accession_id,
                    "instcode": instcode,
                    "accession_number": number,
                    "puid": puid_for(instcode, number, species.genus),
                    "taxon": species_index + 1,
                    "accession_names": names,
                    "collector": f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}",
                    "acquisition_date": f"{min(year + rng.randint(0, 3), 2025)}----",
                    "origin_country": "VEN",
                    "collecting_site": known.place[home],
                    "collecting_latitude": round(known.latitude[home] + rng.uniform(-0.05, 0.05), 4),
                    "collecting_longitude": round(known.longitude[home] + rng.uniform(-0.05, 0.05), 4),
                    "coordinate_uncertainty_m": rng.choice((30, 100, 500, 2000)),
                    "elevation_m": known.elevation[home],
                    "collecting_date": f"{year}{day}",
                    "biological_status": rng.choice((300, 300, 300, 300, 500, 100)),
                    "collecting_source": rng.choice((20, 23, 26, 30)),
                    "donor_name": known.name[home],
                    "storage_types": "20" if species.clonal else "12;13",
                    "mls_status": 0,
                    "access_terms": rng.choice(("community-only", "pic-required")) if people else "free",
                    "holder_community": people,
                    "remarks": "Colección nacional" if rng.random() < 0.05 else None,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            source = {
                "accession_number": number,
                "accession_names": names,
                "genus": species.genus,
                "species": species.species,
                "subtaxa": species.subtaxa,
                "crop_name": species.crop_name,
                "common_name_es": species.common_name_es,
                "common_name_en": species.common_name_en,
                "local_name": species.local_name,
            }
            terms.rows.extend((accession_id, term) for term in accession_terms(source))  # the service's own terms
            count = lots_per_accession[index]
            self._lots_of(batch, accession_id, number, species, home + 1, count, created_at)
            sequences.rows.append((f"lot:{accession_id}", count))  # lot codes L01..Lnn are taken
        return batch

    def _lots_of(
        self, batch: Batch, accession_id: int, number: str, species: Species, home_id: int, count: int, created: int
    ) -> None:
        """An accession's lots: the home lot, often a base lot at the centre, swaps and regenerations, their ledgers."""
        rng = self.rng
        known = self.custodians
        held: list[_Lot] = []
        neighbours = known.by_state[known.state[home_id - 1]]
        self._clock = created
        for position in range(count):
            parent: _Lot | None = None
            if position == 0:
                custodian, storage, kind = home_id, "ambient" if species.clonal else "active", "harvest"
            elif position == 1 and not species.clonal and rng.random() < 0.6:
                custodian, storage, kind = CENTRE_ID, "base", "receive"  # the safety duplicate
                parent = held[0]
            else:
                near = rng.random() < 0.7
                custodian = rng.choice(neighbours) if near else rng.randrange(1, len(known.latitude) + 1)
                storage, kind = ("ambient" if species.clonal else "active"), rng.choice(("harvest", "receive"))
                if kind == "receive":  # a swap from one of the accession's earlier lots
                    parent = held[rng.randrange(len(held))]
            quantity = rng.randint(40, 400) if species.clonal else rng.randint(500, 20_000)
            self._clock += rng.randrange(3_600, 10 * 86_400)  # the lot is registered, its first entries with it
            shelf = (
                f"Cámara fría B{rng.randint(1, 4)}, gaveta {rng.randint(1, 60)}"
                if storage == "base"
                else f"Estante {rng.randint(1, 12)}"
            )
            lot = _Lot(
                next(self._lot_ids),
                0,
                {
                    "lot_code": f"{number}-L{position + 1:02d}",
                    "accession": accession_id,
                    "custodian": custodian,
                    "holder_latitude": known.latitude[custodian - 1],
                    "holder_longitude": known.longitude[custodian - 1],
                    "parent": parent.id if parent else None,
                    "harvest_date": f"{rng.randint(2016, 2025)}----",
                    "storage_condition": storage,
                    "storage_location": shelf,
                    "moisture_content_pct": None if species.clonal else round(rng.uniform(4.0, 12.0), 1),
                    "thousand_seed_weight_mg": species.thousand_seed_weight_mg,
                    "reserved": 0,  # reservations come with the exchange (swaps), not generated yet
                    "created_at": self.stamp(self._clock),
                },
            )
            # A swap moves seed out of the parent when it has enough to give.
            if parent is not None and custodian != CENTRE_ID and parent.on_hand > 2 * quantity:
                self._post(batch, parent, "issue", -quantity, "intercambio de semillas", lot.id, later=False)
            self._post(batch, lot, kind, quantity, "lot registered", parent.id if parent else None, later=False)
            self._story(batch, lot)
            held.append(lot)
        lots = batch.tables[2]
        updated = self.stamp(self._clock)
        for lot in held:
            status = "active"
            if lot.on_hand == 0:
                status = "depleted"
            elif rng.random() < 0.03:
                status = "quarantined" if rng.random() < 0.7 else "deaccessioned"
            lots.add({**lot.values, "id": lot.id, "status": status, "on_hand": lot.on_hand, "updated_at": updated})

    def _story(self, batch: Batch, lot: _Lot) -> None:
        """Swaps, germination tests, losses, a correction now and then."""
        rng = self.rng
        for _ in range(rng.randint(0, 4)):
            kind = rng.choice(_MOVEMENTS)
            amount = max(1, int(lot.on_hand * rng.uniform(0.02, 0.15)))
            signed = amount if kind == "return" else -amount
            if lot.on_hand + signed < 0:
                continue
            entry_id = self._post(batch, lot, kind, signed, _REASONS[kind], None)
            if kind == "test-use":
                batch.test_uses.append(TestUse(entry_id, lot.id, amount, self._clock))
            if kind == "loss" and rng.random() < 0.3:
                self._post(batch, lot, "correction", -signed, "pérdida mal anotada", None, entry_id)
        if lot.on_hand and rng.random() < 0.04:  # some lots are handed out to the last seed
            self._post(batch, lot, "issue", -lot.on_hand, "entrega total a la comunidad", None)

    def _post(
        self,
        batch: Batch,
        lot: _Lot,
        kind: str,
        quantity: int,
        reason: str,
        counterpart: int | None,
        corrects: int | None = None,
        *,
        later: bool = True,
    ) -> int:
        """Append one ledger entry and keep the lot's on-hand equal to the running sum."""
        entry_id = next(self._entry_ids)
        if later:
            self._clock += self.rng.randrange(3_600, 5 * 86_400)  # an accession's story moves forward in time
        lot.on_hand += quantity
        actor = _ACTORS[entry_id % len(_ACTORS)]
        batch.tables[3].rows.append(
            (
                entry_id,
                lot.id,
                kind,
                quantity,
                lot.on_hand,
                reason,
                actor,
                counterpart,
                corrects,
                self.stamp(self._clock),
            )
        )
        return entry_id
