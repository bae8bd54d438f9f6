"""Each lot's germination plan, kept on the lot row so the due lists are one indexed query.

The plan (initial and latest conclusive germination, regeneration threshold, seeds the reserved
sowings need, next test, predicted threshold date) changes only when a test is recorded, the
lot's storage changes, or its crop's regeneration settings change; those services call
``refresh_plan``. Time passing needs no refresh: the plan holds dates, and "due" compares them
with today. Stock moving needs none either: the stock trigger (on_hand < reserve_seeds) is
evaluated by the query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from seedbank.catalog.regeneration import BreedingSystem, LotFacts, RegenerationPlan, plan_regeneration
from seedbank.catalog.viability import ViabilityConstants
from seedbank.catalog.vocabulary import StorageCondition
from seedbank.db import Database, Row

__all__ = [
    "FIRST_TEST_WITHIN_DAYS",
    "NOMINAL_TEMPERATURE_C",
    "PlanInputs",
    "plan_inputs",
    "refresh_plan",
    "refresh_plans_of_taxon",
]

# When a lot's own storage temperature is not recorded: base and active collections at their
# standard settings (DOMAIN.md; active taken at the warm end of 5–10 °C, to err early), ambient
# at a lowland Venezuelan room. None: no prediction.
NOMINAL_TEMPERATURE_C: dict[str, float | None] = {
    StorageCondition.BASE: -18.0,
    StorageCondition.ACTIVE: 10.0,
    StorageCondition.AMBIENT: 25.0,
    StorageCondition.OTHER: None,
}
FIRST_TEST_WITHIN_DAYS = 365  # FAO Genebank Standards: test within 12 months of receipt

_LOT = (
    "SELECT l.id, l.on_hand, l.storage_condition, l.storage_temperature_c, l.moisture_content_pct, "
    "l.created_at AS lot_created_at, t.full_name, t.species, t.breeding_system, t.regeneration_plants, "
    "t.monitoring_years, t.viability_ke, t.viability_cw, t.viability_ch, t.viability_cq "
    "FROM lot l JOIN accession a ON a.id = l.accession JOIN taxon t ON t.id = a.taxon WHERE l.id = {}"
)
# Conclusive tests only (no retest required), oldest first by the day they ended.
_TESTS = (
    "SELECT germination_pct, ended_on FROM germination_test "
    "WHERE lot = {} AND retest_required = {} ORDER BY ended_on, id"
)


@dataclass(frozen=True, slots=True)
class PlanInputs:
    """What the planner is given for one lot, and what was assumed to give it."""

    lot: Row
    species: str
    facts: LotFacts | None  # None until the lot has a conclusive test
    declared: ViabilityConstants | None
    temperature_assumed: bool
    has_inconclusive_test: bool


def _date(value: object) -> dt.date:
    """A stored date or timestamp as a day (drivers hand back dates, timestamps or ISO text)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


async def plan_inputs(db: Database, lot_id: int, today: dt.date) -> PlanInputs | None:
    lot = await db.fetch_one(_LOT, lot_id)
    if lot is None:
        return None
    tests = await db.fetch(_TESTS, lot_id, False)
    inconclusive = await db.fetch_value(
        "SELECT COUNT(*) FROM germination_test WHERE lot = {} AND retest_required = {}", lot_id, True
    )
    temperature = lot["storage_temperature_c"]
    assumed = temperature is None
    if assumed:
        temperature = NOMINAL_TEMPERATURE_C.get(lot["storage_condition"])
    declared = None
    if lot["viability_ke"] is not None:
        declared = ViabilityConstants(
            species=lot["full_name"],
            ke=lot["viability_ke"],
            cw=lot["viability_cw"],
            ch=lot["viability_ch"],
            cq=lot["viability_cq"],
            reference="declared for the crop",
        )
    species = lot["full_name"] if lot["species"] else ""  # "Capsicum sp." names no species: no prediction
    facts = None
    if tests:
        first, last = tests[0], tests[-1]
        facts = LotFacts(
            initial_germination_percent=first["germination_pct"],
            initial_test_date=_date(first["ended_on"]),
            latest_germination_percent=last["germination_pct"] if len(tests) > 1 else None,
            latest_test_date=_date(last["ended_on"]) if len(tests) > 1 else None,
            seeds_on_hand=int(lot["on_hand"]),
            today=today,
            storage_temperature_c=temperature,
            storage_moisture_percent=lot["moisture_content_pct"],
            species=species or None,
            breeding_system=BreedingSystem(lot["breeding_system"]) if lot["breeding_system"] else None,
            regeneration_plants=lot["regeneration_plants"],
            monitoring_years=lot["monitoring_years"],
        )
    return PlanInputs(lot, species, facts, declared, assumed and temperature is not None, bool(inconclusive))


def plan_of(inputs: PlanInputs) -> RegenerationPlan | None:
    return plan_regeneration(inputs.facts, declared_constants=inputs.declared) if inputs.facts else None


async def refresh_plan(db: Database, lot_id: int, today: dt.date) -> RegenerationPlan | None:
    """Recompute and store a lot's plan (inside the caller's write transaction)."""
    inputs = await plan_inputs(db, lot_id, today)
    if inputs is None:
        return None
    plan = plan_of(inputs)
    facts = inputs.facts
    if plan is None or facts is None:
        received = _date(inputs.lot["lot_created_at"])
        # Never tested: the first test falls due a year after the lot came in; a failed test wants redoing now.
        next_due = today if inputs.has_inconclusive_test else received + dt.timedelta(days=FIRST_TEST_WITHIN_DAYS)
        values: tuple[object, ...] = (None, None, None, None, None, None, next_due, None)
    else:
        values = (
            round(facts.initial_germination_percent),
            facts.initial_test_date,
            round(plan.last_germination_percent),
            plan.last_test_date,
            plan.threshold_percent,
            plan.reserve_seeds,
            today if inputs.has_inconclusive_test and plan.next_test_due is None else plan.next_test_due,
            plan.threshold_date,
        )
    await db.fetch(
        "UPDATE lot SET initial_germination_pct = {}, initial_test_date = {}, latest_germination_pct = {}, "
        "latest_test_date = {}, regeneration_threshold_pct = {}, reserve_seeds = {}, next_test_due = {}, "
        "threshold_date = {} WHERE id = {}",
        *values,
        lot_id,
    )
    return plan


async def refresh_plans_of_taxon(db: Database, taxon_id: int, today: dt.date) -> None:
    lots = await db.fetch("SELECT l.id FROM lot l JOIN accession a ON a.id = l.accession WHERE a.taxon = {}", taxon_id)
    for lot in lots:
        await refresh_plan(db, int(lot["id"]), today)
