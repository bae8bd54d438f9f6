"""What-if questions about stored seed, answered by the viability equation (no database involved).

With ``days``: the viability after that many days. With a ``target`` instead: the days until the seed
falls to it. With both and no ``moisture``: the highest moisture that keeps the target
for the period; with both and no ``temperature``: the highest storage temperature that does.
"""

from __future__ import annotations

from dataclasses import dataclass

from msgspec.structs import replace

from seedbank.catalog.schemas_germination import PredictionRead
from seedbank.catalog.services.germination import constants_read
from seedbank.catalog.viability import (
    DAYS_PER_YEAR,
    choose_viability_constants,
    days_to_viability,
    moisture_for_storage,
    predict_viability,
    temperature_for_storage,
)
from seedbank.errors import InvalidInput

__all__ = ["WhatIf", "answer"]


@dataclass(frozen=True, slots=True, kw_only=True)
class WhatIf:
    species: str
    initial: float
    days: float | None = None
    target: float | None = None
    moisture: float | None = None
    temperature: float | None = None
    constants_index: int | None = None
    constants_reference: str | None = None


def _need(value: float | None, field: str, question: str) -> float:
    if value is None:
        raise InvalidInput(f"{question} needs {field}", field=field)
    return value


def answer(question: WhatIf) -> PredictionRead:
    choice = choose_viability_constants(
        question.species, set_index=question.constants_index, reference=question.constants_reference
    )
    if choice is None:
        raise InvalidInput(
            f"no viability constants are published for {question.species!r}: no prediction", field="species"
        )
    c, initial = choice.constants, question.initial
    asked = PredictionRead(
        question="", species=question.species, constants=constants_read(choice), initial_percent=initial
    )
    if question.target is None:
        days = _need(question.days, "days", "a prediction")
        moisture = _need(question.moisture, "moisture", "a prediction")
        temperature = _need(question.temperature, "temperature", "a prediction")
        result = predict_viability(
            c, initial_percent=initial, days=days, moisture_percent=moisture, temperature_c=temperature
        )
        return replace(
            asked,
            question="viability-after", viability_percent=round(result.viability_percent, 2), days=days,
            years=round(days / DAYS_PER_YEAR, 2), moisture_percent=moisture, temperature_c=temperature,
            flags=[str(f) for f in result.flags],
        )  # fmt: skip
    target = question.target
    if question.days is None:
        moisture = _need(question.moisture, "moisture", "how long until the target")
        temperature = _need(question.temperature, "temperature", "how long until the target")
        period = days_to_viability(
            c, initial_percent=initial, final_percent=target, moisture_percent=moisture, temperature_c=temperature
        )
        return replace(
            asked,
            question="days-to", viability_percent=target, days=round(period.days, 1),
            years=round(period.days / DAYS_PER_YEAR, 2), moisture_percent=moisture, temperature_c=temperature,
            flags=[str(f) for f in period.flags],
        )  # fmt: skip
    days = question.days
    if question.moisture is None:
        temperature = _need(question.temperature, "temperature", "the moisture needed")
        advice = moisture_for_storage(
            c, initial_percent=initial, final_percent=target, days=days, temperature_c=temperature
        )
        return replace(
            asked,
            question="moisture-needed", viability_percent=target, days=days,
            years=round(days / DAYS_PER_YEAR, 2), moisture_percent=advice.limit, temperature_c=temperature,
            flags=[str(f) for f in advice.flags], message=advice.message,
        )  # fmt: skip
    if question.temperature is None:
        advice = temperature_for_storage(
            c, initial_percent=initial, final_percent=target, days=days, moisture_percent=question.moisture
        )
        return replace(
            asked,
            question="temperature-needed", viability_percent=target, days=days,
            years=round(days / DAYS_PER_YEAR, 2), moisture_percent=question.moisture, temperature_c=advice.limit,
            flags=[str(f) for f in advice.flags], message=advice.message,
        )  # fmt: skip
    raise InvalidInput("with a target and days, leave out moisture or temperature: the one to work out", field="target")
