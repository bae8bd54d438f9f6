"""Germination tests the ISTA way (pure): replicate counts in; reported percentages and the replicate check out.

ISTA Rules, chapter 5. A test is 2–16 replicates of 25, 50 or 100 seeds, all the same size. Every seed of a
replicate ends as a normal seedling, an abnormal seedling, or a hard, fresh (ungerminated but viable) or dead
seed. What is reported:

- each category as a whole-number percentage of the seeds tested, the five summing to 100. Normal seedlings
  are rounded half up and never adjusted; the other four take the largest-remainder method: each is rounded
  down, and the points still missing go one each to the categories with the largest fractional parts (ties to
  the larger category, then in the order abnormal, hard, fresh, dead). Where plain rounding already sums to
  100 this is plain rounding; where it would give 99 or 101 the category nearest the other way gives way.
- germination % = the mean of the replicates' normal seedlings, rounded half up (the normal-seedling figure).
- viable % = normal + fresh + hard, counting fresh and hard seeds only when a viability test (tetrazolium,
  cut test) confirmed them alive; the reported figures are added, so viable % matches what is printed.

Replicates must agree (ISTA Table 5B, four replicates of 100 seeds, two-way test at 2.5 %): the range of the
replicates' normal-seedling percentages may not exceed the tolerance for their average, or the test is
repeated. The table is data (`TABLE_5B_4X100`), looked up with the average rounded half up to a whole number
(the reported germination %). Replicates of 50 or 25 seeds are first combined in the order given (neighbours
in the germinator: 8×50 in pairs, 16×25 in fours) into 100-seed replicates, as ISTA does. The table only
speaks of four 100-seed replicates: any other layout (2×100, 4×50, 12×25, ...) is reported with
``tolerance_basis == "none"``, its range for information and no retest verdict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from seedbank.errors import InvalidInput

__all__ = [
    "MAX_REPLICATES",
    "MIN_REPLICATES",
    "REPLICATE_SIZES",
    "TABLE_5B_4X100",
    "TOLERANCE_51_TO_55",
    "TOLERANCE_56_TO_66",
    "GerminationInputError",
    "GerminationResult",
    "Replicate",
    "SeedCategory",
    "ToleranceBasis",
    "ToleranceRow",
    "evaluate_germination_test",
    "replicate_tolerance",
    "round_half_up",
]

REPLICATE_SIZES = (25, 50, 100)
MIN_REPLICATES = 2
MAX_REPLICATES = 16
SEEDS_PER_COMBINED_REPLICATE = 100
REPLICATES_IN_TABLE_5B = 4


class GerminationInputError(InvalidInput, ValueError):
    """Counts or layout that cannot be a germination test; ``field`` is a path the API can show."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


class SeedCategory(StrEnum):
    """Where each seed of a replicate ends, in ISTA's reporting order."""

    NORMAL = "normal"
    ABNORMAL = "abnormal"
    HARD = "hard"
    FRESH = "fresh"
    DEAD = "dead"


class ToleranceBasis(StrEnum):
    FOUR_BY_HUNDRED = "4x100"  # four 100-seed replicates, as tested
    COMBINED_TO_FOUR_BY_HUNDRED = "combined-to-4x100"  # 8×50 or 16×25, combined into four 100-seed replicates
    NONE = "none"  # another layout: Table 5B does not apply


@dataclass(frozen=True, slots=True)
class Replicate:
    """One replicate's counts. ``dead=None`` means every seed not counted in another category."""

    seeds: int
    normal: int
    abnormal: int = 0
    hard: int = 0
    fresh: int = 0
    dead: int | None = None


@dataclass(frozen=True, slots=True)
class ToleranceRow:
    """A row of Table 5B: averages ``low``–``high`` (51–99) and their complement (``101 − x``) share ``tolerance``."""

    low: int
    high: int
    tolerance: int

    @property
    def complement_low(self) -> int:
        return 101 - self.high

    @property
    def complement_high(self) -> int:
        return 101 - self.low

    def covers(self, average: int) -> bool:
        return self.low <= average <= self.high or self.complement_low <= average <= self.complement_high


# The two rows DOMAIN.md marks "(check)": they match the published ISTA/AOSA table as we know it, but were
# not verified against the current ISTA Rules text; named so a correction is one line.
TOLERANCE_56_TO_66 = ToleranceRow(56, 66, 19)
TOLERANCE_51_TO_55 = ToleranceRow(51, 55, 20)

# ISTA Table 5B, four replicates of 100 seeds. ISTA prints the below-50 column beside each row (99 ↔ 2,
# 93–94 ↔ 7–8, ..., 51–55 ↔ 46–50), which is 101 − x: an average of 30 reads the 67–72 row (its 29–34 side).
TABLE_5B_4X100: tuple[ToleranceRow, ...] = (
    ToleranceRow(99, 99, 5),
    ToleranceRow(98, 98, 6),
    ToleranceRow(97, 97, 7),
    ToleranceRow(96, 96, 8),
    ToleranceRow(95, 95, 9),
    ToleranceRow(93, 94, 10),
    ToleranceRow(91, 92, 11),
    ToleranceRow(89, 90, 12),
    ToleranceRow(87, 88, 13),
    ToleranceRow(84, 86, 14),
    ToleranceRow(81, 83, 15),
    ToleranceRow(78, 80, 16),
    ToleranceRow(73, 77, 17),
    ToleranceRow(67, 72, 18),
    TOLERANCE_56_TO_66,
    TOLERANCE_51_TO_55,
)


@dataclass(frozen=True, slots=True)
class GerminationResult:
    """A germination test as reported. Percentages are whole numbers; the five categories sum to 100."""

    replicates: int
    seeds_per_replicate: int
    seeds_tested: int
    normal: int
    abnormal: int
    hard: int
    fresh: int
    dead: int
    germination_percent: int
    viable_percent: int
    viable_categories: tuple[SeedCategory, ...]
    replicate_percentages: tuple[int, ...]  # normal seedlings of each replicate as tested
    compared_percentages: tuple[int, ...]  # the replicates whose range was judged (after combining)
    replicate_range: int
    tolerance: int | None
    tolerance_basis: ToleranceBasis
    retest_required: bool
    notes: tuple[str, ...]


def round_half_up(value: Fraction | int | float) -> int:
    """Nearest whole number, halves upwards (76.5 → 77), unlike ``round``'s halves-to-even (76.5 → 76).

    A float is read as the decimal it prints as (``str``), so a figure typed as 84.5 is a half.
    """
    exact = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    return math.floor(exact + Fraction(1, 2))


def replicate_tolerance(average_percent: int) -> int:
    """The largest range Table 5B (4×100) tolerates for a whole-number average germination.

    Averages of 100, 1 and 0 are off the table; there no four 100-seed replicates can differ by more than 5,
    so the outermost row (99 ↔ 2, tolerance 5) is applied and never fails a test.
    """
    if not 0 <= average_percent <= 100:
        raise GerminationInputError("average_percent", f"{average_percent} is not a percentage (0–100)")
    for row in TABLE_5B_4X100:
        if row.covers(average_percent):
            return row.tolerance
    return TABLE_5B_4X100[0].tolerance


def evaluate_germination_test(
    replicates: Sequence[Replicate],
    *,
    fresh_confirmed_viable: bool = False,
    hard_confirmed_viable: bool = False,
) -> GerminationResult:
    """Report a test from its replicate counts; raise `GerminationInputError` naming the bad field."""
    counted = _checked_counts(replicates)
    seeds = replicates[0].seeds
    seeds_tested = seeds * len(replicates)
    totals = {category: sum(counts[category] for counts in counted) for category in SeedCategory}
    reported = _reported_percentages(totals, seeds_tested)

    viable_categories = [SeedCategory.NORMAL]
    if fresh_confirmed_viable:
        viable_categories.append(SeedCategory.FRESH)
    if hard_confirmed_viable:
        viable_categories.append(SeedCategory.HARD)
    viable_percent = sum(reported[category] for category in viable_categories)

    # Every replicate size divides 100, so a replicate's percentage is always whole.
    replicate_percentages = tuple(counts[SeedCategory.NORMAL] * (100 // seeds) for counts in counted)
    per_combined = SEEDS_PER_COMBINED_REPLICATE // seeds
    notes: list[str] = []
    if len(replicates) * seeds == SEEDS_PER_COMBINED_REPLICATE * REPLICATES_IN_TABLE_5B:
        compared = tuple(
            sum(counts[SeedCategory.NORMAL] for counts in counted[start : start + per_combined])
            for start in range(0, len(counted), per_combined)
        )
        if per_combined == 1:
            basis = ToleranceBasis.FOUR_BY_HUNDRED
        else:
            basis = ToleranceBasis.COMBINED_TO_FOUR_BY_HUNDRED
            notes.append(
                f"{len(replicates)}×{seeds} replicates were combined in the order given into four 100-seed "
                "replicates for the Table 5B check"
            )
        tolerance: int | None = replicate_tolerance(reported[SeedCategory.NORMAL])
    else:
        compared = replicate_percentages
        basis = ToleranceBasis.NONE
        tolerance = None
        notes.append(
            f"ISTA Table 5B is for four replicates of 100 seeds; {len(replicates)}×{seeds} is not checked "
            "for replicate agreement (the range is given for information)"
        )
    replicate_range = max(compared) - min(compared)
    retest_required = tolerance is not None and replicate_range > tolerance
    if retest_required:
        notes.append(
            f"replicates range over {replicate_range} points, more than the {tolerance} tolerated at "
            f"{reported[SeedCategory.NORMAL]} % germination: repeat the test"
        )

    return GerminationResult(
        replicates=len(replicates),
        seeds_per_replicate=seeds,
        seeds_tested=seeds_tested,
        normal=reported[SeedCategory.NORMAL],
        abnormal=reported[SeedCategory.ABNORMAL],
        hard=reported[SeedCategory.HARD],
        fresh=reported[SeedCategory.FRESH],
        dead=reported[SeedCategory.DEAD],
        germination_percent=reported[SeedCategory.NORMAL],
        viable_percent=viable_percent,
        viable_categories=tuple(viable_categories),
        replicate_percentages=replicate_percentages,
        compared_percentages=compared,
        replicate_range=replicate_range,
        tolerance=tolerance,
        tolerance_basis=basis,
        retest_required=retest_required,
        notes=tuple(notes),
    )


def _checked_counts(replicates: Sequence[Replicate]) -> list[dict[SeedCategory, int]]:
    """Each replicate's five counts (dead filled in when left out), or the first fault found, by field."""
    if not MIN_REPLICATES <= len(replicates) <= MAX_REPLICATES:
        raise GerminationInputError(
            "replicates", f"a test has {MIN_REPLICATES}–{MAX_REPLICATES} replicates, not {len(replicates)}"
        )
    sizes = ", ".join(str(size) for size in REPLICATE_SIZES)
    counted: list[dict[SeedCategory, int]] = []
    for index, replicate in enumerate(replicates):
        path = f"replicates[{index}]"
        seeds = replicate.seeds
        if not _is_count(seeds) or seeds not in REPLICATE_SIZES:
            raise GerminationInputError(f"{path}.seeds", f"a replicate has {sizes} seeds, not {seeds!r}")
        if seeds != replicates[0].seeds:
            raise GerminationInputError(
                f"{path}.seeds",
                f"all replicates must be the same size: {seeds} here, {replicates[0].seeds} in the first",
            )
        counts: dict[SeedCategory, int] = {}
        for category in SeedCategory:
            value = getattr(replicate, category.value)
            if value is None and category is SeedCategory.DEAD:
                continue
            if not _is_count(value) or value < 0:
                raise GerminationInputError(f"{path}.{category}", f"a count is a whole number ≥ 0, not {value!r}")
            if value > seeds:
                raise GerminationInputError(f"{path}.{category}", f"{value} is more than the {seeds} seeds sown")
            counts[category] = value
        total = sum(counts.values())
        if total > seeds:
            raise GerminationInputError(path, f"the counts add up to {total}, more than the {seeds} seeds sown")
        if SeedCategory.DEAD not in counts:
            counts[SeedCategory.DEAD] = seeds - total
        elif total != seeds:
            raise GerminationInputError(path, f"the counts add up to {total} of the {seeds} seeds sown")
        counted.append(counts)
    return counted


def _is_count(value: object) -> bool:
    # bool is an int to Python, never a count to a seed analyst
    return isinstance(value, int) and not isinstance(value, bool)


def _reported_percentages(totals: dict[SeedCategory, int], seeds_tested: int) -> dict[SeedCategory, int]:
    exact = {category: Fraction(100 * count, seeds_tested) for category, count in totals.items()}
    reported = {SeedCategory.NORMAL: round_half_up(exact[SeedCategory.NORMAL])}
    others = [category for category in SeedCategory if category is not SeedCategory.NORMAL]
    for category in others:
        reported[category] = math.floor(exact[category])
    # Never negative and never more than the categories with a fraction: the rounding errors sum to under one each.
    missing = 100 - sum(reported.values())
    by_remainder = sorted(
        others, key=lambda category: (reported[category] - exact[category], -exact[category], others.index(category))
    )
    for category in by_remainder[:missing]:
        reported[category] += 1
    return reported
