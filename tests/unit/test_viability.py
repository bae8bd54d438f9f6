import math
from statistics import NormalDist

import pytest

from seedbank.catalog.viability import (
    PROBIT_CEILING_PERCENT,
    ConstantsSource,
    PredictionFlag,
    ViabilityConstants,
    ViabilityInputError,
    choose_viability_constants,
    days_to_viability,
    moisture_for_storage,
    predict_viability,
    probit,
    published_constants,
    published_species,
    sigma_days,
    species_sets,
    temperature_for_storage,
)
from seedbank.errors import InvalidInput

# Rice, Oryza sativa, Ellis et al. 2007 (row 87 of the shipped table, index 87 of viabilitymetrics).
RICE = ViabilityConstants("Oryza sativa", ke=8.242, cw=4.345, ch=0.0307, cq=0.000501, reference="Ellis et al., 2007")
# Barley, Hordeum vulgare, Ellis & Roberts 1980a (universal CH and CQ).
BARLEY = ViabilityConstants("Hordeum vulgare", ke=9.144, cw=5.342, ch=0.0329, cq=0.000478)
# Maize, Zea mays, Ellis et al. 2007: the shipped default for maize.
MAIZE = ViabilityConstants("Zea mays", ke=10.562, cw=6.366, ch=0.0332, cq=0.000577)


# -- a published worked example -----------------------------------------------------------------------------------
# viabilitymetrics (Aravind J., Radhamani J., Vimala Devi S., Jacob S. R., Kalyani Srinivasan, ICAR-NBPGR), the
# examples of its FinalViability reference page (https://aravind-j.github.io/viabilitymetrics/reference/
# FinalViability.html), with rice constants "vcindex = 87" = c(8.242, 4.345, 0.0307, 0.000501):
#   FinalViability(initial = 98, period = 365, mc = 10, temp = 5)         #> 97.64797
#   StoragePeriod(initial = 98, final = 95, mc = 10, temp = 5)           #> 2200.833  (days)
#   StorageMC(initial = 98, final = 95, period = 3650, temp = 5)         #> 8.900918
#   StorageTemp(initial = 98, final = 95, period = 3650, mc = 8)         #> 10.252


def test_published_example_final_viability() -> None:
    prediction = predict_viability(RICE, initial_percent=98, days=365, moisture_percent=10, temperature_c=5)
    assert prediction.viability_percent == pytest.approx(97.64797, abs=1e-5)
    assert prediction.flags == ()


def test_published_example_storage_period() -> None:
    period = days_to_viability(RICE, initial_percent=98, final_percent=95, moisture_percent=10, temperature_c=5)
    assert period.days == pytest.approx(2200.833, abs=1e-3)


def test_published_example_storage_moisture() -> None:
    advice = moisture_for_storage(RICE, initial_percent=98, final_percent=95, days=3650, temperature_c=5)
    assert advice.limit == pytest.approx(8.900918, abs=1e-6)


def test_published_example_storage_temperature() -> None:
    advice = temperature_for_storage(RICE, initial_percent=98, final_percent=95, days=3650, moisture_percent=8)
    assert advice.limit == pytest.approx(10.252, abs=1e-3)


def test_the_shipped_rice_set_is_the_one_of_the_example() -> None:
    chosen = choose_viability_constants("Oryza sativa", reference="Ellis et al., 2007")
    assert chosen is not None
    assert (chosen.constants.ke, chosen.constants.cw, chosen.constants.ch, chosen.constants.cq) == (
        8.242,
        4.345,
        0.0307,
        0.000501,
    )
    assert chosen.constants.row == 87


# -- computed by hand -------------------------------------------------------------------------------------------


def test_sigma_by_hand() -> None:
    # Barley at 12 % moisture and 20 °C:
    # log10 σ = 9.144 − 5.342·log10(12) − 0.0329·20 − 0.000478·20²
    #         = 9.144 − 5.342·1.0791812 − 0.658 − 0.1912 = 2.5298138  →  σ = 10^2.5298138 = 338.70 days
    log_sigma = 9.144 - 5.342 * math.log10(12) - 0.0329 * 20 - 0.000478 * 20**2
    assert log_sigma == pytest.approx(2.5298138, abs=1e-7)
    assert sigma_days(BARLEY, moisture_percent=12, temperature_c=20) == pytest.approx(338.70, abs=0.01)


def test_viability_by_hand() -> None:
    # From 95 % (probit 1.6449, from a table of the normal distribution), 365 days at σ = 338.70:
    # v = 1.6449 − 365/338.70 = 0.5672  →  Φ(0.5672) = 71.47 %
    v = 1.644854 - 365 / 338.6989
    assert NormalDist().cdf(v) * 100 == pytest.approx(71.47, abs=0.01)
    prediction = predict_viability(BARLEY, initial_percent=95, days=365, moisture_percent=12, temperature_c=20)
    assert prediction.viability_percent == pytest.approx(71.47, abs=0.01)
    assert prediction.sigma_days == pytest.approx(338.70, abs=0.01)


def test_half_viability_period_by_hand() -> None:
    # From 97.5 % (probit 1.96) to 50 % (probit 0): p50 = 1.96·σ = 1.959964 × 338.6989 = 663.84 days.
    period = days_to_viability(BARLEY, initial_percent=97.5, final_percent=50, moisture_percent=12, temperature_c=20)
    assert period.days == pytest.approx(663.84, abs=0.01)


def test_moisture_and_temperature_solve_back_to_the_same_sigma() -> None:
    # Keep 95 % of a 98 % lot for 10 years: σ needed = 3652.5 / (2.053749 − 1.644854) = 8932.7 days.
    needed = 3652.5 / (2.053749 - 1.644854)
    moisture = moisture_for_storage(MAIZE, initial_percent=98, final_percent=95, days=3652.5, temperature_c=5).limit
    assert moisture is not None
    assert sigma_days(MAIZE, moisture_percent=moisture, temperature_c=5) == pytest.approx(needed, rel=1e-5)
    temperature = temperature_for_storage(MAIZE, initial_percent=98, final_percent=95, days=3652.5, moisture_percent=10)
    assert temperature.limit is not None
    assert sigma_days(MAIZE, moisture_percent=10, temperature_c=temperature.limit) == pytest.approx(needed, rel=1e-5)


# -- bounds, flags and caps -------------------------------------------------------------------------------------


def test_zero_and_hundred_percent_are_clamped() -> None:
    assert probit(100) == probit(PROBIT_CEILING_PERCENT) == pytest.approx(3.7190, abs=1e-4)
    assert probit(0) == pytest.approx(-3.7190, abs=1e-4)
    full = predict_viability(BARLEY, initial_percent=100, days=0, moisture_percent=12, temperature_c=20)
    assert full.viability_percent == pytest.approx(99.99)
    assert PredictionFlag.VIABILITY_CLAMPED in full.flags
    period = days_to_viability(BARLEY, initial_percent=100, final_percent=0, moisture_percent=12, temperature_c=20)
    assert period.days == pytest.approx(2 * 3.719016 * 338.6989, rel=1e-5)
    assert PredictionFlag.VIABILITY_CLAMPED in period.flags


def test_cold_dry_storage_is_capped_and_flagged() -> None:
    period = days_to_viability(MAIZE, initial_percent=95, final_percent=80, moisture_percent=3, temperature_c=-25)
    assert period.days == pytest.approx(100 * 365.25)
    assert set(period.flags) == {
        PredictionFlag.MOISTURE_OUTSIDE_FITTED_RANGE,
        PredictionFlag.TEMPERATURE_OUTSIDE_FITTED_RANGE,
        PredictionFlag.PERIOD_CAPPED,
    }
    shorter = days_to_viability(
        MAIZE, initial_percent=95, final_percent=80, moisture_percent=3, temperature_c=-25, horizon_days=365.25
    )
    assert shorter.days == 365.25


def test_a_target_at_or_above_the_start_needs_no_time() -> None:
    period = days_to_viability(BARLEY, initial_percent=80, final_percent=85, moisture_percent=12, temperature_c=20)
    assert period.days == 0
    assert PredictionFlag.TARGET_NOT_BELOW_INITIAL in period.flags
    advice = moisture_for_storage(BARLEY, initial_percent=80, final_percent=80, days=365, temperature_c=20)
    assert advice.limit is None
    assert PredictionFlag.TARGET_NOT_BELOW_INITIAL in advice.flags


def test_no_temperature_in_the_fitted_range_is_said_so() -> None:
    advice = temperature_for_storage(RICE, initial_percent=98, final_percent=95, days=300 * 365, moisture_percent=14)
    assert advice.limit is None
    assert PredictionFlag.NO_CONDITION_IN_FITTED_RANGE in advice.flags
    assert "dry the seed further" in advice.message


def test_an_easy_target_gives_the_fitted_edge() -> None:
    warm = temperature_for_storage(RICE, initial_percent=98, final_percent=10, days=0.01, moisture_percent=8)
    assert (warm.limit, warm.flags) == (90.0, (PredictionFlag.FITTED_LIMIT,))
    wet = moisture_for_storage(RICE, initial_percent=98, final_percent=10, days=1, temperature_c=5)
    assert (wet.limit, wet.flags) == (25.0, (PredictionFlag.FITTED_LIMIT,))


def test_no_moisture_in_the_fitted_range_is_said_so() -> None:
    advice = moisture_for_storage(RICE, initial_percent=98, final_percent=97, days=500 * 365, temperature_c=30)
    assert advice.limit is None
    assert PredictionFlag.NO_CONDITION_IN_FITTED_RANGE in advice.flags


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"moisture_percent": 0}, "moisture_percent"),
        ({"moisture_percent": 100}, "moisture_percent"),
        ({"moisture_percent": math.nan}, "moisture_percent"),
        ({"initial_percent": 101}, "initial_percent"),
        ({"initial_percent": -1}, "initial_percent"),
        ({"days": -1}, "days"),
        ({"temperature_c": -300}, "temperature_c"),
        ({"temperature_c": True}, "temperature_c"),
    ],
)
def test_bad_equation_input_names_the_field(arguments: dict[str, float], field: str) -> None:
    values: dict[str, float] = {"initial_percent": 95, "days": 10, "moisture_percent": 10, "temperature_c": 5}
    values.update(arguments)
    with pytest.raises(ViabilityInputError) as caught:
        predict_viability(BARLEY, **values)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, InvalidInput)


def test_declared_constants_must_be_numbers() -> None:
    with pytest.raises(ViabilityInputError) as caught:
        ViabilityConstants("mine", ke=math.inf, cw=1, ch=0.03, cq=0.0004)
    assert caught.value.field == "constants.ke"


# -- the published table and choosing a set ---------------------------------------------------------------------


def test_the_shipped_table() -> None:
    table = published_constants()
    assert len(table) == 164
    assert len(published_species()) == 131
    assert all(math.isfinite(value) for row in table for value in (row.ke, row.cw, row.ch, row.cq))
    assert [row.row for row in table] == list(range(1, 165))
    # Every set but one (a duplicate of Lallemantia royleana's) names its source.
    assert [row.species for row in table if row.reference is None] == ["Lallemantia royleana"]


@pytest.mark.parametrize(
    ("name", "matched", "source"),
    [
        ("Zea mays", "Zea mays", ConstantsSource.PUBLISHED),
        ("  zea   MAYS ", "Zea mays", ConstantsSource.PUBLISHED),
        ("Zea mays subsp. mays", "Zea mays", ConstantsSource.PUBLISHED_FOR_BROADER_NAME),
        ("Zea mays L.", "Zea mays", ConstantsSource.PUBLISHED_FOR_BROADER_NAME),
        ("Oryza sativa ssp. japonica", "Oryza sativa subsp. japonica", ConstantsSource.PUBLISHED),
        (
            "Oryza sativa subsp. indica var. nova",
            "Oryza sativa subsp. indica",
            ConstantsSource.PUBLISHED_FOR_BROADER_NAME,
        ),
        ("Oryza sativa subsp. tropicalis", "Oryza sativa", ConstantsSource.PUBLISHED_FOR_BROADER_NAME),
        (
            "Pennisetum purpureum x P. glaucum (Cutting type)",
            "Pennisetum purpureum × P. glaucum (Cutting type)",
            ConstantsSource.PUBLISHED,
        ),
    ],
)
def test_species_names_match_sensibly(name: str, matched: str, source: ConstantsSource) -> None:
    chosen = choose_viability_constants(name)
    assert chosen is not None
    assert (chosen.matched_species, chosen.source, chosen.requested_species) == (matched, source, name)


@pytest.mark.parametrize("name", ["Capsicum chinense", "Zea", "Phaseolus vulgaris x P. coccineus", "", "   "])
def test_no_guessing(name: str) -> None:
    assert choose_viability_constants(name) is None
    assert species_sets(name or "x") is None


def test_unknown_species_use_declared_constants() -> None:
    mine = ViabilityConstants("Theobroma cacao (our fit)", ke=6.0, cw=3.0, ch=0.0329, cq=0.000478)
    chosen = choose_viability_constants("Theobroma cacao", fallback=mine)
    assert chosen is not None
    assert (chosen.constants, chosen.source) == (mine, ConstantsSource.DECLARED)
    # Published constants win over declared ones: the declared set is a fallback.
    maize = choose_viability_constants("Zea mays", fallback=mine)
    assert maize is not None
    assert maize.source is ConstantsSource.PUBLISHED


def test_default_set_is_the_first_typical_one() -> None:
    maize = choose_viability_constants("Zea mays")
    assert maize is not None
    assert (maize.set_index, maize.sets_available, maize.constants.reference) == (0, 2, "Ellis et al., 2007")
    # Sorghum's first set (Ali 2014) has negative CW and CQ: the default passes over it.
    sorghum = choose_viability_constants("Sorghum bicolor")
    assert sorghum is not None
    assert (sorghum.set_index, sorghum.constants.reference) == (1, "Ellis et al., 2007")
    # Sugar cane's only set has CH = 5.168: still given, but not typical.
    cane = choose_viability_constants("Saccharum sp.")
    assert cane is not None
    assert not cane.constants.is_typical
    assert "none has typical" in cane.rule


def test_any_set_can_be_chosen() -> None:
    by_index = choose_viability_constants("Zea mays", set_index=1)
    by_reference = choose_viability_constants("zea mays", reference=" hong ET AL.,  1996")
    assert by_index is not None
    assert by_reference is not None
    assert by_index.constants == by_reference.constants
    assert by_index.constants.ke == 8.579
    atypical = choose_viability_constants("Sorghum bicolor", reference="Ali, 2014")
    assert atypical is not None
    assert not atypical.constants.is_typical


@pytest.mark.parametrize(
    ("species", "arguments", "field"),
    [
        ("Zea mays", {"set_index": 2}, "set_index"),
        ("Zea mays", {"set_index": -1}, "set_index"),
        ("Zea mays", {"reference": "Nobody, 2099"}, "reference"),
        ("Liquidambar styraciflua", {"reference": "Bonner, 1994"}, "reference"),  # two sets share it
        ("Zea mays", {"set_index": 0, "reference": "Hong et al., 1996"}, "reference"),
        ("Capsicum chinense", {"set_index": 0}, "species"),
    ],
)
def test_bad_choices_name_the_field(species: str, arguments: dict[str, object], field: str) -> None:
    with pytest.raises(ViabilityInputError) as caught:
        choose_viability_constants(species, **arguments)  # type: ignore[arg-type]
    assert caught.value.field == field
