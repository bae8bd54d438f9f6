"""Wire contracts of germination tests, lot viability, what-if predictions and the due lists."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from seedbank.catalog.germination import MAX_REPLICATES, MIN_REPLICATES
from seedbank.contracts import ShortText, Text, single_line

__all__ = [
    "ConstantsRead",
    "GerminationTestCreate",
    "GerminationTestRead",
    "LotDueRead",
    "LotViabilityRead",
    "PlanReasonRead",
    "PredictionRead",
    "ReplicateCounts",
    "TestSummary",
]

Count = Annotated[int, Meta(ge=0, le=100)]


class ReplicateCounts(Struct, forbid_unknown_fields=True):
    """One replicate: how its seeds ended. ``dead`` may be left out: every seed not counted elsewhere."""

    seeds: Annotated[int, Meta(ge=25, le=100, description="25, 50 or 100 seeds, the same for every replicate")]
    normal: Count
    abnormal: Count = 0
    hard: Count = 0
    fresh: Count = 0
    dead: Count | None = None


class GerminationTestCreate(Struct, forbid_unknown_fields=True):
    """A finished germination test; its seeds are taken off the lot's stock as a test-use entry."""

    started_on: dt.date
    ended_on: dt.date
    replicates: Annotated[list[ReplicateCounts], Meta(min_length=MIN_REPLICATES, max_length=MAX_REPLICATES)]
    method: Annotated[str, single_line(64)] | None = None
    substrate: Annotated[str, single_line(64)] | None = None
    temperature: Annotated[str, single_line(32, description='e.g. "20 °C" or "20/30 °C"')] | None = None
    fresh_confirmed_viable: bool = False
    hard_confirmed_viable: bool = False
    analyst: ShortText | None = None
    remarks: Text | None = None


class GerminationTestRead(Struct):
    id: int
    lot_id: int
    started_on: dt.date
    ended_on: dt.date
    method: str | None
    substrate: str | None
    temperature: str | None
    seeds_per_replicate: int
    seeds_tested: int
    replicates: list[ReplicateCounts]
    fresh_confirmed_viable: bool
    hard_confirmed_viable: bool
    normal_percent: int
    abnormal_percent: int
    hard_percent: int
    fresh_percent: int
    dead_percent: int
    germination_percent: int
    viable_percent: int
    replicate_percentages: list[int]
    replicate_range: int
    tolerance: int | None
    tolerance_basis: str
    retest_required: bool
    notes: list[str]
    ledger_entry_id: int | None
    analyst: str | None
    remarks: str | None
    created_at: dt.datetime


class ConstantsRead(Struct):
    """The viability constants a prediction used, and where they come from."""

    species: str
    ke: float
    cw: float
    ch: float
    cq: float
    reference: str | None
    source: str  # published, published-for-broader-name, declared
    rule: str


class PlanReasonRead(Struct):
    code: str
    message: str


class TestSummary(Struct):
    percent: int
    test_date: dt.date


class LotViabilityRead(Struct):
    """A lot's germination history in brief and its outlook, with the reasons."""

    lot_id: int
    species: str
    initial: TestSummary | None
    latest: TestSummary | None
    regeneration_threshold_percent: int | None
    storage_temperature_c: float | None
    storage_temperature_assumed: bool
    storage_moisture_percent: float | None
    predicted_viability_percent: float | None
    prediction_flags: list[str]
    constants: ConstantsRead | None
    threshold_date: dt.date | None
    next_test_due: dt.date | None
    seeds_on_hand: int
    reserve_seeds: int | None
    regeneration_due: bool
    reasons: list[PlanReasonRead]
    notes: list[PlanReasonRead]


class PredictionRead(Struct):
    """The answer to one what-if question about stored seed."""

    question: str  # viability-after, days-to, moisture-needed, temperature-needed
    species: str
    constants: ConstantsRead
    initial_percent: float
    viability_percent: float | None = None
    days: float | None = None
    years: float | None = None
    moisture_percent: float | None = None
    temperature_c: float | None = None
    flags: list[str] = msgspec.field(default_factory=list)
    message: str | None = None


class LotDueRead(Struct):
    """A lot on a due list, with what makes it due."""

    lot_id: int
    lot_code: str
    accession_id: int
    accession_number: str
    taxon: str
    crop_name: str | None
    custodian_id: int
    custodian_name: str
    state: str | None
    on_hand: int
    latest_germination_percent: int | None
    latest_test_date: dt.date | None
    regeneration_threshold_percent: int | None
    reserve_seeds: int | None
    next_test_due: dt.date | None
    reasons: list[str]
