"""Accessions and the catalogue search over HTTP, on both engines."""

from __future__ import annotations

import httpx
import pytest

from seedbank.db import Database
from tests.integration import factories as f

NAMES = ["Ñame morado de Caicara", "Maíz cariaco", "Wayuu: ai'ruushi", "ɨ"]


async def test_numbers_come_from_the_institute_sequence(client: httpx.AsyncClient) -> None:
    t = await f.taxon(client)
    first = await f.accession(client, t["id"])
    second = await f.accession(client, t["id"])
    assert first["accession_number"] == "VEN001-000001"
    assert second["accession_number"] == "VEN001-000002"
    assert first["puid"] == "VEN001:VEN001-000001:Zea"
    # An explicit number ahead of the sequence is skipped over, never duplicated.
    explicit = await f.accession(client, t["id"], accession_number="VEN001-000003")
    assert explicit["accession_number"] == "VEN001-000003"
    fourth = await f.accession(client, t["id"])
    assert fourth["accession_number"] == "VEN001-000004"
    f.problem(
        await client.post("/accessions", json={"taxon_id": t["id"], "accession_number": "VEN001-000003"}),
        409,
        "accession_number",
    )


async def test_every_character_survives_the_round_trip(client: httpx.AsyncClient) -> None:
    t = await f.taxon(client, local_name="ʉkʉ")
    created = await f.accession(
        client,
        t["id"],
        accession_names=NAMES,
        collector="Yusmary Uriana",
        holder_community="Wayuu",
        remarks="Semilla libre — ñ á ü ɨ ʉ ʼ",
    )
    fetched = (await client.get(f"/accessions/{created['id']}")).json()
    assert fetched["accession_names"] == NAMES
    assert fetched["remarks"] == "Semilla libre — ñ á ü ɨ ʉ ʼ"
    assert fetched["taxon"]["local_name"] == "ʉkʉ"
    for word, expected in (("ñame", 1), ("name", 1), ("MAIZ", 1), ("airuushi", 1), ("ai'ruushi", 1), ("ɨ", 1)):
        page = (await client.get("/accessions", params={"q": word})).json()
        assert len(page["items"]) == expected, word


async def test_passport_fields_and_partial_dates(client: httpx.AsyncClient) -> None:
    t = await f.taxon(client)
    created = await f.accession(
        client,
        t["id"],
        collecting_date="198110--",
        acquisition_date="1982-03",
        origin_country="VEN",
        collecting_latitude=10.5,
        collecting_longitude=-66.9,
        storage_types=[13, 12],
        other_numbers=["ESP004:X1"],
        doi="10.18730/ABC123",
    )
    assert created["collecting_date"] == "1981-10"
    assert created["acquisition_date"] == "1982-03"
    assert created["storage_types"] == [13, 12]
    assert created["puid"] == "10.18730/ABC123"


@pytest.mark.parametrize(
    ("fields", "status", "field"),
    [
        ({"biological_status": 150}, 422, "biological_status"),
        ({"biological_status": 99}, 400, "biological_status"),
        ({"collecting_date": "1981-02-30"}, 422, "collecting_date"),
        ({"collecting_date": "31/10/1981"}, 400, "collecting_date"),
        ({"collecting_date": "2999"}, 422, "collecting_date"),
        ({"collecting_latitude": 95.0, "collecting_longitude": 0.0}, 400, "collecting_latitude"),
        ({"collecting_latitude": 10.0}, 422, "collecting_longitude"),
        ({"origin_country": "XXX"}, 422, "origin_country"),
        ({"storage_types": [14]}, 422, "storage_types"),
        ({"accession_names": ["a;b"]}, 400, "accession_names[0]"),
        ({"taxon_id": 999_999}, 404, "taxon_id"),
        ({"surprise": 1}, 400, None),
    ],
)
async def test_bad_passport_data_is_refused_and_nothing_stored(
    client: httpx.AsyncClient, fields: dict[str, object], status: int, field: str | None
) -> None:
    t = await f.taxon(client)
    body = {"taxon_id": t["id"], **fields}
    f.problem(await client.post("/accessions", json=body), status, field)
    assert (await client.get("/accessions")).json()["items"] == []


async def test_search_filters_and_stable_pages(client: httpx.AsyncClient) -> None:
    maize = await f.taxon(client)
    bean = await f.taxon(client, genus="Phaseolus", species="vulgaris", crop_name="caraota")
    lara = await f.custodian(client)
    merida = await f.custodian(client, name="Comuna Páramo de Mucuchíes", state="Mérida")
    ids = []
    for i in range(7):
        a = await f.accession(
            client,
            (maize if i % 2 else bean)["id"],
            accession_names=[f"Variedad {i}"],
            biological_status=300 if i < 5 else 500,
        )
        ids.append(a["id"])
        await f.lot(client, a["id"], (lara if i < 4 else merida)["id"], initial_quantity=0 if i == 0 else 100)

    async def search(**params: object) -> list[int]:
        return [a["id"] for a in (await client.get("/accessions", params=params)).json()["items"]]

    assert await search(crop="CARAOTA") == [ids[0], ids[2], ids[4], ids[6]]
    assert await search(genus="zea", species="mays") == [ids[1], ids[3], ids[5]]
    assert await search(state="merida") == ids[4:]
    assert await search(custodian_id=lara["id"]) == ids[:4]
    assert await search(biological_status=500) == ids[5:]
    assert await search(has_available_seed="false") == [ids[0]]
    assert await search(has_available_seed="true", q="variedad") == ids[1:]
    assert await search(q="variedad 3") == [ids[3]]

    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, object] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get("/accessions", params=params)).json()
        seen += [a["id"] for a in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert seen == ids
    f.problem(await client.get("/accessions", params={"cursor": "garbage"}), 422, "cursor")
    f.problem(await client.get("/accessions", params={"limit": 501}), 400, "limit")


async def test_accession_holdings_and_update(client: httpx.AsyncClient) -> None:
    made = await f.collection(client)
    a = made["accession"]
    fetched = (await client.get(f"/accessions/{a['id']}")).json()
    assert fetched["holdings"] == {"lots": 1, "on_hand_seeds": 1000, "available_seeds": 1000}
    patched = await client.patch(
        f"/accessions/{a['id']}", json={"accession_names": ["Maíz pollo"], "collecting_date": "1999"}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["accession_names"] == ["Maíz pollo"]
    assert patched.json()["accession_number"] == a["accession_number"]
    assert (await client.get("/accessions", params={"q": "pollo"})).json()["items"][0]["id"] == a["id"]
    assert (await client.get("/accessions", params={"q": "cariaco"})).json()["items"] == []
    f.problem(await client.patch(f"/accessions/{a['id']}", json={"accession_number": "X"}), 400)
    lots = (await client.get(f"/accessions/{a['id']}/lots")).json()["items"]
    assert [lt["id"] for lt in lots] == [made["lot"]["id"]]
    f.problem(await client.get("/accessions/77777/lots"), 404, "accession_id")


async def test_walking_and_driving_plans_find_the_same_pages(
    client: httpx.AsyncClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search walks accession-number order when filters are common and starts from a rare filter's index
    otherwise; both plans must give the same pages."""
    from seedbank.catalog.services import search

    maize = await f.taxon(client)
    bean = await f.taxon(client, genus="Phaseolus", species="vulgaris", crop_name="caraota")
    lara = await f.custodian(client)
    for i in range(12):
        a = await f.accession(client, (maize if i % 3 else bean)["id"], accession_names=[f"Variedad {i % 4} criolla"])
        await f.lot(client, a["id"], lara["id"], initial_quantity=0 if i % 5 == 0 else 50)
    queries = [
        {"q": "criolla"},
        {"q": "variedad 2"},
        {"crop": "caraota"},
        {"q": "criolla", "crop": "maiz", "has_available_seed": "true"},
        {"genus": "zea", "q": "variedad"},
        {"custodian_id": lara["id"], "q": "criolla"},
    ]

    async def pages(params: dict[str, object]) -> list[int]:
        found, cursor = [], None
        while True:
            page = (
                await client.get("/accessions", params={**params, "limit": 2, **({"cursor": cursor} if cursor else {})})
            ).json()
            found += [a["id"] for a in page["items"]]
            if (cursor := page["next"]) is None:
                return found

    planned = [await pages(params) for params in queries]
    monkeypatch.setattr(search, "_WALK_PER_DRIVEN", 0)  # a filter under the cap drives from the first accession
    plan = await search._drivers(database, search.AccessionQuery(q="criolla"))
    assert (plan.word, plan.walk_first) == ("criolla", 0)
    driven = [await pages(params) for params in queries]
    monkeypatch.setattr(search, "_WALK_PER_DRIVEN", 0.25)  # a few accessions walked, then the driver takes over
    assert (await search._drivers(database, search.AccessionQuery(q="criolla"))).walk_first == 3
    handed_over = [await pages(params) for params in queries]
    monkeypatch.setattr(search, "_COUNT_CAP", 0)  # every filter is "common": the statement walks
    assert await search._drivers(database, search.AccessionQuery(q="criolla", crop="maiz")) == search._Drivers()
    walked = [await pages(params) for params in queries]
    assert walked == driven == handed_over == planned
    assert all(driven)
