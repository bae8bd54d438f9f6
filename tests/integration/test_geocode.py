"""Placing custodians: coordinates with their provenance, the geocode endpoint over a mocked Nominatim (answers,
unreachable → gazetteer, refusals → 502 with nothing changed, nothing found → 422), and ``seedbank geocode``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from seedbank.accounts.roles import Role
from seedbank.app import create_app
from seedbank.catalog.geocoding import NominatimGeocoder, RateLimiter
from seedbank.catalog.services.places import DatabaseGeocodeCache
from seedbank.db import Database
from seedbank.settings import Settings
from tests.conftest import ClientFor, Engine
from tests.integration import factories as f

BIN = Path(sys.executable).parent
LICENCE = "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright"
# Nominatim 4.x's answer for "Caricuao, Libertador, Distrito Capital, Venezuela" (shortened).
CARICUAO = {
    "place_id": 308526541,
    "licence": LICENCE,
    "osm_type": "relation",
    "osm_id": 11189321,
    "lat": "10.4338021",
    "lon": "-66.9832174",
    "class": "boundary",
    "type": "administrative",
    "place_rank": 16,
    "addresstype": "city",
    "name": "Parroquia Caricuao",
    "display_name": "Parroquia Caricuao, Municipio Libertador, Distrito Capital, 1020, Venezuela",
    "address": {"city": "Parroquia Caricuao", "state": "Distrito Capital", "country_code": "ve"},
    "boundingbox": ["10.3991210", "10.4701586", "-67.0244707", "-66.9440365"],
}

Answer = Callable[[httpx.Request], httpx.Response]


class Nominatim:
    """A mocked Nominatim: each request gets ``answer(request)``; requests are kept."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.answer: Answer = lambda _: httpx.Response(200, json=[])

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answer(request)


@pytest.fixture
def nominatim() -> Nominatim:
    return Nominatim()


@pytest.fixture
async def transport(database: Database, settings: Settings, nominatim: Nominatim) -> AsyncIterator[httpx.ASGITransport]:
    """The app with a geocoder over the mocked Nominatim (no waiting between requests), caching in the database."""
    async with httpx.AsyncClient(transport=httpx.MockTransport(nominatim)) as outbound:
        geocoder = NominatimGeocoder(outbound, cache=DatabaseGeocodeCache(database), rate_limiter=RateLimiter(0.0))
        yield httpx.ASGITransport(app=create_app(settings, database=database, geocoder=geocoder))


def unreachable(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno 111] Connection refused", request=request)


async def _placeless(client: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    place = {"state": "Distrito Capital", "municipality": "Libertador", "parish": "Caricuao", **fields}
    return await f.custodian(client, latitude=None, longitude=None, **place)


# --- provenance on create and update --------------------------------------------------------------------


async def test_coordinates_carry_their_source_and_precision(client: httpx.AsyncClient) -> None:
    typed = await f.custodian(client)
    assert (typed["coordinate_source"], typed["coordinate_precision"]) == ("manual", "point")
    measured = await f.custodian(client, coordinate_source="gps")
    assert (measured["coordinate_source"], measured["coordinate_precision"]) == ("gps", "point")
    none = await f.custodian(client, latitude=None, longitude=None)
    assert (none["coordinate_source"], none["coordinate_precision"]) == (None, None)
    f.problem(
        await client.post(
            "/custodians", json={"name": "X", "kind": "commune", "setting": "rural", "coordinate_source": "gps"}
        ),
        422,
        "coordinate_source",
    )
    moved = (await client.patch(f"/custodians/{measured['id']}", json={"latitude": 9.9, "longitude": -69.2})).json()
    assert (moved["coordinate_source"], moved["coordinate_precision"]) == ("manual", "point")
    renamed = (await client.patch(f"/custodians/{moved['id']}", json={"coordinate_source": "gps"})).json()
    assert renamed["coordinate_source"] == "gps"
    cleared = (await client.patch(f"/custodians/{moved['id']}", json={"latitude": None, "longitude": None})).json()
    assert (cleared["coordinate_source"], cleared["coordinate_precision"]) == (None, None)
    f.problem(await client.patch(f"/custodians/{none['id']}", json={"coordinate_precision": "state"}), 422)


# --- the endpoint -------------------------------------------------------------------------------------------


async def test_a_geocoded_custodian_stores_source_and_precision_and_the_change_is_audited(
    client: httpx.AsyncClient, nominatim: Nominatim
) -> None:
    nominatim.answer = lambda _: httpx.Response(200, json=[CARICUAO])
    custodian = await _placeless(client)
    response = await client.post(f"/custodians/{custodian['id']}/geocode")
    assert response.status_code == 200, response.text
    placed = response.json()
    assert placed["source"] == "geocoded"
    assert placed["precision"] == "parish"
    assert placed["attribution"] == LICENCE
    assert placed["note"] is None
    assert placed["place"].startswith("Parroquia Caricuao")
    stored = (await client.get(f"/custodians/{custodian['id']}")).json()
    assert (stored["latitude"], stored["longitude"]) == (10.4338021, -66.9832174)
    assert (stored["coordinate_source"], stored["coordinate_precision"]) == ("geocoded", "parish")
    (request,) = nominatim.requests
    assert request.url.params["q"] == "Caricuao, Libertador, Distrito Capital, Venezuela"
    assert request.headers["user-agent"].startswith("seedbank/")

    events = (await client.get("/audit", params={"record": f"custodian:{custodian['id']}"})).json()["items"]
    assert events[0]["action"] == "custodian.update"
    assert events[0]["before"]["latitude"] is None
    assert events[0]["after"]["coordinate_source"] == "geocoded"

    # The same place again comes from the database's cache: Nominatim is not asked twice.
    neighbour = await _placeless(client, name="Consejo Comunal Caricuao")
    again = await client.post(f"/custodians/{neighbour['id']}/geocode")
    assert again.json()["source"] == "geocoded"
    assert len(nominatim.requests) == 1


async def test_an_unreachable_geocoder_falls_back_to_the_gazetteer_and_says_so(
    client: httpx.AsyncClient, nominatim: Nominatim
) -> None:
    nominatim.answer = unreachable
    custodian = await _placeless(client)
    placed = (await client.post(f"/custodians/{custodian['id']}/geocode")).json()
    assert placed["source"] == "gazetteer"
    assert placed["precision"] == "parish"
    assert "could not be reached" in placed["note"]
    assert placed["custodian"]["coordinate_source"] == "gazetteer"
    assert placed["custodian"]["latitude"] is not None


@pytest.mark.parametrize("status", [503, 429, 403])
async def test_a_refusing_geocoder_is_a_502_and_the_custodian_is_left_as_it_was(
    client: httpx.AsyncClient, nominatim: Nominatim, status: int
) -> None:
    nominatim.answer = lambda _: httpx.Response(status, text="Service Unavailable")
    custodian = await _placeless(client)
    body = f.problem(await client.post(f"/custodians/{custodian['id']}/geocode"), 502)
    assert str(status) in body["detail"]
    assert (await client.get(f"/custodians/{custodian['id']}")).json() == custodian
    events = (await client.get("/audit", params={"record": f"custodian:{custodian['id']}"})).json()["items"]
    assert [event["action"] for event in events] == ["custodian.create"]


async def test_a_place_nobody_knows_is_a_422_naming_the_field(client: httpx.AsyncClient, nominatim: Nominatim) -> None:
    nowhere = await f.custodian(client, latitude=None, longitude=None, state="Narnia", municipality="Cair Paravel")
    f.problem(await client.post(f"/custodians/{nowhere['id']}/geocode"), 422, "state")
    assert nominatim.requests  # it was asked, and found nothing
    blank = await f.custodian(client, latitude=None, longitude=None, state=None, municipality=None)
    f.problem(await client.post(f"/custodians/{blank['id']}/geocode"), 422, "state")
    f.problem(await client.post("/custodians/999999/geocode"), 404, "custodian_id")


async def test_measured_coordinates_are_replaced_only_when_asked_and_only_by_those_allowed(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, client_for: ClientFor, nominatim: Nominatim
) -> None:
    nominatim.answer = lambda _: httpx.Response(200, json=[CARICUAO])
    measured = await f.custodian(
        client, coordinate_source="gps", state="Distrito Capital", municipality="Libertador", parish="Caricuao"
    )
    f.problem(await client.post(f"/custodians/{measured['id']}/geocode"), 409, "replace")
    f.problem(await anonymous.post(f"/custodians/{measured['id']}/geocode"), 401)
    other = await f.custodian(client, name="Otra comuna")
    outsider = await client_for(Role.CUSTODIAN, [other["id"]])
    f.problem(await outsider.post(f"/custodians/{measured['id']}/geocode", params={"replace": "true"}), 403)
    member = await client_for(Role.CUSTODIAN, [measured["id"]])
    replaced = await member.post(f"/custodians/{measured['id']}/geocode", params={"replace": "true"})
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["custodian"]["coordinate_source"] == "geocoded"


# --- the command ------------------------------------------------------------------------------------------


async def test_the_geocode_command_places_custodians_offline_and_reports_failures(
    client: httpx.AsyncClient, engine: Engine
) -> None:
    caricuao = await _placeless(client)
    tucupita = await _placeless(client, name="Consejo Comunal Warao", state="Delta Amacuro", municipality="Tucupita")
    nowhere = await f.custodian(
        client, name="Perdida", latitude=None, longitude=None, state="Narnia", municipality=None
    )
    placed_already = await f.custodian(client, name="Con GPS", coordinate_source="gps")

    env = {**os.environ, "SEEDBANK_DATABASE_URL": engine.url, "SEEDBANK_GEOCODER_URL": "http://127.0.0.1:9"}
    command = [str(BIN / "seedbank"), "geocode", "--offline", "--json"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr  # one could not be placed
    summary = json.loads(result.stdout)
    assert summary["missing"] == 3
    assert (summary["geocoded"], summary["from_gazetteer"]) == (0, 2)
    assert summary["offline"] is True
    (failure,) = summary["failed"]
    assert (failure["custodian_id"], failure["field"]) == (nowhere["id"], "state")

    for custodian, precision in ((caricuao, "parish"), (tucupita, "municipality")):
        stored = (await client.get(f"/custodians/{custodian['id']}")).json()
        assert (stored["coordinate_source"], stored["coordinate_precision"]) == ("gazetteer", precision)
    assert (await client.get(f"/custodians/{placed_already['id']}")).json() == placed_already

    # Nothing left to place but the one nobody knows; human-readable this time.
    again = subprocess.run(
        [str(BIN / "seedbank"), "geocode", "--offline", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert again.returncode == 1, again.stdout + again.stderr
    assert "custodians without coordinates: 1" in again.stdout
    assert f"custodian {nowhere['id']} (Perdida)" in again.stdout
