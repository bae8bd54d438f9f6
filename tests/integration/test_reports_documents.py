"""Inventory lists, germination certificates, the links printed on labels, and how the API documents its PDFs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest

from seedbank.accounts.roles import Role
from tests.conftest import ClientFor
from tests.integration import factories as f
from tests.integration.printed import assert_pdf, page_count, page_texts
from tests.integration.reports_world import DOI, INDIGENOUS_NAME, MAIZE_NAME, World, build

INVENTORY = "/reports/inventory.pdf"


@pytest.fixture
async def world(client: httpx.AsyncClient) -> World:
    return await build(client)


def certificate(test: dict[str, Any]) -> str:
    return f"/reports/germination-tests/{test['id']}.pdf"


# ---------------------------------------------------------------------------------------------- inventory


async def test_a_custodians_inventory_by_crop_with_totals_and_flags(client: httpx.AsyncClient, world: World) -> None:
    # One of the Maizal's lots falls below its reserve sowings: it is flagged for regeneration (R).
    await client.patch(f"/taxa/{world.maize['taxon']['id']}", json={"breeding_system": "cross-pollinated"})
    issue = {"kind": "issue", "quantity": 4400}  # 200 seeds left; 3 sowings of 100 plants at 91 % need 330
    await f.created(await client.post(f"/lots/{world.maize_lot['id']}/ledger", json=issue))
    response = await client.get(INVENTORY, params={"custodian_id": world.maizal["id"]})
    pdf = assert_pdf(response, f"inventario-custodio-{world.maizal['id']}-")
    (text,) = page_texts(pdf)
    assert "Inventario de semillas" in text
    assert "Comuna El Maizal" in text
    assert "Maíz" in text
    assert MAIZE_NAME in text
    assert "Maíz canilla" in text
    assert INDIGENOUS_NAME not in text  # the Uwottüja's lot is theirs
    assert "Total Maíz: 3 lotes de 2 accesiones" in text
    assert f"Impreso el {dt.date.today():%d/%m/%Y}" in text
    assert "página 1 de 1" in text
    assert "1 R" in text  # the lot below its reserve
    assert "Centro Nacional" not in text  # no centre registered: the institute line is the code alone
    assert "VEN001" in text


async def test_the_whole_collections_inventory_is_for_staff(
    client: httpx.AsyncClient, client_for: ClientFor, anonymous: httpx.AsyncClient, world: World
) -> None:
    pdf = assert_pdf(await client.get(INVENTORY), "inventario-coleccion-")
    (text,) = page_texts(pdf)
    for words in ("Colección completa", "Ñame", INDIGENOUS_NAME, "Consejo Comunal Uwottüja de Coromoto", "Maíz"):
        assert words in text
    assert "Total general (2 cultivos): 4 lotes de 3 accesiones" in text
    assert text.index("Maíz") < text.index("Ñame")  # crops in alphabetical order, accents aside

    assert_pdf(await (await client_for(Role.CENTRE)).get(INVENTORY), "inventario-coleccion-")
    custodian = await client_for(Role.CUSTODIAN, [world.maizal["id"]])
    f.problem(await custodian.get(INVENTORY), 403, "custodian_id")
    f.problem(await custodian.get(INVENTORY, params={"custodian_id": world.uwottuja["id"]}), 403, "custodian_id")
    assert_pdf(await custodian.get(INVENTORY, params={"custodian_id": world.maizal["id"]}), "inventario-custodio-")
    f.problem(await (await client_for(Role.FARMER)).get(INVENTORY, params={"custodian_id": 1}), 403)
    f.problem(await anonymous.get(INVENTORY), 401)
    f.problem(await client.get(INVENTORY, params={"custodian_id": 99_999}), 404, "custodian_id")
    f.problem(await client.get(INVENTORY, params={"custodian_id": 0}), 400, "custodian_id")


async def test_a_long_inventory_numbers_its_pages(client: httpx.AsyncClient, world: World) -> None:
    for n in range(60):
        await f.lot(client, world.maize["id"], world.uwottuja["id"], initial_quantity=100 + n)
    pdf = assert_pdf(await client.get(INVENTORY, params={"custodian_id": world.uwottuja["id"]}), "inventario-")
    pages = page_count(pdf)
    assert pages >= 2
    texts = page_texts(pdf)
    assert [f"página {i} de {pages}" in text for i, text in enumerate(texts, start=1)] == [True] * pages
    assert "Maíz (continúa)" in texts[1]
    assert "Total Maíz: 60 lotes de 1 accesión" in texts[-1]


# ---------------------------------------------------------------------------------------------- certificates


async def test_a_germination_certificate_from_the_stored_test(client: httpx.AsyncClient, world: World) -> None:
    response = await client.get(certificate(world.test))
    reference = f"VEN001-PG-{world.test['id']:06d}"
    pdf = assert_pdf(response, f"certificado-germinacion-{reference.lower()}")
    (text,) = page_texts(pdf)
    for words in (
        "Certificado de prueba de germinación",
        f"Certificado N.º {reference}",
        world.maize_lot["lot_code"],
        world.maize["accession_number"],
        "Zea mays",
        MAIZE_NAME,
        "Comuna El Maizal",
        "Entre papel (BP)",
        "Papel de filtro",
        "20/30 °C",
        "María Teresa Piñango",
        "Semilla del conuco de la señora Ramírez",
        f"{world.test['germination_percent']} %",
        "dentro de tolerancia",
        "página 1 de 1",
    ):
        assert words in text, words
    ended = dt.date.fromisoformat(world.test["ended_on"])
    assert f"{ended:%d/%m/%Y}" in text


async def test_who_may_print_a_certificate(
    client: httpx.AsyncClient, client_for: ClientFor, anonymous: httpx.AsyncClient, world: World
) -> None:
    path = certificate(world.test)
    assert_pdf(await (await client_for(Role.CUSTODIAN, [world.maizal["id"]])).get(path), "certificado-")
    assert_pdf(await (await client_for(Role.CENTRE)).get(path), "certificado-")
    f.problem(await (await client_for(Role.CUSTODIAN, [world.uwottuja["id"]])).get(path), 403, "test_id")
    f.problem(await (await client_for(Role.FARMER)).get(path), 403)
    f.problem(await anonymous.get(path), 401)
    f.problem(await client.get("/reports/germination-tests/99999.pdf"), 404, "test_id")
    f.problem(await client.get("/reports/germination-tests/9999999999.pdf"), 404, "test_id")
    f.problem(await client.get("/reports/germination-tests/0.pdf"), 400, "test_file")
    f.problem(await client.get("/reports/germination-tests/uno.pdf"), 400, "test_file")
    f.problem(await client.get(f"/reports/germination-tests/{world.test['id']}"), 400, "test_file")


# ---------------------------------------------------------------------------------------------- links on labels


async def test_a_labels_link_leads_to_its_accession(transport: httpx.ASGITransport, world: World) -> None:
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as browser:
        for accession in (world.maize, world.doi):
            found = await browser.get(f"/a/{accession['puid']}")
            assert found.status_code == 302, found.text
            assert found.headers["location"] == f"/api/v1/accessions/{accession['id']}"
        assert world.doi["puid"] == DOI  # the slash of a DOI is part of the path
        followed = await browser.get(f"/a/{world.maize['puid']}", follow_redirects=True)
        assert followed.json()["accession_number"] == world.maize["accession_number"]
        encoded = await browser.get("/a/VEN001%3AVEN001-000001%3AZea")  # as some scanners send it
        assert encoded.headers["location"] == f"/api/v1/accessions/{world.maize['id']}"
        for unknown in ("/a/VEN001:VEN001-999999:Zea", "/a/10.18730/NOPE", "/a/" + "x" * 400):
            f.problem(await browser.get(unknown), 404, "puid")


async def test_pdfs_and_the_link_are_documented(transport: httpx.ASGITransport) -> None:
    async with httpx.AsyncClient(transport=transport, base_url="http://seedbank.test") as http:
        document = (await http.get("/schema/openapi.json")).json()
    paths = document["paths"]
    for path in (
        "/api/v1/reports/labels.pdf",
        "/api/v1/reports/inventory.pdf",
        "/api/v1/reports/germination-tests/{test_file}",
    ):
        ok = paths[path]["get"]["responses"]["200"]
        assert ok["content"] == {
            "application/pdf": {"schema": {"type": "string", "format": "binary", "description": "the PDF document"}}
        }
        assert "content-disposition" in {name.lower() for name in ok["headers"]}
    parameters = {p["name"]: p["schema"] for p in paths["/api/v1/reports/labels.pdf"]["get"]["parameters"]}
    assert parameters["lot_id"]["type"] == "array"
    assert parameters["lot_id"]["items"] == {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}
    assert parameters["lot_id"]["maxItems"] == 500
    schemas = document["components"]["schemas"]
    refs = {name: parameters[name]["allOf"][0]["$ref"] for name in ("layout", "code")}
    enums = {name: schemas[ref.rsplit("/", 1)[1]]["enum"] for name, ref in refs.items()}
    assert enums == {
        "layout": ["L7160", "L7163", "5160", "5163", "roll-50x25", "roll-100x50"],
        "code": ["qr", "datamatrix", "code128"],
    }
    assert (parameters["offset"]["minimum"], parameters["offset"]["maximum"]) == (0, 29)
    resolver = paths["/a/{puid}"]["get"]
    assert set(resolver["responses"]) == {"302", "400", "404"}
    assert "location" in resolver["responses"]["302"]["headers"]
