"""Taxa and custodians over HTTP, on both engines."""

from __future__ import annotations

import httpx

from seedbank.accounts.roles import Role
from tests.conftest import ClientFor
from tests.integration import factories as f


async def test_taxon_round_trip_and_duplicate(client: httpx.AsyncClient) -> None:
    created = await f.taxon(client, subtaxa="subsp. mays", species_author="L.", local_name="maiki")
    assert created["full_name"] == "Zea mays subsp. mays"
    fetched = (await client.get(f"/taxa/{created['id']}")).json()
    assert fetched == created

    duplicate = await client.post("/taxa", json={"genus": "Zea", "species": "mays", "subtaxa": "subsp. mays"})
    f.problem(duplicate, 409)


async def test_taxon_search_folds_accents_and_patch_keeps_name(client: httpx.AsyncClient) -> None:
    await f.taxon(client)
    bean = await f.taxon(client, genus="Phaseolus", species="vulgaris", crop_name="caraota", common_name_es="caraota")
    page = (await client.get("/taxa", params={"q": "MAIZ"})).json()
    assert [t["full_name"] for t in page["items"]] == ["Zea mays"]

    patched = await client.patch(f"/taxa/{bean['id']}", json={"common_name_en": "common bean"})
    assert patched.status_code == 200, patched.text
    assert patched.json()["common_name_en"] == "common bean"
    assert patched.json()["full_name"] == "Phaseolus vulgaris"

    f.problem(await client.patch(f"/taxa/{bean['id']}", json={"genus": "Vigna"}), 400, "genus")
    f.problem(await client.get("/taxa/999999"), 404, "taxon_id")


async def test_contact_is_shown_only_to_staff_and_members(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, client_for: ClientFor
) -> None:
    created = await f.custodian(client, contact="+58 414 000 0000")
    other = await f.custodian(client, name="Comuna Páramo de Mucuchíes", contact="paramo@example.org")
    assert created["contact"] == "+58 414 000 0000"
    member = await client_for(Role.CUSTODIAN, [created["id"]])
    farmer = await client_for(Role.FARMER)
    for reader in (anonymous, farmer):
        assert "contact" not in (await reader.get(f"/custodians/{created['id']}")).json()
        assert all("contact" not in item for item in (await reader.get("/custodians")).json()["items"])
    assert (await member.get(f"/custodians/{created['id']}")).json()["contact"] == "+58 414 000 0000"
    assert "contact" not in (await member.get(f"/custodians/{other['id']}")).json()


async def test_custodian_bad_coordinates_name_the_field(client: httpx.AsyncClient) -> None:
    f.problem(
        await client.post(
            "/custodians", json={"name": "X", "kind": "commune", "setting": "urban", "latitude": 91, "longitude": 0}
        ),
        400,
        "latitude",
    )
    f.problem(
        await client.post(
            "/custodians", json={"name": "X", "kind": "commune", "setting": "urban", "latitude": 0, "longitude": -180.5}
        ),
        400,
        "longitude",
    )
    f.problem(
        await client.post("/custodians", json={"name": "X", "kind": "commune", "setting": "urban", "latitude": 10}),
        422,
        "longitude",
    )
    f.problem(await client.post("/custodians", json={"name": "X", "kind": "castle", "setting": "urban"}), 400, "kind")
    assert (await client.get("/custodians")).json()["items"] == []


async def test_custodian_filters(client: httpx.AsyncClient) -> None:
    await f.custodian(
        client, name="Comunidad Pemón de Kumarakapay", setting="indigenous", state="Bolívar", kind="communal-council"
    )
    await f.custodian(client, name="Huerto 23 de Enero", setting="urban", state="Distrito Capital")
    by_state = (await client.get("/custodians", params={"state": "bolivar"})).json()["items"]
    assert [c["name"] for c in by_state] == ["Comunidad Pemón de Kumarakapay"]
    by_setting = (await client.get("/custodians", params={"setting": "urban"})).json()["items"]
    assert [c["name"] for c in by_setting] == ["Huerto 23 de Enero"]
    by_text = (await client.get("/custodians", params={"q": "pemon"})).json()["items"]
    assert len(by_text) == 1


async def test_custodian_patch(client: httpx.AsyncClient) -> None:
    created = await f.custodian(client)
    patched = await client.patch(f"/custodians/{created['id']}", json={"latitude": None, "longitude": None})
    assert patched.status_code == 200, patched.text
    assert patched.json()["latitude"] is None
    f.problem(await client.patch(f"/custodians/{created['id']}", json={"latitude": 5.0}), 422, "longitude")
    f.problem(await client.patch("/custodians/424242", json={"name": "Nadie"}), 404, "custodian_id")
