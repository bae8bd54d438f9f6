"""HTTP glue for germination tests, lot viability, what-if predictions and the due lists."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, post
from litestar.params import JSONBody, QueryParameter

from seedbank.catalog.schemas_germination import (
    GerminationTestCreate,
    GerminationTestRead,
    LotDueRead,
    LotViabilityRead,
    PredictionRead,
)
from seedbank.catalog.services import due, germination, predictions
from seedbank.contracts import Page
from seedbank.http import Cursor, DatabaseDep, IdPath, IdQuery, Limit, PrincipalDep, QueryText, StateQuery, problems
from seedbank.pagination import DEFAULT_LIMIT

Percent = Annotated[float, QueryParameter(ge=0, le=100)]
OptionalPercent = Annotated[float | None, QueryParameter(ge=0, le=100)]
Days = Annotated[float | None, QueryParameter(ge=0, le=36_525, description="storage period in days (≤ 100 years)")]
Moisture = Annotated[float | None, QueryParameter(gt=0, lt=100, description="seed moisture, % fresh weight")]
Temperature = Annotated[float | None, QueryParameter(ge=-196, le=100, description="storage temperature, °C")]
Species = Annotated[str, QueryParameter(min_length=1, max_length=200, description='e.g. "Zea mays"')]
SetIndex = Annotated[int | None, QueryParameter(ge=0, le=100, description="which published set (from 0)")]
Reference = Annotated[str | None, QueryParameter(max_length=200, description="the set's reference")]
WithinDays = Annotated[int, QueryParameter(ge=0, le=3_650, description="also list tests due this many days ahead")]


class GerminationController(Controller):
    path = "/"
    tags = ("germination",)

    @post(
        "/lots/{lot_id:int}/germination-tests",
        operation_id="recordGerminationTest",
        responses=problems(403, 404, 409, 422),
    )
    async def record_test(
        self, db: DatabaseDep, principal: PrincipalDep, lot_id: IdPath, data: JSONBody[GerminationTestCreate]
    ) -> GerminationTestRead:
        """Record a finished germination test; its seeds leave the lot's stock as a test-use entry."""
        return await germination.record_test(db, principal, lot_id, data)

    @get("/lots/{lot_id:int}/germination-tests", operation_id="listGerminationTests", responses=problems(404, 422))
    async def list_tests(
        self, db: DatabaseDep, lot_id: IdPath, cursor: Cursor = None, limit: Limit = DEFAULT_LIMIT
    ) -> Page[GerminationTestRead]:
        """A lot's germination tests, in the order recorded."""
        return await germination.list_tests(db, lot_id, cursor=cursor, limit=limit)

    @get("/germination-tests/{test_id:int}", operation_id="getGerminationTest", responses=problems(404))
    async def get_test(self, db: DatabaseDep, test_id: IdPath) -> GerminationTestRead:
        """One germination test with its replicates and results."""
        return await germination.get_test(db, test_id)

    @get("/lots/{lot_id:int}/viability", operation_id="getLotViability", responses=problems(404, 422))
    async def lot_viability(self, db: DatabaseDep, lot_id: IdPath) -> LotViabilityRead:
        """A lot's germination, threshold, predicted viability today, next test and regeneration, with reasons."""
        return await germination.lot_viability(db, lot_id)

    @get("/viability/predict", operation_id="predictViability", responses=problems(422))
    async def predict(
        self,
        species: Species,
        initial: Percent,
        days: Days = None,
        target: OptionalPercent = None,
        moisture: Moisture = None,
        temperature: Temperature = None,
        constants_index: SetIndex = None,
        constants_reference: Reference = None,
    ) -> PredictionRead:
        """What-if: viability after a storage period, or the days, moisture or temperature a target needs."""
        question = predictions.WhatIf(
            species=species,
            initial=initial,
            days=days,
            target=target,
            moisture=moisture,
            temperature=temperature,
            constants_index=constants_index,
            constants_reference=constants_reference,
        )
        return predictions.answer(question)

    @get("/regeneration/due", operation_id="listRegenerationDue", responses=problems(422))
    async def regeneration_due(
        self,
        db: DatabaseDep,
        custodian_id: IdQuery = None,
        crop: QueryText = None,
        state_name: StateQuery = None,
        cursor: Cursor = None,
        limit: Limit = DEFAULT_LIMIT,
    ) -> Page[LotDueRead]:
        """Lots due for regeneration (germination below threshold, or stock below the reserve), most urgent first."""
        filters = due.DueFilter(custodian_id=custodian_id, crop=crop, state=state_name)
        return await due.regeneration_due(db, filters, cursor=cursor, limit=limit)

    @get("/germination-tests/due", operation_id="listGerminationTestsDue", responses=problems(422))
    async def tests_due(
        self,
        db: DatabaseDep,
        custodian_id: IdQuery = None,
        crop: QueryText = None,
        state_name: StateQuery = None,
        within_days: WithinDays = 0,
        cursor: Cursor = None,
        limit: Limit = DEFAULT_LIMIT,
    ) -> Page[LotDueRead]:
        """Lots whose germination test is due (or due within ``within_days``), the most overdue first."""
        filters = due.DueFilter(custodian_id=custodian_id, crop=crop, state=state_name)
        return await due.tests_due(db, filters, within_days=within_days, cursor=cursor, limit=limit)
