import dataclasses
import math
from datetime import date, timedelta
from fractions import Fraction
from statistics import NormalDist

import pytest

from seedbank.catalog.regeneration import (
    REGENERATION_PLANTS,
    BreedingSystem,
    LotFacts,
    PlanCode,
    RegenerationPolicy,
    plan_regeneration,
    regeneration_threshold,
)
from seedbank.catalog.viability import ViabilityConstants, ViabilityInputError, probit

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("initial", "threshold"),
    [(90, 77), (90.0, 77), (100, 85), (85, 72), (70, 60), (50, 43), (10, 9), (92, 78), (0, 0)],
)
def test_threshold_is_85_percent_rounded_half_up(initial: float, threshold: int) -> None:
    assert regeneration_threshold(initial) == threshold


def test_the_90_to_77_case_is_not_bankers_rounding() -> None:
    assert round(0.85 * 90) == 76  # what a naive implementation would store
    assert regeneration_threshold(90) == 77


def lot(**changes: object) -> LotFacts:
    facts = LotFacts(
        initial_germination_percent=90,
        initial_test_date=date(2020, 1, 1),
        seeds_on_hand=5000,
        today=TODAY,
        storage_temperature_c=5,
        storage_moisture_percent=8,
        species="Zea mays",
        breeding_system=BreedingSystem.CROSS_POLLINATED,
    )
    return dataclasses.replace(facts, **changes)  # type: ignore[arg-type]


def test_a_healthy_lot_by_hand() -> None:
    plan = plan_regeneration(lot())
    # Maize at 8 % and 5 °C: log10 σ = 10.562 − 6.366·log10(8) − 0.0332·5 − 0.000577·25 = 4.632504, σ = 42,904.6 d.
    sigma = 10 ** (10.562 - 6.366 * math.log10(8) - 0.0332 * 5 - 0.000577 * 25)
    assert sigma == pytest.approx(42904.6, abs=0.1)
    # 90 % → 77 %: probits 1.281552 → 0.738847, so 42,904.6 × 0.542705 = 23,284 days to the threshold.
    days_to_threshold = sigma * (1.281552 - 0.738847)
    assert plan.threshold_percent == 77
    assert plan.threshold_date == date(2020, 1, 1) + timedelta(days=math.floor(days_to_threshold))
    assert plan.next_test_due == date(2020, 1, 1) + timedelta(days=math.floor(days_to_threshold / 3))
    assert plan.next_test_due == date(2041, 4, 1)
    assert plan.viability_today is not None
    elapsed = (TODAY - date(2020, 1, 1)).days
    expected_today = NormalDist().cdf(1.281552 - elapsed / sigma) * 100
    assert plan.viability_today.viability_percent == pytest.approx(expected_today, abs=1e-4)
    assert plan.constants is not None
    assert plan.constants.constants.reference == "Ellis et al., 2007"
    assert plan.regeneration.due is False
    assert plan.regeneration.reasons == ()
    assert plan.notes == ()


def test_germination_below_threshold_is_due() -> None:
    due = plan_regeneration(lot(latest_germination_percent=76, latest_test_date=date(2025, 1, 1)))
    assert due.regeneration.due
    assert [reason.code for reason in due.regeneration.reasons] == [PlanCode.GERMINATION_BELOW_THRESHOLD]
    assert "below 77 %" in due.regeneration.reasons[0].message
    assert due.next_test_due is None
    assert due.threshold_date is None
    at_threshold = plan_regeneration(lot(latest_germination_percent=77, latest_test_date=date(2025, 1, 1)))
    assert not at_threshold.regeneration.due
    assert at_threshold.last_test_date == date(2025, 1, 1)


def test_stock_below_three_sowings_is_due() -> None:
    # Self-pollinated: 60 plants; at 80 % germination a sowing takes 75 seeds, three take 225.
    facts = lot(
        breeding_system=BreedingSystem.SELF_POLLINATED,
        latest_germination_percent=80,
        latest_test_date=date(2024, 6, 1),
        seeds_on_hand=224,
    )
    short = plan_regeneration(facts)
    assert short.reserve_seeds == 225
    assert [reason.code for reason in short.regeneration.reasons] == [PlanCode.STOCK_BELOW_RESERVE]
    assert not plan_regeneration(dataclasses.replace(facts, seeds_on_hand=225)).regeneration.due


def test_sample_sizes_by_breeding_system_and_per_crop() -> None:
    assert REGENERATION_PLANTS[BreedingSystem.SELF_POLLINATED] == 60
    assert REGENERATION_PLANTS[BreedingSystem.CROSS_POLLINATED] == 100
    assert plan_regeneration(lot()).reserve_seeds == 3 * 112  # 100 plants at 90 %: 111.1 → 112 seeds a sowing
    assert plan_regeneration(lot(regeneration_plants=30)).reserve_seeds == 3 * 34
    unknown = plan_regeneration(lot(breeding_system=None))
    assert unknown.reserve_seeds == 3 * 112
    assert PlanCode.BREEDING_SYSTEM_ASSUMED in [note.code for note in unknown.notes]
    policy = RegenerationPolicy(sowings_in_reserve=4, plants_per_sowing={BreedingSystem.CROSS_POLLINATED: 200})
    assert plan_regeneration(lot(), policy=policy).reserve_seeds == 4 * 223


def test_base_collection_interval_is_capped() -> None:
    plan = plan_regeneration(lot(storage_temperature_c=-18, storage_moisture_percent=5))
    codes = [note.code for note in plan.notes]
    assert plan.threshold_date is None
    assert PlanCode.BEYOND_HORIZON in codes
    assert PlanCode.INTERVAL_CAPPED in codes
    assert plan.next_test_due == date(2020, 1, 1) + timedelta(days=math.floor(40 * 365.25))
    shorter = plan_regeneration(
        lot(storage_temperature_c=-18, storage_moisture_percent=5), policy=RegenerationPolicy(monitoring_cap_years=20)
    )
    assert shorter.next_test_due == date(2020, 1, 1) + timedelta(days=math.floor(20 * 365.25))


def test_no_prediction_falls_back_to_the_crop_interval() -> None:
    plan = plan_regeneration(lot(species="Capsicum chinense"))
    assert plan.constants is None
    assert plan.viability_today is None
    assert plan.threshold_date is None
    assert plan.next_test_due == date(2020, 1, 1) + timedelta(days=math.floor(5 * 365.25))
    assert [note.code for note in plan.notes] == [PlanCode.NO_PREDICTION, PlanCode.TEST_OVERDUE]
    crop = plan_regeneration(lot(species="Capsicum chinense", monitoring_years=10))
    assert crop.next_test_due == date(2020, 1, 1) + timedelta(days=math.floor(10 * 365.25))
    unknown_storage = plan_regeneration(lot(storage_moisture_percent=None))
    assert unknown_storage.constants is not None
    assert unknown_storage.viability_today is None
    assert "storage temperature or moisture unknown" in unknown_storage.notes[0].message


def test_declared_constants_for_an_unlisted_crop() -> None:
    mine = ViabilityConstants("Capsicum chinense (declared)", ke=7.767, cw=4.67, ch=0.0329, cq=0.000478)
    plan = plan_regeneration(lot(species="Capsicum chinense"), declared_constants=mine)
    assert plan.constants is not None
    assert plan.constants.constants == mine
    assert PlanCode.DECLARED_CONSTANTS in [note.code for note in plan.notes]
    assert plan.viability_today is not None


def test_warm_storage_predicts_a_crossing_and_an_overdue_test() -> None:
    plan = plan_regeneration(lot(storage_temperature_c=25, storage_moisture_percent=12))
    codes = [note.code for note in plan.notes]
    assert PlanCode.PREDICTED_BELOW_THRESHOLD in codes
    assert PlanCode.TEST_OVERDUE in codes
    assert plan.threshold_date is not None
    assert plan.threshold_date < TODAY
    assert not plan.regeneration.due  # a prediction asks for a test, not for regeneration


def test_notes_on_constants_range_and_initial_quality() -> None:
    plan = plan_regeneration(
        lot(species="Sorghum bicolor", initial_germination_percent=80, storage_temperature_c=-25),
        constants_reference="Ali, 2014",
    )
    codes = [note.code for note in plan.notes]
    assert PlanCode.ATYPICAL_CONSTANTS in codes
    assert PlanCode.OUTSIDE_FITTED_RANGE in codes
    assert PlanCode.INITIAL_BELOW_STANDARD in codes
    subspecies = plan_regeneration(lot(species="Zea mays subsp. mays"))
    assert [note.code for note in subspecies.notes] == [PlanCode.CONSTANTS_FOR_BROADER_NAME]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"latest_test_date": date(2024, 1, 1)}, "latest_germination_percent"),
        ({"latest_germination_percent": 80}, "latest_test_date"),
        ({"latest_germination_percent": 80, "latest_test_date": date(2019, 1, 1)}, "latest_test_date"),
        ({"latest_germination_percent": 80, "latest_test_date": date(2027, 1, 1)}, "latest_test_date"),
        ({"latest_germination_percent": 180, "latest_test_date": date(2024, 1, 1)}, "latest_germination_percent"),
        ({"initial_test_date": date(2027, 1, 1)}, "initial_test_date"),
        ({"initial_germination_percent": -5}, "initial_germination_percent"),
        ({"seeds_on_hand": -1}, "seeds_on_hand"),
        ({"storage_moisture_percent": 0}, "storage_moisture_percent"),
        ({"storage_temperature_c": math.inf}, "storage_temperature_c"),
        ({"regeneration_plants": 0}, "regeneration_plants"),
        ({"monitoring_years": 0}, "monitoring_years"),
    ],
)
def test_bad_lot_facts_name_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ViabilityInputError) as caught:
        plan_regeneration(lot(**changes))
    assert caught.value.field == field


def test_plans_are_frozen() -> None:
    plan = plan_regeneration(lot())
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.threshold_percent = 1  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.regeneration.due = True  # type: ignore[misc]


def test_planner_names_its_own_constants_fields() -> None:
    with pytest.raises(ViabilityInputError) as caught:
        plan_regeneration(lot(), constants_index=5)
    assert caught.value.field == "constants_index"
    with pytest.raises(ViabilityInputError) as caught:
        plan_regeneration(lot(), constants_reference="Nobody, 2099")
    assert caught.value.field == "constants_reference"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"threshold_fraction": Fraction(0)}, "policy.threshold_fraction"),
        ({"sowings_in_reserve": 0}, "policy.sowings_in_reserve"),
        ({"plants_per_sowing": {BreedingSystem.MIXED: 0}}, "policy.plants_per_sowing.mixed"),
        ({"monitoring_cap_years": 0}, "policy.monitoring_cap_years"),
        ({"horizon_years": 5000}, "policy.horizon_years"),
    ],
)
def test_a_bad_policy_names_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ViabilityInputError) as caught:
        RegenerationPolicy(**changes)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_probit_refuses_what_is_not_a_percentage() -> None:
    with pytest.raises(ViabilityInputError) as caught:
        probit(math.nan)
    assert caught.value.field == "percent"


def test_a_float_threshold_fraction_is_read_as_its_decimal() -> None:
    assert Fraction(0.85) * 90 < Fraction(153, 2)  # 0.85 in binary is a hair under 0.85
    assert regeneration_threshold(90, 0.85) == 77
    assert plan_regeneration(lot(), policy=RegenerationPolicy(threshold_fraction=0.85)).threshold_percent == 77
