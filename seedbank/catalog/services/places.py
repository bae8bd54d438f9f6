"""Placing custodians from their place names: the geocoder (Nominatim), else the offline gazetteer.

The network is never asked inside a write transaction: the place is found first, then one short
transaction writes the coordinates, their source and precision, and the audit event. A failed
geocode changes nothing. The geocoder's answers are cached in the database (``geocode_answer``),
so no query goes to Nominatim twice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from seedbank.accounts.policy import Action, require, require_login
from seedbank.accounts.principal import SYSTEM, Principal
from seedbank.audit import services as audit
from seedbank.catalog.gazetteer import PRECISIONS, default_gazetteer, locate_place
from seedbank.catalog.geocoding import (
    GeocoderBadAnswer,
    GeocodeResult,
    GeocoderRejected,
    GeocoderUnreachable,
    NominatimGeocoder,
)
from seedbank.catalog.map_schemas import CustodianPlacement, GeocodeFailure, GeocodeRun
from seedbank.catalog.services.custodians import get_custodian
from seedbank.catalog.tables import Custodian
from seedbank.catalog.vocabulary import CoordinatePrecision, CoordinateSource
from seedbank.db import Database, Row, update_row
from seedbank.errors import Conflict, DomainError, InvalidInput, InvalidState, NotFound, UpstreamError
from seedbank.settings import GEOCODER_OFF, Settings

__all__ = [
    "DatabaseGeocodeCache",
    "Placement",
    "build_geocoder",
    "geocode_custodian",
    "geocode_missing",
    "locate_custodian",
]

_PLACE_FIELDS = ("state", "municipality", "parish", "address")
# Coordinates someone measured or chose: a geocoded guess replaces them only when asked to.
_KEPT_SOURCES = frozenset({CoordinateSource.GPS, CoordinateSource.MANUAL})
# Rejections in a row after which a batch stops asking the geocoder.
_REJECTIONS_BEFORE_GIVING_UP = 3
# How long an HTTP request waits for the geocoder (queued behind its rate limit, or held off by a 429's
# Retry-After) before the gazetteer answers instead.
REQUEST_BUDGET_S = 30.0


class DatabaseGeocodeCache:
    """The ``GeocodeCache`` the app uses: one row per normalised query in ``geocode_answer``."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, query: str) -> GeocodeResult | None:
        row = await self.db.fetch_one(
            "SELECT latitude, longitude, display_name, precision, attribution FROM geocode_answer WHERE query = {}",
            query,
        )
        if row is None or row["precision"] not in PRECISIONS:
            return None
        return GeocodeResult(
            latitude=row["latitude"],
            longitude=row["longitude"],
            display_name=row["display_name"],
            precision=row["precision"],
            query=query,
            attribution=row["attribution"],
        )

    async def put(self, query: str, result: GeocodeResult) -> None:
        async with self.db.write():
            await self.db.fetch(
                "INSERT INTO geocode_answer (query, latitude, longitude, display_name, precision, attribution, "
                "created_at) VALUES ({}, {}, {}, {}, {}, {}, {}) ON CONFLICT (query) DO UPDATE SET "
                "latitude = excluded.latitude, longitude = excluded.longitude, display_name = excluded.display_name, "
                "precision = excluded.precision, attribution = excluded.attribution, created_at = excluded.created_at",
                query,
                result.latitude,
                result.longitude,
                result.display_name,
                result.precision,
                result.attribution,
                dt.datetime.now(dt.UTC),
            )


def build_geocoder(settings: Settings, db: Database, client: httpx.AsyncClient) -> NominatimGeocoder | None:
    """The app's geocoder over this client, caching in this database; None when ``SEEDBANK_GEOCODER_URL=off``."""
    if settings.geocoder_url == GEOCODER_OFF:
        return None
    return NominatimGeocoder(client, base_url=settings.geocoder_url, cache=DatabaseGeocodeCache(db))


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a custodian's place names put it, by which source, and why the gazetteer was used if it was."""

    latitude: float
    longitude: float
    source: CoordinateSource
    precision: CoordinatePrecision
    place: str
    attribution: str | None = None
    note: str | None = None
    geocoder_unreachable: bool = False


def _describe(row: Row) -> str:
    return ", ".join(str(row[name]) for name in _PLACE_FIELDS if row.get(name)) or "no place"


def _unusable_field(row: Row) -> str:
    """The field to fix when nothing places a custodian: the state, unless it is one the gazetteer knows."""
    if not row.get("state") or default_gazetteer().canonical_state(row["state"]) is None:
        return "state"
    return next((name for name in ("municipality", "parish", "address") if row.get(name)), "state")


async def locate_custodian(geocoder: NominatimGeocoder | None, row: Row, *, budget_s: float | None = None) -> Placement:
    """Place a custodian (a row with its place fields) by the geocoder, else by the offline gazetteer.

    The geocoder is asked down to the precision the gazetteer already offers (no request is spent on
    what the gazetteer places as well), and its answer is taken when it is at least as precise.
    Raises ``InvalidInput`` (nothing to look up, or nothing found; naming the field to fix) and
    ``UpstreamError`` (the geocoder refused or answered nonsense; or could not be reached and the
    gazetteer does not know the place). A geocoder that has not answered within ``budget_s`` counts
    as unreachable.
    """
    state, municipality, parish, address = (row.get(name) for name in _PLACE_FIELDS)
    if not any((state, municipality, parish, address)):
        raise InvalidInput(
            f"custodian {row['id']} has no place to look up: give its state, municipality, parish or address",
            field="state",
        )
    known = locate_place(state, municipality, parish)
    unreachable: str | None = None
    if geocoder is None:
        note = "no geocoder is configured (SEEDBANK_GEOCODER_URL=off): placed by the offline gazetteer"
    else:
        try:
            async with asyncio.timeout(budget_s):
                found = await geocoder.geocode_place(
                    state, municipality, parish, address, down_to=known.precision if known else "state"
                )
        except GeocoderUnreachable as error:
            found, unreachable = None, str(error)
        except TimeoutError:
            found, unreachable = None, f"no answer within {budget_s:g} s"
        except GeocoderRejected as error:
            raise UpstreamError(f"the geocoder refused to answer: {error}") from error
        except GeocoderBadAnswer as error:
            raise UpstreamError(f"the geocoder's answer could not be read: {error}") from error
        if found is not None and (
            known is None or PRECISIONS.index(found.precision) <= PRECISIONS.index(known.precision)
        ):
            return Placement(
                latitude=found.latitude,
                longitude=found.longitude,
                source=CoordinateSource.GEOCODED,
                precision=CoordinatePrecision(found.precision),
                place=found.display_name,
                attribution=found.attribution,
            )
        if unreachable is not None:
            note = f"the geocoder could not be reached ({unreachable}): placed by the offline gazetteer"
        elif found is not None:
            note = f"the geocoder placed it only to the {found.precision}: the offline gazetteer places it closer"
        else:
            note = "the geocoder found nothing: placed by the offline gazetteer"
    if known is not None:
        names = ", ".join(part for part in (known.parish, known.municipality, known.state) if part)
        return Placement(
            latitude=known.latitude,
            longitude=known.longitude,
            source=CoordinateSource.GAZETTEER,
            precision=CoordinatePrecision(known.precision),
            place=f"{known.place} ({names})",
            note=note,
            geocoder_unreachable=unreachable is not None,
        )
    if unreachable is not None:
        raise UpstreamError(
            f"the geocoder could not be reached ({unreachable}), and the offline gazetteer knows no place "
            f"named {_describe(row)}"
        )
    raise InvalidInput(
        f"no place found for {_describe(row)}: check the spelling of the state, municipality and parish",
        field=_unusable_field(row),
    )


async def _geocode(
    db: Database,
    actor: Principal,
    geocoder: NominatimGeocoder | None,
    custodian_id: int,
    *,
    replace: bool,
    budget_s: float | None,
) -> tuple[CustodianPlacement, bool]:
    require_login(actor)
    row = await audit.snapshot(db, "custodian", custodian_id)
    if row is None:
        raise NotFound(f"there is no custodian {custodian_id}", field="custodian_id")
    require(actor, Action.CUSTODIAN_UPDATE, (custodian_id,))
    if row["latitude"] is not None and row["coordinate_source"] in _KEPT_SOURCES and not replace:
        raise InvalidState(
            f"custodian {custodian_id} has coordinates from {row['coordinate_source']}: a geocoded place would "
            "replace them with a guess from its names; ask with replace=true to do it anyway",
            field="replace",
        )
    placement = await locate_custodian(geocoder, row, budget_s=budget_s)
    now = dt.datetime.now(dt.UTC)
    async with db.write():
        before = await audit.snapshot(db, "custodian", custodian_id)
        if before is None:
            raise NotFound(f"there is no custodian {custodian_id}", field="custodian_id")
        if any(before[name] != row[name] for name in _PLACE_FIELDS):
            raise Conflict(f"custodian {custodian_id}'s place changed while it was being looked up: try again")
        await update_row(
            Custodian,
            custodian_id,
            {
                "latitude": placement.latitude,
                "longitude": placement.longitude,
                "coordinate_source": str(placement.source),
                "coordinate_precision": str(placement.precision),
                "updated_at": now,
            },
        )
        await audit.updated(db, actor, "custodian", custodian_id, before, now)
    answer = CustodianPlacement(
        custodian=await get_custodian(db, custodian_id, actor),
        source="geocoded" if placement.source is CoordinateSource.GEOCODED else "gazetteer",
        precision=placement.precision,
        place=placement.place,
        attribution=placement.attribution,
        note=placement.note,
    )
    return answer, placement.geocoder_unreachable


async def geocode_custodian(
    db: Database,
    actor: Principal,
    geocoder: NominatimGeocoder | None,
    custodian_id: int,
    *,
    replace: bool = False,
    budget_s: float | None = REQUEST_BUDGET_S,
) -> CustodianPlacement:
    """Place a custodian from its state, municipality, parish and address, and store where and how.

    Coordinates from GPS or typed by hand are kept unless ``replace``; the change is audited like an
    update. When the geocoder cannot be reached the offline gazetteer places it, and the answer says so.
    """
    answer, _ = await _geocode(db, actor, geocoder, custodian_id, replace=replace, budget_s=budget_s)
    return answer


async def geocode_missing(
    db: Database,
    geocoder: NominatimGeocoder | None,
    *,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[str], None] | None = None,
    actor: Principal = SYSTEM,
) -> GeocodeRun:
    """Place every custodian without coordinates (``seedbank geocode``): geocoded, from the gazetteer, or failed.

    Once the geocoder cannot be reached the rest are placed offline at once (no timeout each);
    after three rejections in a row it is not asked again, and the rest are reported as not tried.
    """
    missing = await db.fetch("SELECT id, name FROM custodian WHERE latitude IS NULL ORDER BY id")
    if on_start is not None:
        on_start(len(missing))
    run = GeocodeRun(missing=len(missing), geocoded=0, from_gazetteer=0, failed=[], offline=geocoder is None, notes=[])
    rejections: list[str] = []
    for row in missing:
        try:
            if len(rejections) >= _REJECTIONS_BEFORE_GIVING_UP:
                raise UpstreamError(
                    f"not tried: the geocoder refused {len(rejections)} times in a row ({rejections[-1]})"
                )
            answer, unreachable = await _geocode(db, actor, geocoder, row["id"], replace=False, budget_s=None)
        except DomainError as error:
            if isinstance(error, UpstreamError) and not error.message.startswith("not tried"):
                rejections.append(error.message)
            run.failed.append(
                GeocodeFailure(custodian_id=row["id"], name=row["name"], field=error.field, reason=error.message)
            )
        else:
            rejections.clear()
            if answer.source == "geocoded":
                run.geocoded += 1
            else:
                run.from_gazetteer += 1
            if unreachable and geocoder is not None:
                run.notes.append(f"{answer.note}; the rest were placed offline")
                geocoder, run.offline = None, True
        if on_progress is not None:
            on_progress(row["name"])
    return run
