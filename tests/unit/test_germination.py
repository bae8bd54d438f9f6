import dataclasses
from fractions import Fraction

import pytest

from seedbank.catalog.germination import (
    TABLE_5B_4X100,
    TOLERANCE_51_TO_55,
    TOLERANCE_56_TO_66,
    GerminationInputError,
    Replicate,
    SeedCategory,
    ToleranceBasis,
    evaluate_germination_test,
    replicate_tolerance,
    round_half_up,
)
from seedbank.errors import InvalidInput

# ISTA Table 5B (4 × 100 seeds), written out as the Rules print it: average germination 51–99, the
# complementary average below 50, and the maximum tolerated range.
ISTA_TABLE_5B = [
    ((99, 99), (2, 2), 5),
    ((98, 98), (3, 3), 6),
    ((97, 97), (4, 4), 7),
    ((96, 96), (5, 5), 8),
    ((95, 95), (6, 6), 9),
    ((93, 94), (7, 8), 10),
    ((91, 92), (9, 10), 11),
    ((89, 90), (11, 12), 12),
    ((87, 88), (13, 14), 13),
    ((84, 86), (15, 17), 14),
    ((81, 83), (18, 20), 15),
    ((78, 80), (21, 23), 16),
    ((73, 77), (24, 28), 17),
    ((67, 72), (29, 34), 18),
    ((56, 66), (35, 45), 19),
    ((51, 55), (46, 50), 20),
]


def expected_tolerance(average: int) -> int:
    for (low, high), (complement_low, complement_high), tolerance in ISTA_TABLE_5B:
        if low <= average <= high or complement_low <= average <= complement_high:
            return tolerance
    return 5  # 100, 1 and 0 are off the table: the outermost row, which no 4×100 test there can exceed


def hundreds(*normals: int) -> list[Replicate]:
    """100-seed replicates with these normal seedlings, the rest dead."""
    return [Replicate(seeds=100, normal=normal) for normal in normals]


@pytest.mark.parametrize(("high_side", "low_side", "tolerance"), ISTA_TABLE_5B)
def test_every_row_of_table_5b_on_both_sides(
    high_side: tuple[int, int], low_side: tuple[int, int], tolerance: int
) -> None:
    for average in (*high_side, *low_side):
        assert replicate_tolerance(average) == tolerance, average


def test_the_encoded_table_is_the_printed_one() -> None:
    encoded = [
        ((row.low, row.high), (row.complement_low, row.complement_high), row.tolerance) for row in TABLE_5B_4X100
    ]
    assert encoded == ISTA_TABLE_5B
    assert [replicate_tolerance(average) for average in range(101)] == [expected_tolerance(a) for a in range(101)]


def test_rows_domain_md_asks_to_check_are_named() -> None:
    assert (TOLERANCE_56_TO_66.low, TOLERANCE_56_TO_66.high, TOLERANCE_56_TO_66.tolerance) == (56, 66, 19)
    assert (TOLERANCE_51_TO_55.low, TOLERANCE_51_TO_55.high, TOLERANCE_51_TO_55.tolerance) == (51, 55, 20)
    assert TOLERANCE_56_TO_66 in TABLE_5B_4X100
    assert TOLERANCE_51_TO_55 in TABLE_5B_4X100


def test_complement_below_50_follows_the_printed_column() -> None:
    # DOMAIN.md's example: an average of 30 reads the 67–72 row.
    assert replicate_tolerance(30) == replicate_tolerance(70) == 18
    # ISTA pairs 99 with 2 (101 − x), so 2 % reads 5 where "100 − 2 = 98" would read 6.
    assert replicate_tolerance(2) == 5
    assert replicate_tolerance(50) == 20
    assert replicate_tolerance(100) == replicate_tolerance(1) == replicate_tolerance(0) == 5
    with pytest.raises(GerminationInputError):
        replicate_tolerance(101)


def test_replicates_within_tolerance_pass() -> None:
    result = evaluate_germination_test(hundreds(90, 90, 90, 78))  # average 87 → 13; range 12
    assert result.germination_percent == 87
    assert result.tolerance_basis is ToleranceBasis.FOUR_BY_HUNDRED
    assert (result.replicate_range, result.tolerance, result.retest_required) == (12, 13, False)


def test_replicates_beyond_tolerance_ask_for_a_retest() -> None:
    result = evaluate_germination_test(hundreds(91, 91, 91, 77))  # average 87.5 → 88 → 13; range 14
    assert result.germination_percent == 88
    assert (result.replicate_range, result.tolerance, result.retest_required) == (14, 13, True)
    assert "repeat the test" in result.notes[-1]


def test_low_germination_uses_the_complement() -> None:
    assert not evaluate_germination_test(hundreds(22, 30, 30, 38)).retest_required  # average 30 → 18; range 16
    failed = evaluate_germination_test(hundreds(20, 30, 31, 39))  # average 30 → 18; range 19
    assert (failed.germination_percent, failed.tolerance, failed.retest_required) == (30, 18, True)


def test_the_average_is_rounded_half_up_before_the_lookup() -> None:
    # 290 / 4 = 72.5 → 73, row 73–77 (17): a range of 18 fails. Halves-to-even would read 72 (18) and pass it.
    result = evaluate_germination_test(hundreds(63, 72, 74, 81))
    assert (result.germination_percent, result.tolerance, result.replicate_range) == (73, 17, 18)
    assert result.retest_required


def test_eight_by_fifty_are_combined_in_pairs() -> None:
    normals = [45, 40, 44, 41, 46, 39, 43, 42]
    result = evaluate_germination_test([Replicate(seeds=50, normal=n) for n in normals])
    assert result.replicate_percentages == (90, 80, 88, 82, 92, 78, 86, 84)
    assert result.compared_percentages == (85, 85, 85, 85)
    assert result.tolerance_basis is ToleranceBasis.COMBINED_TO_FOUR_BY_HUNDRED
    assert (result.replicate_range, result.tolerance, result.retest_required) == (0, 14, False)
    assert "combined" in result.notes[0]


def test_sixteen_by_twenty_five_are_combined_in_fours() -> None:
    normals = [20, 21, 19, 20, 22, 22, 21, 22, 18, 17, 18, 17, 20, 20, 20, 20]  # four groups of four
    result = evaluate_germination_test([Replicate(seeds=25, normal=n) for n in normals])
    assert result.compared_percentages == (80, 87, 70, 80)
    assert result.germination_percent == 79  # 317 / 400 = 79.25
    assert (result.replicate_range, result.tolerance, result.retest_required) == (17, 16, True)


@pytest.mark.parametrize(("count", "seeds"), [(2, 100), (3, 100), (4, 50), (12, 25), (16, 100)])
def test_other_layouts_get_no_tolerance(count: int, seeds: int) -> None:
    result = evaluate_germination_test([Replicate(seeds=seeds, normal=seeds // 2 + i) for i in range(count)])
    assert result.tolerance_basis is ToleranceBasis.NONE
    assert result.tolerance is None
    assert not result.retest_required
    assert result.replicate_range == max(result.replicate_percentages) - min(result.replicate_percentages)
    assert "Table 5B" in result.notes[0]


def reported(result: object) -> list[int]:
    return [getattr(result, category.value) for category in SeedCategory]


def test_naive_rounding_to_99_is_made_up_by_the_largest_remainder() -> None:
    # normal 85.25, abnormal 7.25, hard 0, fresh 3.25, dead 4.25: rounding each gives 85+7+0+3+4 = 99.
    replicates = [
        Replicate(100, normal=86, abnormal=7, fresh=3, dead=4),
        Replicate(100, normal=85, abnormal=7, fresh=4, dead=4),
        Replicate(100, normal=85, abnormal=8, fresh=3, dead=4),
        Replicate(100, normal=85, abnormal=7, fresh=3, dead=5),
    ]
    assert sum(round_half_up(v) for v in (85.25, 7.25, 0, 3.25, 4.25)) == 99
    result = evaluate_germination_test(replicates)
    # The three .25 remainders tie; the point goes to the largest category.
    assert reported(result) == [85, 8, 0, 3, 4]
    assert sum(reported(result)) == 100


def test_naive_rounding_to_101_takes_the_point_from_another_category_never_normal() -> None:
    # normal 75.5 → 76 (half up, never adjusted), abnormal 6.5, dead 18: rounding each gives 76+7+18 = 101.
    result = evaluate_germination_test(
        [
            Replicate(100, normal=76, abnormal=6, dead=18),
            Replicate(100, normal=75, abnormal=7, dead=18),
            Replicate(100, normal=76, abnormal=6, dead=18),
            Replicate(100, normal=75, abnormal=7, dead=18),
        ]
    )
    assert sum(round_half_up(v) for v in (75.5, 6.5, 18)) == 101
    assert reported(result) == [76, 6, 0, 0, 18]
    assert result.germination_percent == result.normal == 76


def test_naive_rounding_to_102_is_brought_back_to_100() -> None:
    # normal 85.5, abnormal 7.5, fresh 2.5, dead 4.5: 86+8+3+5 = 102.
    result = evaluate_germination_test(
        [Replicate(100, normal=86, abnormal=8, fresh=2, dead=4), Replicate(100, normal=85, abnormal=7, fresh=3, dead=5)]
        * 2
    )
    assert reported(result) == [86, 8, 0, 2, 4]


def test_largest_remainder_with_distinct_fractions() -> None:
    # 7 × 100 seeds: normal 64.29, abnormal 10.29, hard 9.43, fresh 8.86, dead 7.14 → naive 64+10+9+9+7 = 99.
    totals = {"normal": 450, "abnormal": 72, "hard": 66, "fresh": 62, "dead": 50}
    seeds = [name for name, total in totals.items() for _ in range(total)]
    replicates = [
        Replicate(100, **{name: seeds[start : start + 100].count(name) for name in totals})
        for start in range(0, 700, 100)
    ]
    result = evaluate_germination_test(replicates)
    # fresh (.86) and hard (.43) have the largest remainders: floors 10, 9, 8, 7 plus one each.
    assert reported(result) == [64, 10, 10, 9, 7]


def test_germination_is_the_rounded_mean_of_normals_half_up() -> None:
    result = evaluate_germination_test(hundreds(85, 84, 85, 84))  # 338 / 4 = 84.5
    assert result.germination_percent == 85
    assert round(84.5) == 84  # what Python's round would have said


def test_viable_counts_fresh_and_hard_only_when_confirmed() -> None:
    replicates = [Replicate(100, normal=80, abnormal=4, hard=6, fresh=5, dead=5)] * 4
    plain = evaluate_germination_test(replicates)
    assert (plain.germination_percent, plain.viable_percent) == (80, 80)
    assert plain.viable_categories == (SeedCategory.NORMAL,)
    confirmed = evaluate_germination_test(replicates, fresh_confirmed_viable=True, hard_confirmed_viable=True)
    assert confirmed.viable_percent == 91
    assert set(confirmed.viable_categories) == {SeedCategory.NORMAL, SeedCategory.FRESH, SeedCategory.HARD}
    assert evaluate_germination_test(replicates, fresh_confirmed_viable=True).viable_percent == 85


def test_dead_seeds_default_to_the_rest() -> None:
    result = evaluate_germination_test([Replicate(50, normal=40, abnormal=5), Replicate(50, normal=42, fresh=2)])
    assert reported(result) == [82, 5, 0, 2, 11]
    assert result.seeds_tested == 100


@pytest.mark.parametrize(
    ("replicates", "field"),
    [
        (hundreds(90), "replicates"),
        (hundreds(*[90] * 17), "replicates"),
        ([*hundreds(90, 90), Replicate(100, normal=101)], "replicates[2].normal"),
        ([*hundreds(90), Replicate(100, normal=90, abnormal=-1)], "replicates[1].abnormal"),
        ([*hundreds(90, 90, 90), Replicate(50, normal=45)], "replicates[3].seeds"),
        ([Replicate(40, normal=30), Replicate(40, normal=30)], "replicates[0].seeds"),
        ([*hundreds(90), Replicate(100, normal=90, abnormal=15)], "replicates[1]"),
        ([*hundreds(90), Replicate(100, normal=90, abnormal=5, dead=3)], "replicates[1]"),
        ([*hundreds(90), Replicate(100, normal=90, hard=True)], "replicates[1].hard"),
        ([*hundreds(90), Replicate(100, normal=90.0)], "replicates[1].normal"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_names_the_field(replicates: list[Replicate], field: str) -> None:
    with pytest.raises(GerminationInputError) as caught:
        evaluate_germination_test(replicates)
    assert caught.value.field == field
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, InvalidInput)
    assert caught.value.message


def test_results_are_frozen() -> None:
    result = evaluate_germination_test(hundreds(90, 90))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.normal = 1  # type: ignore[misc]


@pytest.mark.parametrize(("value", "expected"), [(76.5, 77), (0.5, 1), (2.5, 3), (84.5, 85), (84.49, 84), (7, 7)])
def test_round_half_up(value: float, expected: int) -> None:
    assert round_half_up(value) == expected
    assert round_half_up(Fraction(str(value))) == expected
