"""MCPD export and the PDCI summary over HTTP, on both engines: filters, streaming, extensions, round trips."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx

from seedbank.accounts.principal import SYSTEM
from seedbank.accounts.roles import Role
from seedbank.catalog.mcpd import EXTENSION_FIELDS, MCPD_FIELDS
from seedbank.catalog.mcpd_benchmark import generated_rows
from seedbank.catalog.services.mcpd_export import EXPORT_BATCH, export_mcpd
from seedbank.catalog.services.search import AccessionQuery
from seedbank.db import Database
from tests.conftest import ClientFor
from tests.integration import factories as f
from tests.integration.test_mcpd_import import CSV, SAMPLE, everything, load, mcpd

# Every MCPD v2.1 field, ACCEURL and seedbank's own columns: accents, indigenous letters, partial dates.
FULL_ROW = {
    "PUID": "https://purl.example.org/germplasm/VEN001-000777",
    "INSTCODE": "VEN001",
    "ACCENUMB": "VEN001-000777",
    "COLLNUMB": "JR-2019-17",
    "COLLCODE": "VEN001;VEN042",
    "COLLNAME": "Misión de colecta del Orinoco Medio",
    "COLLINSTADDRESS": "Av. Las Delicias, Maracay, Aragua",
    "COLLMISSID": "Colecta Caicara 1981",
    "GENUS": "Dioscorea",
    "SPECIES": "alata",
    "SPAUTHOR": "L.",
    "SUBTAXA": "var. purpurea",
    "SUBTAUTHOR": "(Roxb.) A.Pouchet",
    "CROPNAME": "ñame",
    "ACCENAME": "Ñame morado de Caicara;Wayuu: ai'ruushi;ɨ;ʉ",
    "ACQDATE": "198110--",
    "ORIGCTY": "VEN",
    "COLLSITE": "Caicara del Orinoco, 3 km al sur; conuco de la señora Peña",
    "DECLATITUDE": "7.6333",
    "LATITUDE": "073800N",
    "DECLONGITUDE": "-66.1667",
    "LONGITUDE": "0661000W",
    "COORDUNCERT": "250",
    "COORDDATUM": "WGS84",
    "GEOREFMETH": "GPS",
    "ELEVATION": "52",
    "COLLDATE": "1981----",
    "BREDCODE": "VEN003",
    "BREDNAME": "Comunidad Jivi de Morichito",
    "SAMPSTAT": "300",
    "ANCEST": "selección masal: ñame morado × ñame blanco",
    "COLLSRC": "23",
    "DONORCODE": "VEN042",
    "DONORNAME": "Consejo Comunal Kariña",
    "DONORNUMB": "KA-12",
    "OTHERNUMB": "VEN042:KA-12;:sin-número",
    "DUPLSITE": "VEN002;NOR051",
    "DUPLINSTNAME": "Svalbard Global Seed Vault",
    "STORAGE": "13;20",
    "MLSSTAT": "0",
    "REMARKS": "COLLSITE:cerca del río;ANCEST:según la custodia",
    "ACCEURL": "https://seedbank.example.org/accessions/777?lang=es;full",
    "COLLECTOR": "José Ramón, familia Uwottüja",
    "HOLDERCOMMUNITY": "Comunidad Uwottüja de Caño Grulla",
    "ACCESSTERMS": "pic-required",
}


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


async def export_file(client: httpx.AsyncClient, **params: Any) -> bytes:
    response = await client.get("/mcpd/export", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="VEN001-mcpd-')
    return response.content


async def test_import_export_import_is_a_fixed_point(client: httpx.AsyncClient, database: Database) -> None:
    original = [FULL_ROW, *rows_of(SAMPLE.read_bytes()), *generated_rows(40, seed=5)]
    await load(client, mcpd(original))
    first = await export_file(client)
    before = await everything(database)
    again = await load(client, first, file_name="exportado.csv")
    assert again["counts"]["unchanged"] == len(original)
    assert again["problems"] == []  # what we write reads back without a warning
    assert again["file_problems"] == []
    assert await everything(database) == before
    assert await export_file(client) == first
    # Field for field: every column the file had comes back as it was written.
    exported = {row["ACCENUMB"]: row for row in rows_of(first)}
    assert {name: exported["VEN001-000777"][name] for name in FULL_ROW if name != "REMARKS"} == {
        name: value for name, value in FULL_ROW.items() if name != "REMARKS"
    } | {"DECLATITUDE": "7.6333", "DECLONGITUDE": "-66.1667"}
    assert exported["VEN001-000777"]["REMARKS"] == FULL_ROW["REMARKS"]
    sample = exported["BGE005836"]
    assert (sample["COLLDATE"], sample["LATITUDE"], sample["REMARKS"]) == (
        "19811031",
        "425530N",
        "CONSTATUS:is_active;IS_AVAILABLE:False",
    )
    assert exported["CIAM81002"]["COLLDATE"] == "1981----"


async def test_the_same_filters_as_the_catalogue_search(client: httpx.AsyncClient) -> None:
    await load(client, mcpd([FULL_ROW, *rows_of(SAMPLE.read_bytes())]))
    assert [row["ACCENUMB"] for row in rows_of(await export_file(client, q="name morado"))] == ["VEN001-000777"]
    assert len(rows_of(await export_file(client, genus="zea"))) == 6
    assert len(rows_of(await export_file(client, crop="ÑAME"))) == 1
    assert rows_of(await export_file(client, biological_status=100)) == []
    searched = (await client.get("/accessions", params={"q": "millo", "limit": 500})).json()["items"]
    exported = rows_of(await export_file(client, q="millo"))
    assert [row["ACCENUMB"] for row in exported] == [item["accession_number"] for item in searched]
    f.problem(await client.get("/mcpd/export", params={"near": "10,-66"}), 422)


async def test_extensions_and_a_byte_order_mark_are_asked_for(client: httpx.AsyncClient) -> None:
    await load(client, mcpd([FULL_ROW]))
    plain = (await export_file(client, extensions=False, bom=True)).decode("utf-8")
    assert plain.startswith("\ufeffPUID,INSTCODE,")
    header = plain.lstrip("\ufeff").split("\r\n")[0].split(",")
    assert header == list(MCPD_FIELDS)
    full_header = (await export_file(client)).decode().split("\r\n")[0].split(",")
    assert full_header == [*MCPD_FIELDS, *EXTENSION_FIELDS]
    assert "Uwottüja" not in plain.split("José Ramón")[0]  # the holder community stays home


async def test_a_large_selection_streams_in_batches_in_number_order(
    client: httpx.AsyncClient, database: Database
) -> None:
    count = EXPORT_BATCH * 2 + 37
    await load(client, mcpd(list(generated_rows(count, seed=11))))
    export = await export_mcpd(database, SYSTEM, AccessionQuery(), instcode="VEN001")
    chunks = [chunk async for chunk in export.chunks]
    assert len(chunks) == 3  # a batch at a time, never the whole file at once
    assert export.accessions == count
    assert export.summary().accessions == count
    whole = await export_file(client)
    assert b"".join(chunks) == whole
    numbers = [row["ACCENUMB"] for row in rows_of(whole)]
    assert len(numbers) == count
    assert numbers == sorted(numbers)


async def test_restricted_passports_export_whole_to_staff_only(
    client: httpx.AsyncClient, client_for: ClientFor
) -> None:
    a = await f.custodian(client, name="Comuna El Maizal")
    c = await f.custodian(client, name="Centro Nacional de Resguardo", kind="centre", setting="urban")
    await load(client, mcpd([FULL_ROW | {"ACCESSTERMS": "community-only"}]))
    outsider = await client_for(Role.CUSTODIAN, [a["id"]])
    item = (await outsider.get("/accessions")).json()["items"][0]
    assert (await outsider.get(f"/accessions/{item['id']}")).json()["collecting_site"] is None  # withheld from them
    centre = await client_for(Role.CENTRE, [c["id"]])
    row = rows_of(await export_file(centre))[0]
    assert row["COLLSITE"] == FULL_ROW["COLLSITE"]  # staff get it whole: nothing blanked
    assert row["ACCESSTERMS"] == "community-only"
    for role, custodians, status in ((None, [], 401), (Role.FARMER, [], 403), (Role.CUSTODIAN, [a["id"]], 403)):
        http = await client_for(role, custodians)
        f.problem(await http.get("/mcpd/export"), status)
        f.problem(await http.get("/mcpd/summary"), status)


async def test_the_completeness_summary(client: httpx.AsyncClient) -> None:
    empty = (await client.get("/mcpd/summary")).json()
    assert (empty["accessions"], empty["mean"], empty["by_type"]) == (0, None, [])
    await load(client, mcpd([FULL_ROW, *rows_of(SAMPLE.read_bytes())]))
    summary = (await client.get("/mcpd/summary")).json()
    assert summary["accessions"] == 7
    assert (summary["minimum"], summary["maximum"]) == (7.95, 10.0)
    assert summary["mean"] == round((6 * 7.95 + 10.0) / 7, 2)
    assert [band["accessions"] for band in summary["distribution"]] == [0] * 7 + [6, 0, 1]
    assert summary["by_type"] == [{"germplasm_type": "landrace", "accessions": 7, "mean": summary["mean"]}]
    only_maize = (await client.get("/mcpd/summary", params={"genus": "Zea"})).json()
    assert (only_maize["accessions"], only_maize["mean"]) == (6, 7.95)


async def test_an_export_of_nothing_is_a_header(client: httpx.AsyncClient) -> None:
    assert (await export_file(client)).decode() == ",".join((*MCPD_FIELDS, *EXTENSION_FIELDS)) + "\r\n"


async def test_round_trip_through_a_spreadsheet_file(client: httpx.AsyncClient, tmp_path: Path) -> None:
    """A file saved with a byte-order mark and semicolons (as spreadsheets do) reads back the same."""
    await load(client, mcpd([FULL_ROW]))
    first = await export_file(client, bom=True)
    semicolons = io.StringIO()
    csv.writer(semicolons, delimiter=";", lineterminator="\r\n").writerows(
        csv.reader(io.StringIO(first.decode("utf-8-sig")))
    )
    response = await client.post("/mcpd/import", content=b"\xef\xbb\xbf" + semicolons.getvalue().encode(), headers=CSV)
    assert response.json()["counts"]["unchanged"] == 1
