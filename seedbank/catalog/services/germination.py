"""Germination tests: recording them (seeds off the ledger, results computed the ISTA way), their
history, and each lot's viability outlook."""

from __future__ import annotations

import datetime as dt

import msgspec

from seedbank.accounts.policy import Action, require, require_login
from seedbank.accounts.principal import Principal
from seedbank.audit import services as audit
from seedbank.catalog.germination import Replicate, evaluate_germination_test
from seedbank.catalog.schemas_germination import (
    ConstantsRead,
    GerminationTestCreate,
    GerminationTestRead,
    LotViabilityRead,
    PlanReasonRead,
    TestSummary,
)
from seedbank.catalog.services.ledger import Posting, post_entry
from seedbank.catalog.services.plans import plan_inputs, plan_of, refresh_plan
from seedbank.catalog.tables import GerminationTest
from seedbank.catalog.viability import ConstantsChoice
from seedbank.catalog.vocabulary import EntryKind, LotStatus
from seedbank.contracts import Page
from seedbank.db import Database, Row, insert_row
from seedbank.errors import InvalidInput, InvalidState, NotFound
from seedbank.pagination import decode_cursor, encode_cursor

__all__ = ["constants_read", "get_test", "list_tests", "lot_viability", "record_test"]

_COLUMNS = (
    "id, lot AS lot_id, started_on, ended_on, method, substrate, temperature, seeds_per_replicate, seeds_tested, "
    "replicates, fresh_confirmed_viable, hard_confirmed_viable, normal_pct, abnormal_pct, hard_pct, fresh_pct, "
    "dead_pct, germination_pct, viable_pct, replicate_percentages, replicate_range, tolerance, tolerance_basis, "
    "retest_required, notes, ledger_entry AS ledger_entry_id, analyst, remarks, created_at"
)


def _read(row: Row) -> GerminationTestRead:
    values = dict(row)
    values["replicates"] = msgspec.json.decode(row["replicates"])
    values["replicate_percentages"] = msgspec.json.decode(row["replicate_percentages"])
    values["notes"] = msgspec.json.decode(row["notes"]) if row["notes"] else []
    for category in ("normal", "abnormal", "hard", "fresh", "dead", "germination", "viable"):
        values[f"{category}_percent"] = values.pop(f"{category}_pct")
    return msgspec.convert(values, GerminationTestRead)


def _check_dates(data: GerminationTestCreate, today: dt.date) -> None:
    if data.ended_on < data.started_on:
        raise InvalidInput("a test ends on or after the day it starts", field="ended_on")
    if data.ended_on > today:
        raise InvalidInput(f"{data.ended_on.isoformat()} is in the future: record a test once read", field="ended_on")


async def record_test(db: Database, actor: Principal, lot_id: int, data: GerminationTestCreate) -> GerminationTestRead:
    """Record a finished test: its seeds leave the lot's stock as a test-use entry, in the same transaction."""
    require_login(actor)
    now = dt.datetime.now(dt.UTC)
    _check_dates(data, now.date())
    result = evaluate_germination_test(
        [Replicate(r.seeds, r.normal, r.abnormal, r.hard, r.fresh, r.dead) for r in data.replicates],
        fresh_confirmed_viable=data.fresh_confirmed_viable,
        hard_confirmed_viable=data.hard_confirmed_viable,
    )
    async with db.write():
        lot = await db.fetch_one("SELECT id, custodian, status FROM lot WHERE id = {}", lot_id)
        if lot is None:
            raise NotFound(f"there is no lot {lot_id}", field="lot_id")
        require(actor, Action.LOT_WRITE, (lot["custodian"],))
        if lot["status"] == LotStatus.DEACCESSIONED:
            raise InvalidState(f"lot {lot_id} is deaccessioned", field="lot_id")
        try:
            entry = await post_entry(
                db,
                actor,
                Posting(lot_id, EntryKind.TEST_USE, -result.seeds_tested, "germination test", data.analyst),
                now,
            )
        except InvalidState:
            raise InvalidState(
                f"the lot holds fewer available seeds than the {result.seeds_tested} this test used", field="replicates"
            ) from None
        counts = [msgspec.to_builtins(replicate) for replicate in data.replicates]
        test_id = await insert_row(
            GerminationTest,
            {
                "lot": lot_id,
                "started_on": data.started_on,
                "ended_on": data.ended_on,
                "method": data.method,
                "substrate": data.substrate,
                "temperature": data.temperature,
                "seeds_per_replicate": result.seeds_per_replicate,
                "replicates": msgspec.json.encode(counts).decode(),
                "fresh_confirmed_viable": data.fresh_confirmed_viable,
                "hard_confirmed_viable": data.hard_confirmed_viable,
                "normal_pct": result.normal,
                "abnormal_pct": result.abnormal,
                "hard_pct": result.hard,
                "fresh_pct": result.fresh,
                "dead_pct": result.dead,
                "germination_pct": result.germination_percent,
                "viable_pct": result.viable_percent,
                "replicate_percentages": msgspec.json.encode(list(result.replicate_percentages)).decode(),
                "replicate_range": result.replicate_range,
                "tolerance": result.tolerance,
                "tolerance_basis": str(result.tolerance_basis),
                "retest_required": result.retest_required,
                "notes": msgspec.json.encode(list(result.notes)).decode() if result.notes else None,
                "seeds_tested": result.seeds_tested,
                "ledger_entry": entry.id,
                "analyst": data.analyst,
                "remarks": data.remarks,
                "created_at": now,
            },
        )
        await audit.created(db, actor, "germination_test", test_id, now)
        await refresh_plan(db, lot_id, now.date())
    return await get_test(db, test_id)


async def get_test(db: Database, test_id: int) -> GerminationTestRead:
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM germination_test WHERE id = {{}}", test_id)
    if row is None:
        raise NotFound(f"there is no germination test {test_id}", field="test_id")
    return _read(row)


async def list_tests(db: Database, lot_id: int, *, cursor: str | None, limit: int) -> Page[GerminationTestRead]:
    """A lot's tests in the order they were recorded."""
    if await db.fetch_value("SELECT id FROM lot WHERE id = {}", lot_id) is None:
        raise NotFound(f"there is no lot {lot_id}", field="lot_id")
    after = decode_cursor(cursor, int)[0] if cursor else 0
    rows = await db.fetch(
        f"SELECT {_COLUMNS} FROM germination_test WHERE lot = {{}} AND id > {{}} ORDER BY id LIMIT {{}}",
        lot_id,
        after,
        limit + 1,
    )
    page = rows[:limit]
    return Page(items=[_read(row) for row in page], next=encode_cursor(page[-1]["id"]) if len(rows) > limit else None)


def constants_read(choice: ConstantsChoice) -> ConstantsRead:
    c = choice.constants
    return ConstantsRead(
        species=c.species, ke=c.ke, cw=c.cw, ch=c.ch, cq=c.cq, reference=c.reference, source=str(choice.source),
        rule=choice.rule,
    )  # fmt: skip


async def lot_viability(db: Database, lot_id: int) -> LotViabilityRead:
    """Initial and latest germination, threshold, predicted viability today, the dates ahead, and why."""
    today = dt.date.today()
    inputs = await plan_inputs(db, lot_id, today)
    if inputs is None:
        raise NotFound(f"there is no lot {lot_id}", field="lot_id")
    plan = plan_of(inputs)
    facts = inputs.facts
    temperature = facts.storage_temperature_c if facts else None
    base = {
        "lot_id": lot_id,
        "species": inputs.lot["full_name"],
        "storage_temperature_c": temperature,
        "storage_temperature_assumed": inputs.temperature_assumed,
        "storage_moisture_percent": inputs.lot["moisture_content_pct"],
        "seeds_on_hand": int(inputs.lot["on_hand"]),
    }
    if plan is None or facts is None:
        stored_due = await db.fetch_value("SELECT next_test_due FROM lot WHERE id = {}", lot_id)
        why = "the last test must be repeated" if inputs.has_inconclusive_test else "no conclusive test yet"
        return LotViabilityRead(
            **base,
            initial=None,
            latest=None,
            regeneration_threshold_percent=None,
            predicted_viability_percent=None,
            prediction_flags=[],
            constants=None,
            threshold_date=None,
            next_test_due=stored_due,
            reserve_seeds=None,
            regeneration_due=False,
            reasons=[],
            notes=[PlanReasonRead("no-germination-test", f"{why}: test the lot")],
        )
    today_prediction = plan.viability_today
    return LotViabilityRead(
        **base,
        initial=TestSummary(round(facts.initial_germination_percent), facts.initial_test_date),
        latest=TestSummary(round(plan.last_germination_percent), plan.last_test_date),
        regeneration_threshold_percent=plan.threshold_percent,
        predicted_viability_percent=round(today_prediction.viability_percent, 1) if today_prediction else None,
        prediction_flags=[str(flag) for flag in today_prediction.flags] if today_prediction else [],
        constants=constants_read(plan.constants) if plan.constants else None,
        threshold_date=plan.threshold_date,
        next_test_due=plan.next_test_due,
        reserve_seeds=plan.reserve_seeds,
        regeneration_due=plan.regeneration.due,
        reasons=[PlanReasonRead(str(r.code), r.message) for r in plan.regeneration.reasons],
        notes=[PlanReasonRead(str(n.code), n.message) for n in plan.notes],
    )
