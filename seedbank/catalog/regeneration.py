"""Regeneration planning (pure), after FAO Genebank Standards 2014.

A lot regenerates when its germination falls below 85 % of its initial germination, rounded half up (90 → 77:
regenerate below 77), or when it holds fewer seeds than three regeneration sowings. A sowing raises the plants of
`REGENERATION_PLANTS` for the crop's breeding system (or the crop's own figure) and needs ``plants ÷ germination``
seeds, by the latest test. The next monitoring test falls one third of the way from the latest test to the
predicted crossing of the threshold (the viability equation, ``viability.py``), at most 40 years on, or after the
crop's default interval where nothing can be predicted.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from types import MappingProxyType

from seedbank.catalog.germination import round_half_up
from seedbank.catalog.viability import (
    DAYS_PER_YEAR,
    PREDICTION_HORIZON_YEARS,
    ConstantsChoice,
    ConstantsSource,
    ViabilityConstants,
    ViabilityInputError,
    ViabilityPrediction,
    check_moisture,
    check_percent,
    check_temperature,
    check_years,
    choose_viability_constants,
    predict_viability,
    probit,
)

__all__ = [
    "FAO_INITIAL_GERMINATION_PERCENT",
    "REGENERATION_PLANTS",
    "BreedingSystem",
    "LotFacts",
    "PlanCode",
    "PlanReason",
    "RegenerationDue",
    "RegenerationPlan",
    "RegenerationPolicy",
    "plan_regeneration",
    "regeneration_threshold",
]


class BreedingSystem(StrEnum):
    SELF_POLLINATED = "self-pollinated"
    CROSS_POLLINATED = "cross-pollinated"
    MIXED = "mixed"  # often cross-pollinated (sorghum, faba bean, many native species): sampled as outbreeders


# Plants one regeneration raises. Self-pollinated: an inbred landrace is a mixture of lines, and 60 plants catch
# a line present at 5 % with 95 % probability (1 − 0.95ⁿ ≥ 0.95 from n = 59). Cross-pollinated and mixed: 100
# plants keep alleles at 5 % or more (Crossa 1989, Theor. Appl. Genet. 77:153–161). Override per crop.
REGENERATION_PLANTS: Mapping[BreedingSystem, int] = MappingProxyType(
    {BreedingSystem.SELF_POLLINATED: 60, BreedingSystem.CROSS_POLLINATED: 100, BreedingSystem.MIXED: 100}
)
FAO_INITIAL_GERMINATION_PERCENT = 85  # FAO 2014: initial germination should exceed this for most crops


@dataclass(frozen=True, slots=True)
class RegenerationPolicy:
    """The collection's rules; the defaults are FAO Genebank Standards 2014 as DOMAIN.md reads them."""

    threshold_fraction: Fraction | float = Fraction(85, 100)
    sowings_in_reserve: int = 3
    plants_per_sowing: Mapping[BreedingSystem, int] = field(default_factory=lambda: REGENERATION_PLANTS)
    monitoring_cap_years: float = 40.0
    # Where nothing can be predicted: short-lived native seed is common here, so 5 years errs on the early side.
    default_monitoring_years: float = 5.0
    horizon_years: float = PREDICTION_HORIZON_YEARS

    def __post_init__(self) -> None:
        if not 0 < self.threshold_fraction <= 1:
            raise ViabilityInputError("policy.threshold_fraction", "the threshold is a fraction of the initial (0–1]")
        if isinstance(self.sowings_in_reserve, bool) or not isinstance(self.sowings_in_reserve, int):
            raise ViabilityInputError("policy.sowings_in_reserve", "the reserve is a whole number of sowings")
        if self.sowings_in_reserve < 1:
            raise ViabilityInputError("policy.sowings_in_reserve", "keep at least one sowing in reserve")
        for system, plants in self.plants_per_sowing.items():
            if isinstance(plants, bool) or not isinstance(plants, int) or plants < 1:
                raise ViabilityInputError(f"policy.plants_per_sowing.{system}", f"not a number of plants: {plants!r}")
        for name in ("monitoring_cap_years", "default_monitoring_years", "horizon_years"):
            check_years(getattr(self, name), f"policy.{name}")


@dataclass(frozen=True, slots=True)
class LotFacts:
    """What the planner needs to know of a lot. ``regeneration_plants`` and ``monitoring_years`` are the crop's."""

    initial_germination_percent: float
    initial_test_date: date
    seeds_on_hand: int
    today: date
    latest_germination_percent: float | None = None
    latest_test_date: date | None = None
    storage_temperature_c: float | None = None
    storage_moisture_percent: float | None = None
    species: str | None = None
    breeding_system: BreedingSystem | None = None
    regeneration_plants: int | None = None
    monitoring_years: float | None = None


class PlanCode(StrEnum):
    GERMINATION_BELOW_THRESHOLD = "germination-below-threshold"
    STOCK_BELOW_RESERVE = "stock-below-reserve"
    PREDICTED_BELOW_THRESHOLD = "predicted-below-threshold"
    TEST_OVERDUE = "test-overdue"
    NO_PREDICTION = "no-prediction"
    CONSTANTS_FOR_BROADER_NAME = "constants-for-broader-name"
    DECLARED_CONSTANTS = "declared-constants"
    ATYPICAL_CONSTANTS = "atypical-constants"
    OUTSIDE_FITTED_RANGE = "outside-fitted-range"
    INTERVAL_CAPPED = "interval-capped"
    BEYOND_HORIZON = "beyond-horizon"
    BREEDING_SYSTEM_ASSUMED = "breeding-system-assumed"
    NO_GERMINATION = "no-germination"
    INITIAL_BELOW_STANDARD = "initial-below-standard"


@dataclass(frozen=True, slots=True)
class PlanReason:
    code: PlanCode
    message: str


@dataclass(frozen=True, slots=True)
class RegenerationDue:
    due: bool
    reasons: tuple[PlanReason, ...]


@dataclass(frozen=True, slots=True)
class RegenerationPlan:
    """A lot's outlook. Dates are None when they cannot be predicted or no longer apply (see ``notes``)."""

    threshold_percent: int
    last_germination_percent: float  # the latest test, else the initial one: predictions start from it
    last_test_date: date
    constants: ConstantsChoice | None
    viability_today: ViabilityPrediction | None
    threshold_date: date | None
    next_test_due: date | None
    reserve_seeds: int | None  # what the reserved sowings need
    regeneration: RegenerationDue
    notes: tuple[PlanReason, ...]


def regeneration_threshold(initial_germination_percent: float, fraction: Fraction | float = Fraction(85, 100)) -> int:
    """85 % of the initial germination, rounded half up: 90 → 77 (``round`` would say 76)."""
    initial = check_percent(initial_germination_percent, "initial_germination_percent")
    # Floats are read as the decimals they print as: 0.85 × 90 is then exactly 76.5, not 76.4999….
    share = Fraction(str(fraction)) if isinstance(fraction, float) else Fraction(fraction)
    return round_half_up(share * Fraction(str(initial)))


def plan_regeneration(
    lot: LotFacts,
    *,
    policy: RegenerationPolicy | None = None,
    constants_index: int | None = None,
    constants_reference: str | None = None,
    declared_constants: ViabilityConstants | None = None,
) -> RegenerationPlan:
    """Predicted viability today, the threshold date, the next test, and whether to regenerate (and why)."""
    rules = policy or RegenerationPolicy()
    initial, last_percent, last_date = _checked_lot(lot)
    threshold = regeneration_threshold(initial, rules.threshold_fraction)
    reasons: list[PlanReason] = []
    notes: list[PlanReason] = []
    if initial <= FAO_INITIAL_GERMINATION_PERCENT:
        message = f"initial germination {initial:g} %: FAO standards ask more than {FAO_INITIAL_GERMINATION_PERCENT} %"
        notes.append(PlanReason(PlanCode.INITIAL_BELOW_STANDARD, f"{message} for most crops (wild species may not)"))
    if last_percent < threshold:
        share = f"{float(rules.threshold_fraction) * 100:g} % of the initial {initial:g} %"
        message = f"germination {last_percent:g} % on {last_date.isoformat()} is below {threshold} % ({share})"
        reasons.append(PlanReason(PlanCode.GERMINATION_BELOW_THRESHOLD, message))
    reserve = _reserve_seeds(lot, last_percent, rules, notes)
    if reserve is not None and lot.seeds_on_hand < reserve:
        message = f"{lot.seeds_on_hand} seeds on hand; {rules.sowings_in_reserve} regeneration sowings need {reserve}"
        reasons.append(PlanReason(PlanCode.STOCK_BELOW_RESERVE, message))

    try:
        choice = choose_viability_constants(
            lot.species, set_index=constants_index, reference=constants_reference, fallback=declared_constants
        )
    except ViabilityInputError as error:
        renamed = {"set_index": "constants_index", "reference": "constants_reference"}
        raise ViabilityInputError(renamed.get(error.field or "", error.field or ""), error.message) from None
    moisture, temperature = lot.storage_moisture_percent, lot.storage_temperature_c
    viability_today: ViabilityPrediction | None = None
    threshold_date: date | None = None
    next_test: date | None = None
    if choice is not None and moisture is not None and temperature is not None:
        notes.extend(_constants_notes(choice))
        days = (lot.today - last_date).days
        viability_today = predict_viability(
            choice.constants,
            initial_percent=last_percent,
            days=days,
            moisture_percent=moisture,
            temperature_c=temperature,
        )
        if any(flag.name.endswith("OUTSIDE_FITTED_RANGE") for flag in viability_today.flags):
            message = (
                f"storage at {temperature:g} °C and {moisture:g} % moisture is outside the equation's fitted range"
            )
            notes.append(PlanReason(PlanCode.OUTSIDE_FITTED_RANGE, f"{message} (−20 to 90 °C, 5–25 %): extrapolated"))
        if last_percent >= threshold:
            if viability_today.viability_percent < threshold:
                message = f"predicted {viability_today.viability_percent:.0f} % today, below {threshold} %: test it now"
                notes.append(PlanReason(PlanCode.PREDICTED_BELOW_THRESHOLD, message))
            # From the last test, uncapped: the horizon caps the date shown, the monitoring cap the interval.
            days_to_threshold = viability_today.sigma_days * (probit(last_percent) - probit(threshold))
            threshold_date = _date_within(last_date, days_to_threshold, rules.horizon_years)
            if threshold_date is None:
                message = f"not predicted to fall below {threshold} % within {rules.horizon_years:g} years"
                notes.append(PlanReason(PlanCode.BEYOND_HORIZON, message))
            next_test = _date_within(last_date, days_to_threshold / 3, rules.monitoring_cap_years)
            if next_test is None:
                next_test = last_date + timedelta(days=math.floor(rules.monitoring_cap_years * DAYS_PER_YEAR))
                message = f"a third of the time to the threshold exceeds {rules.monitoring_cap_years:g} years: capped"
                notes.append(PlanReason(PlanCode.INTERVAL_CAPPED, message))
    else:
        why = "storage temperature or moisture unknown" if choice is not None else f"no constants for {lot.species!r}"
        years = lot.monitoring_years if lot.monitoring_years is not None else rules.default_monitoring_years
        notes.append(PlanReason(PlanCode.NO_PREDICTION, f"no prediction ({why}): next test after {years:g} years"))
        if last_percent >= threshold:
            next_test = last_date + timedelta(days=math.floor(years * DAYS_PER_YEAR))
    if next_test is not None and next_test < lot.today:
        notes.append(PlanReason(PlanCode.TEST_OVERDUE, f"the monitoring test was due on {next_test.isoformat()}"))

    return RegenerationPlan(
        threshold_percent=threshold,
        last_germination_percent=last_percent,
        last_test_date=last_date,
        constants=choice,
        viability_today=viability_today,
        threshold_date=threshold_date,
        next_test_due=next_test,
        reserve_seeds=reserve,
        regeneration=RegenerationDue(bool(reasons), tuple(reasons)),
        notes=tuple(notes),
    )


def _date_within(start: date, days: float, years: float) -> date | None:
    """``start`` plus whole ``days``, or None past ``years`` (which also keeps dates far from year 9999)."""
    return start + timedelta(days=math.floor(days)) if days <= years * DAYS_PER_YEAR else None


def _checked_lot(lot: LotFacts) -> tuple[float, float, date]:
    """The initial germination and the last test (percentage, date), or the first fault found, by field."""
    initial = check_percent(lot.initial_germination_percent, "initial_germination_percent")
    if (lot.latest_germination_percent is None) != (lot.latest_test_date is None):
        missing = "latest_test_date" if lot.latest_test_date is None else "latest_germination_percent"
        raise ViabilityInputError(missing, "a latest test needs both its germination and its date")
    if lot.initial_test_date > lot.today:
        raise ViabilityInputError("initial_test_date", f"{lot.initial_test_date.isoformat()} is after today")
    last_percent, last_date = initial, lot.initial_test_date
    if lot.latest_germination_percent is not None and lot.latest_test_date is not None:
        last_percent = check_percent(lot.latest_germination_percent, "latest_germination_percent")
        last_date = lot.latest_test_date
        if last_date < lot.initial_test_date:
            raise ViabilityInputError("latest_test_date", "the latest test is older than the initial one")
        if last_date > lot.today:
            raise ViabilityInputError("latest_test_date", f"{last_date.isoformat()} is after today")
    if isinstance(lot.seeds_on_hand, bool) or not isinstance(lot.seeds_on_hand, int) or lot.seeds_on_hand < 0:
        raise ViabilityInputError("seeds_on_hand", f"seeds on hand are a whole number ≥ 0, not {lot.seeds_on_hand!r}")
    if lot.storage_moisture_percent is not None:
        check_moisture(lot.storage_moisture_percent, "storage_moisture_percent")
    if lot.storage_temperature_c is not None:
        check_temperature(lot.storage_temperature_c, "storage_temperature_c")
    plants = lot.regeneration_plants
    if plants is not None and (isinstance(plants, bool) or not isinstance(plants, int) or plants < 1):
        raise ViabilityInputError("regeneration_plants", f"a sowing raises at least one plant, not {plants!r}")
    if lot.monitoring_years is not None:
        check_years(lot.monitoring_years, "monitoring_years")
    return initial, last_percent, last_date


def _reserve_seeds(lot: LotFacts, germination: float, rules: RegenerationPolicy, notes: list[PlanReason]) -> int | None:
    """Seeds the reserved sowings need at the lot's last germination; None when no seed germinates."""
    if lot.regeneration_plants is not None:
        plants = lot.regeneration_plants
    elif lot.breeding_system is not None and lot.breeding_system in rules.plants_per_sowing:
        plants = rules.plants_per_sowing[lot.breeding_system]
    else:
        plants = max(rules.plants_per_sowing.values(), default=max(REGENERATION_PLANTS.values()))
        message = f"no sample size for breeding system {lot.breeding_system or 'unknown'}: sized for {plants} plants"
        notes.append(PlanReason(PlanCode.BREEDING_SYSTEM_ASSUMED, message))
    if germination == 0:
        notes.append(PlanReason(PlanCode.NO_GERMINATION, "no seed germinated: sowings cannot be sized"))
        return None
    per_sowing = math.ceil(Fraction(plants * 100) / Fraction(str(germination)))
    return rules.sowings_in_reserve * per_sowing


def _constants_notes(choice: ConstantsChoice) -> list[PlanReason]:
    notes: list[PlanReason] = []
    if choice.source is ConstantsSource.PUBLISHED_FOR_BROADER_NAME:
        notes.append(
            PlanReason(
                PlanCode.CONSTANTS_FOR_BROADER_NAME,
                f"no constants published for {choice.requested_species}: using those of {choice.matched_species}",
            )
        )
    elif choice.source is ConstantsSource.DECLARED:
        notes.append(PlanReason(PlanCode.DECLARED_CONSTANTS, "using the constants declared for this crop"))
    if not choice.constants.is_typical:
        notes.append(
            PlanReason(
                PlanCode.ATYPICAL_CONSTANTS,
                f"the constants of {choice.constants.species} ({choice.constants.reference or 'no reference'}) "
                "do not make drier, cooler storage last longer: treat the prediction with care",
            )
        )
    return notes
