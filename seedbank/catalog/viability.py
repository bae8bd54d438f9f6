"""Seed longevity (pure): the Ellis & Roberts (1980) viability equation and published species constants.
The regeneration plan of a lot, built on them, is in ``regeneration.py``.

The equation: ``v = Ki − p/σ`` and ``log10 σ = KE − CW·log10(m) − CH·T − CQ·T²``, where v and Ki are the
viability after p days and at the start as normal deviates (probits, ``Φ⁻¹(percent/100)``), m the seed moisture
content (% fresh weight) and T the temperature (°C). A probit of 0 % or 100 % is infinite, so percentages are
clamped to 0.01–99.99 % before the probit is taken (flagged ``viability-clamped``). The equation was fitted for
about −20 to 90 °C and 5–25 % moisture; outside that it extrapolates (very cold or very dry storage runs to
centuries), so results carry flags rather than raising, and periods are capped at a horizon (100 years unless
told otherwise, flagged ``period-capped``). Periods are in days; a year is 365.25 days.

Species constants ship in ``data/viability_constants.csv``, a copy of ``shared/data/viability-constants.csv``:
164 published sets of KE, CW, CH, CQ (DOMAIN.md counts them as 164 species; they are 164 rows for 131 names),
each with its reference. The file was compiled from the ``viabilityconstants`` dataset of the R package
viabilitymetrics (Aravind J. et al.), which gathers the constants from the published sources named in its
``reference`` column; a few references carry the dataset's mis-encoded accents (``IgnA¡cio``), kept as found.

Choosing a set (`choose_viability_constants`):

- names match without regard to case, accents' composition or extra whitespace, ``ssp.`` reads as ``subsp.``
  and ``×`` as ``x``. A name with no entry of its own falls back to a shorter name that has one: first without
  its last infraspecific rank (``Oryza sativa subsp. japonica var. x`` → ``Oryza sativa subsp. japonica``), at
  last the binomial (``Zea mays subsp. mays`` or ``Zea mays L.`` → ``Zea mays``). Hybrid formulas never fall
  back to a parent. A species is never guessed from its genus.
- where a species has several published sets, the default is the first in file order (the compilation's
  order) whose constants are typical; any set can be chosen by its position among the species' sets or by its
  reference. Typical means drier and cooler storage lengthen life as the equation intends: CW > 0, CH > 0,
  CQ ≥ 0 and CH at most ten times the universal 0.0329. This passes over, for instance, the negative CW and CQ
  of one sorghum set and a sugar-cane CH of 5.168 (the species' CW copied into CH); such sets are used only
  when named or when a species has nothing else, and then flagged ``atypical-constants``.
- a species without published constants gets the caller's declared constants, or no prediction (None): a set
  is never invented.

"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import math
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from statistics import NormalDist
from types import MappingProxyType

from seedbank.errors import InvalidInput

__all__ = [
    "DAYS_PER_YEAR",
    "FITTED_MOISTURE_PERCENT",
    "FITTED_TEMPERATURE_C",
    "PREDICTION_HORIZON_YEARS",
    "PROBIT_CEILING_PERCENT",
    "PROBIT_FLOOR_PERCENT",
    "UNIVERSAL_CH",
    "UNIVERSAL_CQ",
    "ConstantsChoice",
    "ConstantsSource",
    "PredictionFlag",
    "StorageAdvice",
    "StoragePeriod",
    "ViabilityConstants",
    "ViabilityInputError",
    "ViabilityPrediction",
    "check_moisture",
    "check_percent",
    "check_temperature",
    "check_years",
    "choose_viability_constants",
    "days_to_viability",
    "moisture_for_storage",
    "percent_from_probit",
    "predict_viability",
    "probit",
    "published_constants",
    "published_species",
    "sigma_days",
    "species_key",
    "species_sets",
    "temperature_for_storage",
]

CONSTANTS_FILE = "viability_constants.csv"
UNIVERSAL_CH = 0.0329
UNIVERSAL_CQ = 0.000478
FITTED_TEMPERATURE_C = (-20.0, 90.0)
FITTED_MOISTURE_PERCENT = (5.0, 25.0)
PROBIT_FLOOR_PERCENT = 0.01
PROBIT_CEILING_PERCENT = 99.99
DAYS_PER_YEAR = 365.25
PREDICTION_HORIZON_YEARS = 100.0
ABSOLUTE_ZERO_C = -273.15
MAX_YEARS = 1000.0
# σ beyond 10^±15 days changes no answer (the horizon is 36,525 days) and keeps the arithmetic finite.
LOG10_SIGMA_BOUND = 15.0

_NORMAL = NormalDist()
_INFRASPECIFIC_RANKS = frozenset({"subsp.", "var.", "subvar.", "convar.", "cv.", "cvs.", "f."})
_RANK_SPELLINGS = {
    "ssp.": "subsp.",
    "ssp": "subsp.",
    "subsp": "subsp.",
    "var": "var.",
    "cv": "cv.",
    "convar": "convar.",
}


class ViabilityInputError(InvalidInput, ValueError):
    """Input the equation or the planner cannot take; ``field`` names it as the API shows it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


class PredictionFlag(StrEnum):
    MOISTURE_OUTSIDE_FITTED_RANGE = "moisture-outside-fitted-range"
    TEMPERATURE_OUTSIDE_FITTED_RANGE = "temperature-outside-fitted-range"
    VIABILITY_CLAMPED = "viability-clamped"  # 0 % or 100 % (or beyond 0.01–99.99 %) taken at the bound
    PERIOD_CAPPED = "period-capped"  # longer than the horizon: the horizon is given
    ATYPICAL_CONSTANTS = "atypical-constants"
    TARGET_NOT_BELOW_INITIAL = "target-not-below-initial"  # viability only falls: nothing to wait or store for
    FITTED_LIMIT = "fitted-limit"  # the whole fitted range keeps the target: its edge is given
    NO_CONDITION_IN_FITTED_RANGE = "no-condition-in-fitted-range"


class ConstantsSource(StrEnum):
    PUBLISHED = "published"  # the species' own entry
    PUBLISHED_FOR_BROADER_NAME = "published-for-broader-name"  # e.g. the species of a subspecies without one
    DECLARED = "declared"  # the caller's constants


@dataclass(frozen=True, slots=True)
class ViabilityConstants:
    """One published (or declared) set; ``row`` is its 1-based data row in the shipped table."""

    species: str
    ke: float
    cw: float
    ch: float
    cq: float
    reference: str | None = None
    row: int | None = None

    def __post_init__(self) -> None:
        for name in ("ke", "cw", "ch", "cq"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ViabilityInputError(
                    f"constants.{name}", f"a viability constant is a finite number, not {value!r}"
                )

    @property
    def is_typical(self) -> bool:
        return self.cw > 0 and self.ch > 0 and self.cq >= 0 and self.ch <= 10 * UNIVERSAL_CH


@dataclass(frozen=True, slots=True)
class ConstantsChoice:
    """The set a prediction uses, and how it was found."""

    constants: ViabilityConstants
    source: ConstantsSource
    requested_species: str | None
    matched_species: str | None
    set_index: int | None  # position among the matched species' published sets, from 0
    sets_available: int
    rule: str


@dataclass(frozen=True, slots=True)
class ViabilityPrediction:
    viability_percent: float
    initial_percent: float
    days: float
    moisture_percent: float
    temperature_c: float
    sigma_days: float
    constants: ViabilityConstants
    flags: tuple[PredictionFlag, ...]


@dataclass(frozen=True, slots=True)
class StoragePeriod:
    """Days for viability to fall from one figure to another (capped at the horizon: see the flags)."""

    days: float
    sigma_days: float
    flags: tuple[PredictionFlag, ...]


@dataclass(frozen=True, slots=True)
class StorageAdvice:
    """The highest moisture (%) or temperature (°C) that keeps a target viability for a period; None if none."""

    limit: float | None
    flags: tuple[PredictionFlag, ...]
    message: str


# -- the published table ----------------------------------------------------------------------------------------


@functools.cache
def published_constants() -> tuple[ViabilityConstants, ...]:
    """Every shipped set, in file order."""
    text = (importlib.resources.files("seedbank.catalog") / "data" / CONSTANTS_FILE).read_text(encoding="utf-8")
    return tuple(
        ViabilityConstants(
            species=" ".join(record["species"].split()),
            ke=float(record["KE"]),
            cw=float(record["CW"]),
            ch=float(record["CH"]),
            cq=float(record["CQ"]),
            reference=(record["reference"] or "").strip() or None,
            row=number,
        )
        for number, record in enumerate(csv.DictReader(text.splitlines()), start=1)
    )


@functools.cache
def _sets_by_key() -> Mapping[str, tuple[ViabilityConstants, ...]]:
    grouped: dict[str, list[ViabilityConstants]] = {}
    for constants in published_constants():
        grouped.setdefault(species_key(constants.species), []).append(constants)
    return MappingProxyType({key: tuple(sets) for key, sets in grouped.items()})


def published_species() -> tuple[str, ...]:
    """The names with published constants, as the table spells them, sorted."""
    return tuple(sorted({constants.species for constants in published_constants()}, key=species_key))


def species_key(name: str) -> str:
    """The form names are matched in: ``'  Oryza SATIVA ssp. Japonica '`` → ``'oryza sativa subsp. japonica'``."""
    words = unicodedata.normalize("NFKC", name).replace("×", " x ").casefold().split()
    return " ".join(_RANK_SPELLINGS.get(word, word) for word in words)


def species_sets(species: str) -> tuple[str, tuple[ViabilityConstants, ...]] | None:
    """The name that matched and its published sets (see the module docstring for the fallback), or None."""
    sets = _sets_by_key()
    for candidate in _candidate_keys(species_key(species)):
        if candidate in sets:
            return sets[candidate][0].species, sets[candidate]
    return None


def _candidate_keys(key: str) -> list[str]:
    words = key.split()
    candidates = [key]
    if "x" in words:  # a hybrid formula is not its first parent
        return candidates
    for position in range(len(words) - 1, 1, -1):
        if words[position] in _INFRASPECIFIC_RANKS:
            candidates.append(" ".join(words[:position]))
    if len(words) > 2:
        candidates.append(" ".join(words[:2]))
    return list(dict.fromkeys(candidates))


def choose_viability_constants(
    species: str | None,
    *,
    set_index: int | None = None,
    reference: str | None = None,
    fallback: ViabilityConstants | None = None,
) -> ConstantsChoice | None:
    """The constants for a species: a chosen set, else the default, else ``fallback``, else None (no prediction)."""
    if set_index is not None and reference is not None:
        raise ViabilityInputError("reference", "choose a set by set_index or by reference, not both")
    found = species_sets(species) if species and species.strip() else None
    if found is None:
        if set_index is not None or reference is not None:
            raise ViabilityInputError("species", f"no published viability constants for {species!r}")
        if fallback is None:
            return None
        return ConstantsChoice(
            fallback, ConstantsSource.DECLARED, species, None, None, 0, "constants declared by the caller"
        )
    matched, sets = found
    own_entry = species_key(matched) == species_key(species or "")
    source = ConstantsSource.PUBLISHED if own_entry else ConstantsSource.PUBLISHED_FOR_BROADER_NAME
    if set_index is not None:
        if isinstance(set_index, bool) or not isinstance(set_index, int) or not 0 <= set_index < len(sets):
            raise ViabilityInputError("set_index", f"{matched} has sets 0–{len(sets) - 1}, not {set_index!r}")
        index, rule = set_index, "the set asked for by position"
    elif reference is not None:
        wanted = " ".join(reference.casefold().split())
        hits = [
            i for i, constants in enumerate(sets) if " ".join((constants.reference or "").casefold().split()) == wanted
        ]
        if len(hits) != 1:
            how = "no set" if not hits else f"{len(hits)} sets (choose by set_index)"
            raise ViabilityInputError("reference", f"{reference!r} names {how} of {matched}")
        index, rule = hits[0], "the set asked for by reference"
    else:
        typical = [i for i, constants in enumerate(sets) if constants.is_typical]
        index = typical[0] if typical else 0
        rule = (
            f"default: the first of {len(sets)} published sets with typical constants"
            if typical
            else f"default: the first of {len(sets)} published sets (none has typical constants)"
        )
    return ConstantsChoice(sets[index], source, species, matched, index, len(sets), rule)


# -- the equation -----------------------------------------------------------------------------------------------


def probit(percent: float) -> float:
    """The normal deviate of a viability percentage, clamped to 0.01–99.99 % first."""
    return _NORMAL.inv_cdf(_clamped(check_percent(percent, "percent")) / 100)


def percent_from_probit(deviate: float) -> float:
    return _NORMAL.cdf(deviate) * 100


def sigma_days(constants: ViabilityConstants, *, moisture_percent: float, temperature_c: float) -> float:
    """σ: the days to lose one probit of viability at this moisture and temperature."""
    moisture = check_moisture(moisture_percent, "moisture_percent")
    temperature = check_temperature(temperature_c, "temperature_c")
    return _sigma(constants, moisture, temperature)


def predict_viability(
    constants: ViabilityConstants,
    *,
    initial_percent: float,
    days: float,
    moisture_percent: float,
    temperature_c: float,
) -> ViabilityPrediction:
    """Viability (%) after ``days`` of storage: ``Φ(Ki − p/σ)``."""
    initial = check_percent(initial_percent, "initial_percent")
    period = _days(days, "days")
    moisture = check_moisture(moisture_percent, "moisture_percent")
    temperature = check_temperature(temperature_c, "temperature_c")
    sigma = _sigma(constants, moisture, temperature)
    viability = percent_from_probit(probit(initial) - period / sigma)
    flags = _condition_flags(constants, moisture, temperature) + _clamp_flags(initial)
    return ViabilityPrediction(viability, initial, period, moisture, temperature, sigma, constants, flags)


def days_to_viability(
    constants: ViabilityConstants,
    *,
    initial_percent: float,
    final_percent: float,
    moisture_percent: float,
    temperature_c: float,
    horizon_days: float = PREDICTION_HORIZON_YEARS * DAYS_PER_YEAR,
) -> StoragePeriod:
    """Days for viability to fall from ``initial_percent`` to ``final_percent``: ``σ·(Ki − v)``."""
    initial = check_percent(initial_percent, "initial_percent")
    final = check_percent(final_percent, "final_percent")
    horizon = _days(horizon_days, "horizon_days")
    moisture = check_moisture(moisture_percent, "moisture_percent")
    temperature = check_temperature(temperature_c, "temperature_c")
    sigma = _sigma(constants, moisture, temperature)
    flags = _condition_flags(constants, moisture, temperature) + _clamp_flags(initial, final)
    if final >= initial:
        return StoragePeriod(0.0, sigma, (*flags, PredictionFlag.TARGET_NOT_BELOW_INITIAL))
    days = sigma * (probit(initial) - probit(final))
    if days > horizon:
        return StoragePeriod(horizon, sigma, (*flags, PredictionFlag.PERIOD_CAPPED))
    return StoragePeriod(days, sigma, flags)


def moisture_for_storage(
    constants: ViabilityConstants,
    *,
    initial_percent: float,
    final_percent: float,
    days: float,
    temperature_c: float,
) -> StorageAdvice:
    """The highest moisture content (% fresh weight) that keeps ``final_percent`` after ``days`` at this temperature.

    ``m = 10^((KE − CH·T − CQ·T² − log10 σ)/CW)`` with ``σ = p/(Ki − v)``. If even 25 % keeps it, 25 % (the fitted
    edge) is given; if only drier than 5 % would, None.
    """
    initial = check_percent(initial_percent, "initial_percent")
    final = check_percent(final_percent, "final_percent")
    period = _positive_days(days, "days")
    temperature = check_temperature(temperature_c, "temperature_c")
    flags = _clamp_flags(initial, final) + _constant_flags(constants)
    if not FITTED_TEMPERATURE_C[0] <= temperature <= FITTED_TEMPERATURE_C[1]:
        flags += (PredictionFlag.TEMPERATURE_OUTSIDE_FITTED_RANGE,)
    needed = _needed_log10_sigma(initial, final, period)
    if needed is None:
        return _target_not_below_initial(flags, initial, final)
    driest, wettest = FITTED_MOISTURE_PERCENT
    if _log10_sigma(constants, wettest, temperature) >= needed:
        return StorageAdvice(
            wettest,
            (*flags, PredictionFlag.FITTED_LIMIT),
            f"any moisture up to {wettest:g} % (the fitted range) will do",
        )
    if constants.cw > 0:
        limit = 10 ** (
            (constants.ke - constants.ch * temperature - constants.cq * temperature**2 - needed) / constants.cw
        )
        if limit >= driest:
            return StorageAdvice(limit, flags, f"dry the seed to {limit:.1f} % moisture or less")
        message = f"it would take {limit:.2g} % moisture, drier than the {driest:g} % the equation was fitted for"
    else:
        message = "with these constants drying does not lengthen life"
    return StorageAdvice(None, (*flags, PredictionFlag.NO_CONDITION_IN_FITTED_RANGE), message)


def temperature_for_storage(
    constants: ViabilityConstants,
    *,
    initial_percent: float,
    final_percent: float,
    days: float,
    moisture_percent: float,
) -> StorageAdvice:
    """The highest temperature (°C) that keeps ``final_percent`` after ``days`` at this moisture content.

    Solves ``CQ·T² + CH·T + (log10 σ − KE + CW·log10 m) = 0`` for its largest root in −20–90 °C. If even 90 °C
    keeps it, 90 is given (the fitted edge); if no temperature in the fitted range does, None.
    """
    initial = check_percent(initial_percent, "initial_percent")
    final = check_percent(final_percent, "final_percent")
    period = _positive_days(days, "days")
    moisture = check_moisture(moisture_percent, "moisture_percent")
    flags = _clamp_flags(initial, final) + _constant_flags(constants)
    if not FITTED_MOISTURE_PERCENT[0] <= moisture <= FITTED_MOISTURE_PERCENT[1]:
        flags += (PredictionFlag.MOISTURE_OUTSIDE_FITTED_RANGE,)
    needed = _needed_log10_sigma(initial, final, period)
    if needed is None:
        return _target_not_below_initial(flags, initial, final)
    coldest, warmest = FITTED_TEMPERATURE_C
    if _log10_sigma(constants, moisture, warmest) >= needed:
        return StorageAdvice(
            warmest,
            (*flags, PredictionFlag.FITTED_LIMIT),
            f"any temperature up to {warmest:g} °C (the fitted range) will do",
        )
    a, b, c = constants.cq, constants.ch, needed - constants.ke + constants.cw * math.log10(moisture)
    if a == 0:
        roots = [-c / b] if b != 0 else []
    else:
        discriminant = b * b - 4 * a * c
        roots = [(-b + sign * math.sqrt(discriminant)) / (2 * a) for sign in (1, -1)] if discriminant >= 0 else []
    # σ is too short at 90 °C; the warmest temperature that will do is the largest root inside the range.
    inside = [root for root in roots if coldest <= root <= warmest]
    if inside:
        limit = max(inside)
        return StorageAdvice(limit, flags, f"store at {limit:.1f} °C or colder")
    return StorageAdvice(
        None,
        (*flags, PredictionFlag.NO_CONDITION_IN_FITTED_RANGE),
        f"no temperature from {coldest:g} to {warmest:g} °C will do at {moisture:g} % moisture: dry the seed further",
    )


def _log10_sigma(constants: ViabilityConstants, moisture: float, temperature: float) -> float:
    return (
        constants.ke - constants.cw * math.log10(moisture) - constants.ch * temperature - constants.cq * temperature**2
    )


def _sigma(constants: ViabilityConstants, moisture: float, temperature: float) -> float:
    exponent = _log10_sigma(constants, moisture, temperature)
    return 10 ** max(-LOG10_SIGMA_BOUND, min(LOG10_SIGMA_BOUND, exponent))


def _needed_log10_sigma(initial: float, final: float, days: float) -> float | None:
    """log10 of the σ that loses exactly ``Ki − v`` probits in ``days``; None when nothing is to be lost."""
    probits_lost = probit(initial) - probit(final)
    return math.log10(days / probits_lost) if final < initial and probits_lost > 0 else None


def _target_not_below_initial(flags: tuple[PredictionFlag, ...], initial: float, final: float) -> StorageAdvice:
    return StorageAdvice(
        None,
        (*flags, PredictionFlag.TARGET_NOT_BELOW_INITIAL),
        f"viability only falls in storage: a lot at {initial:g} % cannot be kept at {final:g} % for any time",
    )


def _clamped(percent: float) -> float:
    return min(max(percent, PROBIT_FLOOR_PERCENT), PROBIT_CEILING_PERCENT)


def _clamp_flags(*percents: float) -> tuple[PredictionFlag, ...]:
    clamped = any(_clamped(percent) != percent for percent in percents)
    return (PredictionFlag.VIABILITY_CLAMPED,) if clamped else ()


def _constant_flags(constants: ViabilityConstants) -> tuple[PredictionFlag, ...]:
    return () if constants.is_typical else (PredictionFlag.ATYPICAL_CONSTANTS,)


def _condition_flags(constants: ViabilityConstants, moisture: float, temperature: float) -> tuple[PredictionFlag, ...]:
    flags = _constant_flags(constants)
    if not FITTED_MOISTURE_PERCENT[0] <= moisture <= FITTED_MOISTURE_PERCENT[1]:
        flags += (PredictionFlag.MOISTURE_OUTSIDE_FITTED_RANGE,)
    if not FITTED_TEMPERATURE_C[0] <= temperature <= FITTED_TEMPERATURE_C[1]:
        flags += (PredictionFlag.TEMPERATURE_OUTSIDE_FITTED_RANGE,)
    return flags


def _number(value: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ViabilityInputError(field, f"expected a finite number, not {value!r}")
    return float(value)


def check_percent(value: object, field: str) -> float:
    number = _number(value, field)
    if not 0 <= number <= 100:
        raise ViabilityInputError(field, f"a viability is a percentage (0–100), not {number:g}")
    return number


def check_moisture(value: object, field: str) -> float:
    number = _number(value, field)
    if not 0 < number < 100:
        raise ViabilityInputError(
            field, f"moisture content is a percentage of fresh weight, above 0 and below 100, not {number:g}"
        )
    return number


def check_temperature(value: object, field: str) -> float:
    number = _number(value, field)
    if not ABSOLUTE_ZERO_C < number < 100:
        raise ViabilityInputError(
            field, f"a storage temperature is above {ABSOLUTE_ZERO_C:g} and below 100 °C, not {number:g}"
        )
    return number


def _days(value: object, field: str) -> float:
    number = _number(value, field)
    if number < 0:
        raise ViabilityInputError(field, f"a period is not negative ({number:g} days)")
    return number


def check_years(value: object, field: str) -> float:
    number = _number(value, field)
    # Up to a thousand years keeps every date this module writes inside the calendar (year 9999).
    if not 0 < number <= MAX_YEARS:
        raise ViabilityInputError(field, f"a number of years above 0 and at most {MAX_YEARS:g}, not {number:g}")
    return number


def _positive_days(value: object, field: str) -> float:
    number = _days(value, field)
    if number == 0:
        raise ViabilityInputError(field, "the period to keep the seed must be longer than 0 days")
    return number
