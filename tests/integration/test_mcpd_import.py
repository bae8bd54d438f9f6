"""MCPD import over HTTP, on both engines: dry runs, all-or-nothing, clean rows only, upserts, taxa, permissions."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import httpx
import pytest

from seedbank.accounts.roles import Role
from seedbank.catalog import mcpd_prepare
from seedbank.catalog.mcpd import EXTENSION_FIELDS, MCPD_FIELDS
from seedbank.catalog.mcpd_benchmark import generated_rows
from seedbank.db import Database
from tests.conftest import ClientFor
from tests.integration import factories as f

SAMPLE = Path(__file__).parents[1] / "data" / "mcpd-vavilov3-sample.csv"
CSV = {"content-type": "text/csv"}

GOOD = {"INSTCODE": "VEN001", "GENUS": "Zea", "SPECIES": "mays", "CROPNAME": "maíz", "SAMPSTAT": "300"}


def mcpd(rows: list[dict[str, str]], delimiter: str = ",") -> bytes:
    columns = list(dict.fromkeys(name for row in rows for name in row))
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


async def load(client: httpx.AsyncClient, data: bytes, **params: Any) -> dict[str, Any]:
    response = await client.post("/mcpd/import", content=data, headers=CSV, params=params)
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()
    return report


async def everything(db: Database) -> dict[str, list[dict[str, Any]]]:
    """What the catalogue holds, table by table, for before/after comparisons."""
    tables = ("taxon", "accession", "accession_term", "number_sequence", "audit_event")
    return {table: await db.fetch(f'SELECT * FROM "{table}" ORDER BY 1, 2') for table in tables}


BAD_FILE = mcpd(
    [
        GOOD | {"ACCENUMB": "VEN001-000001", "ACCENAME": "Maíz cariaco", "COLLDATE": "1981----"},
        GOOD | {"ACCENUMB": "VEN001-000002", "SAMPSTAT": "301", "COLLDATE": "19811332", "ACCENAME": "Ñame"},
        GOOD | {"ACCENUMB": "VEN001-000003", "ACCENAME": "Wayuu: ai'ruushi"},
    ]
)


async def test_a_dry_run_names_every_problem_and_writes_nothing(client: httpx.AsyncClient, database: Database) -> None:
    before = await everything(database)
    report = await load(client, BAD_FILE, dry_run=True, file_name="cuaderno.csv")
    assert report["outcome"] == "checked"
    assert report["file_name"] == "cuaderno.csv"
    assert report["counts"] | {"taxa_created": 1} == {
        "rows": 3, "clean": 2, "with_errors": 1, "with_warnings": 0, "inserted": 2, "updated": 0,
        "unchanged": 0, "skipped": 3, "taxa_created": 1,
    }  # fmt: skip
    found = {(p["row"], p["line"], p["column"], p["value"]): p for p in report["problems"]}
    assert set(found) == {(2, 3, "COLLDATE", "19811332"), (2, 3, "SAMPSTAT", "301")}
    assert "month 13 does not exist" in found[(2, 3, "COLLDATE", "19811332")]["reason"]
    assert all(p["severity"] == "error" for p in report["problems"])
    assert report["problems_total"] == 2
    assert not report["problems_truncated"]
    assert await everything(database) == before


async def test_a_default_import_of_a_file_with_a_bad_row_loads_nothing(
    client: httpx.AsyncClient, database: Database
) -> None:
    before = await everything(database)
    report = await load(client, BAD_FILE)
    assert report["outcome"] == "refused"
    assert report["counts"]["skipped"] == 3
    assert report["import_id"] is None
    assert await everything(database) == before


async def test_clean_only_loads_the_rest_and_reports_the_bad_rows(client: httpx.AsyncClient) -> None:
    report = await load(client, BAD_FILE, clean_only=True)
    assert report["outcome"] == "loaded"
    assert (report["counts"]["inserted"], report["counts"]["skipped"]) == (2, 1)
    assert {p["row"] for p in report["problems"]} == {2}
    numbers = [item["accession_number"] for item in (await client.get("/accessions")).json()["items"]]
    assert numbers == ["VEN001-000001", "VEN001-000003"]
    # Numbers shaped like the institute's own move its sequence past them.
    created = await f.accession(client, (await client.get("/taxa")).json()["items"][0]["id"])
    assert created["accession_number"] == "VEN001-000004"


async def test_the_vavilov3_sample_loads_with_its_quirks_reported(client: httpx.AsyncClient) -> None:
    report = await load(client, SAMPLE.read_bytes(), file_name=SAMPLE.name)
    assert report["outcome"] == "loaded"
    assert report["counts"]["inserted"] == 6
    assert report["counts"]["taxa_created"] == 1
    assert report["unknown_columns"] == ["IS_SAVE_DUPLICATE", "CONSTATUS", "IS_AVAILABLE"]
    assert [p["severity"] for p in report["file_problems"]] == ["warning"]
    assert {p["column"] for p in report["problems"]} == {"LATITUDE", "LONGITUDE"}
    assert report["counts"]["with_warnings"] == 6
    page = (await client.get("/accessions", params={"q": "millo"})).json()["items"]
    assert len(page) == 6
    accession = (await client.get(f"/accessions/{page[0]['id']}")).json()
    # Other genebanks' exports keep their own institute codes and numbers.
    assert (accession["instcode"], accession["accession_number"]) == ("ESP004", "BGE005836")
    assert accession["puid"] == "ESP004:BGE005836:Zea"
    assert accession["remarks"] == "CONSTATUS:is_active;IS_AVAILABLE:False"
    assert accession["collecting_date"] == "1981-10-31"
    assert accession["steward_custodian_id"] is None
    assert accession["pdci"] == 7.95


async def test_importing_the_same_file_again_changes_nothing(client: httpx.AsyncClient, database: Database) -> None:
    await load(client, SAMPLE.read_bytes())
    before = await everything(database)
    report = await load(client, SAMPLE.read_bytes())
    assert report["counts"] | {"with_warnings": 0} == {
        "rows": 6, "clean": 6, "with_errors": 0, "with_warnings": 0, "inserted": 0, "updated": 0,
        "unchanged": 6, "skipped": 0, "taxa_created": 0,
    }  # fmt: skip
    assert report["import_id"] is None
    assert await everything(database) == before  # not even updated_at, nor an audit row


async def test_changed_rows_update_with_an_audit_trail_and_the_rest_stay(
    client: httpx.AsyncClient, database: Database
) -> None:
    rows = list(csv.DictReader(io.StringIO(SAMPLE.read_text(encoding="utf-8"))))
    first = await load(client, mcpd(rows))
    assert first["import_id"] is not None
    before = {row["accession_number"]: row for row in await database.fetch("SELECT * FROM accession")}
    rows[2]["ACCENAME"] = "Millo do país;Millo corvo"
    rows[2]["ELEVATION"] = "80"
    report = await load(client, mcpd(rows), file_name="corregido.csv")
    assert (report["counts"]["updated"], report["counts"]["unchanged"]) == (1, 5)
    after = {row["accession_number"]: row for row in await database.fetch("SELECT * FROM accession")}
    changed = after["BGE005837"]
    assert (changed["accession_names"], changed["elevation_m"]) == ("Millo do país;Millo corvo", 80)
    assert changed["updated_at"] > before["BGE005837"]["updated_at"]
    assert all(after[number] == before[number] for number in after if number != "BGE005837")
    assert len((await client.get("/accessions", params={"q": "corvo"})).json()["items"]) == 1  # terms follow
    trail = (await client.get("/audit", params={"record": f"accession:{changed['id']}"})).json()["items"]
    assert trail[0]["action"] == "accession.update"
    assert trail[0]["before"]["accession_names"] == "Millo do pais"
    assert trail[0]["after"]["elevation_m"] == 80
    imports = [event for event in (await client.get("/audit")).json()["items"] if event["action"] == "mcpd.import"]
    assert [event["record_id"] for event in imports] == [report["import_id"], first["import_id"]]
    assert imports[0]["after"]["file_name"] == "corregido.csv"
    assert imports[0]["after"]["updated"] == 1


async def test_columns_a_file_lacks_keep_their_stored_values(client: httpx.AsyncClient) -> None:
    full = GOOD | {
        "ACCENUMB": "VEN001-000010", "ACCENAME": "Maíz cariaco", "COLLECTOR": "Yusmary Uriana",
        "HOLDERCOMMUNITY": "Comunidad Wayuu", "ACCESSTERMS": "community-only", "ELEVATION": "40",
    }  # fmt: skip
    await load(client, mcpd([full]))
    genesys = {name: value for name, value in full.items() if name not in EXTENSION_FIELDS} | {"ELEVATION": "41"}
    report = await load(client, mcpd([genesys]))
    assert report["counts"]["updated"] == 1
    item = (await client.get("/accessions")).json()["items"][0]
    accession = (await client.get(f"/accessions/{item['id']}")).json()
    assert (accession["elevation_m"], accession["access_terms"]) == (41, "community-only")
    assert (accession["collector"], accession["holder_community"]) == ("Yusmary Uriana", "Comunidad Wayuu")


async def test_the_same_key_twice_in_a_file_is_an_error_of_the_later_row(client: httpx.AsyncClient) -> None:
    rows = [GOOD | {"ACCENUMB": f"VEN001-{n:06d}"} for n in range(1, 1300)]
    rows.append(GOOD | {"ACCENUMB": "VEN001-000007", "ACCENAME": "otra vez"})  # in another batch than the first
    rows.append(GOOD | {"ACCENUMB": "VEN001-001299"})  # in the same batch
    report = await load(client, mcpd(rows), dry_run=True)
    repeats = [(p["row"], p["line"], p["column"], p["reason"]) for p in report["problems"]]
    assert repeats == [
        (1300, 1301, "ACCENUMB", "INSTCODE VEN001 and ACCENUMB VEN001-000007 repeat row 7 (line 8)"),
        (1301, 1302, "ACCENUMB", "INSTCODE VEN001 and ACCENUMB VEN001-001299 repeat row 1299 (line 1300)"),
    ]
    assert report["counts"]["inserted"] == 1299
    assert (await load(client, mcpd(rows)))["outcome"] == "refused"


async def test_taxa_are_matched_by_name_or_created(client: httpx.AsyncClient) -> None:
    existing = await f.taxon(client, genus="Zea", species="mays", subtaxa="subsp. mays", crop_name="maíz")
    rows = [
        GOOD | {"ACCENUMB": "A1", "SPECIES": "MAYS", "SUBTAXA": "subsp. mays", "CROPNAME": "Maiz"},
        GOOD | {"ACCENUMB": "A2", "GENUS": "Phaseolus", "SPECIES": "vulgaris", "CROPNAME": "caraota"},
        GOOD | {"ACCENUMB": "A3", "GENUS": "Phaseolus", "SPECIES": "vulgaris", "CROPNAME": ""},
    ]
    report = await load(client, mcpd(rows))
    assert report["counts"]["taxa_created"] == 1
    said = [(p["row"], p["column"], p["severity"]) for p in report["problems"]]
    assert said == [(1, "CROPNAME", "warning")]  # the stored crop name stays
    items = {item["accession_number"]: item for item in (await client.get("/accessions")).json()["items"]}
    assert items["A1"]["taxon"]["id"] == existing["id"]
    assert items["A1"]["taxon"]["crop_name"] == "maíz"
    assert items["A2"]["taxon"]["id"] == items["A3"]["taxon"]["id"] != existing["id"]
    assert items["A2"]["taxon"]["full_name"] == "Phaseolus vulgaris"


async def test_a_file_level_problem_refuses_the_file_even_for_clean_rows_only(client: httpx.AsyncClient) -> None:
    for data in (
        b"INSTCODE,GENUS\r\nVEN001,Zea\r\n",
        b"INSTCODE,ACCENUMB,GENUS,GENUS\r\nVEN001,A1,Zea,Zea\r\n",
        b"\r\n",
    ):
        report = await load(client, data, clean_only=True)
        assert report["outcome"] == "refused", data
        assert any(p["severity"] == "error" for p in report["file_problems"])
    f.problem(await client.post("/mcpd/import", content=b"", headers=CSV), 422, "file")  # no file at all
    assert (await client.get("/accessions")).json()["items"] == []


async def test_encodings_delimiters_and_forms(client: httpx.AsyncClient) -> None:
    rows = [GOOD | {"ACCENUMB": "A1", "ACCENAME": "Ñame morado;Señora ɨ"}]
    latin = mcpd([GOOD | {"ACCENUMB": "A2", "ACCENAME": "Ñame de la señora"}], delimiter=";").decode().encode("cp1252")
    assert (await load(client, mcpd(rows, delimiter="\t")))["delimiter"] == "\t"
    report = await load(client, latin)
    assert (report["encoding"], report["delimiter"], report["counts"]["inserted"]) == ("cp1252", ";", 1)
    form = await client.post(
        "/mcpd/import", files={"file": ("cuaderno de semillas.csv", mcpd([GOOD | {"ACCENUMB": "A3"}]), "text/csv")}
    )
    assert form.status_code == 200, form.text
    assert (form.json()["file_name"], form.json()["counts"]["inserted"]) == ("cuaderno de semillas.csv", 1)
    names = {
        item["accession_number"]: item["accession_names"] for item in (await client.get("/accessions")).json()["items"]
    }
    assert names == {"A1": ["Ñame morado", "Señora ɨ"], "A2": ["Ñame de la señora"], "A3": []}
    empty_form = await client.post("/mcpd/import", files={"notes": (None, b"solo una nota")})  # no file part
    f.problem(empty_form, 422, "file")


async def test_a_file_crossing_batches_loads_whole(client: httpx.AsyncClient, database: Database) -> None:
    rows = list(generated_rows(2345, seed=8))
    report = await load(client, mcpd(rows))
    assert report["counts"]["inserted"] == 2345
    assert await database.fetch_value("SELECT COUNT(*) FROM accession") == 2345
    # Every accession has its search terms, as if created one by one.
    assert (
        await database.fetch_value(
            "SELECT COUNT(*) FROM accession a "
            "WHERE NOT EXISTS (SELECT 1 FROM accession_term t WHERE t.accession = a.id)"
        )
        == 0
    )
    assert (await load(client, mcpd(rows)))["counts"]["unchanged"] == 2345


@pytest.mark.parametrize("dry_run", [True, False])
async def test_who_may_import(client: httpx.AsyncClient, client_for: ClientFor, dry_run: bool) -> None:
    a = await f.custodian(client, name="Comuna El Maizal")
    c = await f.custodian(client, name="Centro Nacional de Resguardo", kind="centre", setting="urban")
    data = mcpd([GOOD | {"ACCENUMB": "VEN001-000100"}])
    for role, custodians, status in (
        (None, [], 401),
        (Role.FARMER, [], 403),
        (Role.CUSTODIAN, [a["id"]], 403),
        (Role.CENTRE, [c["id"]], 200),
    ):
        http = await client_for(role, custodians)
        response = await http.post("/mcpd/import", content=data, headers=CSV, params={"dry_run": dry_run})
        assert response.status_code == status, (role, response.text)
        if status != 200:
            f.problem(response, status)
    if not dry_run:  # the centre's new accessions are stewarded by the centre
        item = (await client.get("/accessions")).json()["items"][0]
        assert (await client.get(f"/accessions/{item['id']}")).json()["steward_custodian_id"] == c["id"]


async def test_an_import_updates_only_what_its_importer_may(client: httpx.AsyncClient, client_for: ClientFor) -> None:
    a = await f.custodian(client, name="Comuna El Maizal")
    c = await f.custodian(client, name="Centro Nacional de Resguardo", kind="centre", setting="urban")
    await load(client, mcpd([GOOD | {"ACCENUMB": "A1"}, GOOD | {"ACCENUMB": "A2"}]), steward_custodian_id=a["id"])
    centre = await client_for(Role.CENTRE, [c["id"]])
    rows = [GOOD | {"ACCENUMB": "A1", "ELEVATION": "5"}, GOOD | {"ACCENUMB": "A2"}, GOOD | {"ACCENUMB": "A3"}]
    response = await centre.post("/mcpd/import", content=mcpd(rows), headers=CSV, params={"clean_only": True})
    report = response.json()
    assert [(p["row"], p["column"]) for p in report["problems"]] == [(1, "ACCENUMB")]
    assert "may only update accessions its own organisation stewards" in report["problems"][0]["reason"]
    assert (report["counts"]["inserted"], report["counts"]["unchanged"]) == (1, 1)
    missing = await client.post("/mcpd/import", content=mcpd(rows), headers=CSV, params={"steward_custodian_id": 999})
    f.problem(missing, 404, "steward_custodian_id")


async def test_pdci_in_the_api_is_the_index_of_the_exported_row(client: httpx.AsyncClient) -> None:
    from seedbank.catalog.mcpd import McpdReader
    from seedbank.catalog.pdci import pdci

    rows = [
        *generated_rows(60, seed=3),
        dict.fromkeys(MCPD_FIELDS, "") | GOOD | {"ACCENUMB": "BARE"},
        GOOD | {"ACCENUMB": "URL", "ACCEURL": "https://semillas.example/1", "PUID": "urn:x:1", "DONORNUMB": "7"},
    ]
    await load(client, mcpd(rows))
    exported = (await client.get("/mcpd/export")).content
    by_number = {row.fields["ACCENUMB"]: pdci(row.fields).score for row in McpdReader([exported])}
    assert len(by_number) == 62
    cursor = None
    while True:
        page = (await client.get("/accessions", params={"limit": 50} | ({"cursor": cursor} if cursor else {}))).json()
        for item in page["items"]:
            accession = (await client.get(f"/accessions/{item['id']}")).json()
            assert accession["pdci"] == by_number[accession["accession_number"]], accession["accession_number"]
        if not (cursor := page["next"]):
            break


async def test_a_large_file_is_checked_by_a_worker_process_with_the_same_outcome(
    client: httpx.AsyncClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    repeat, bad = GOOD | {"ACCENUMB": "VEN001-000003"}, GOOD | {"ACCENUMB": "X1", "SAMPSTAT": "301"}
    rows = [*generated_rows(1500, seed=12), repeat, bad]
    in_thread = await load(client, mcpd(rows), dry_run=True)
    monkeypatch.setattr(mcpd_prepare, "WORKER_ABOVE_BYTES", 1)
    spawned: list[object] = []
    start = mcpd_prepare._InProcess.start

    async def counting(*args: Any) -> Any:
        spawned.append(args)
        return await start(*args)

    monkeypatch.setattr(mcpd_prepare._InProcess, "start", counting)
    in_worker = await load(client, mcpd(rows), dry_run=True)
    assert spawned
    assert in_worker == in_thread
    assert in_worker["problems"][-2]["reason"].startswith("INSTCODE VEN001 and ACCENUMB VEN001-000003 repeat row 3")
    assert in_worker["problems"][-1]["column"] == "SAMPSTAT"
    loaded = await load(client, mcpd(rows), clean_only=True)
    assert loaded["counts"]["inserted"] == 1500
    assert await database.fetch_value("SELECT COUNT(*) FROM accession") == 1500
