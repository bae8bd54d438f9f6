"""The HTTP edge: problem details, health, the OpenAPI document, the app's own lifespan."""

from __future__ import annotations

import httpx

from seedbank.app import create_app
from seedbank.settings import Settings
from tests.integration import factories as f


async def test_health(client: httpx.AsyncClient, settings: Settings) -> None:
    body = (await client.get("/health")).json()
    assert body["status"] == "ok"
    assert body["engine"] == settings.database_url.split(":", 1)[0].replace("postgresql", "postgres")


async def test_malformed_json_and_unknown_routes_are_problems(client: httpx.AsyncClient) -> None:
    f.problem(await client.post("/taxa", content=b"{not json", headers={"content-type": "application/json"}), 400)
    f.problem(await client.get("/no-such-thing"), 404)
    f.problem(await client.delete("/taxa"), 405)
    f.problem(await client.get("/lots/0"), 400, "lot_id")
    f.problem(await client.get("/lots/99999999999"), 400, "lot_id")


async def test_openapi_documents_problems_and_strict_bodies(client: httpx.AsyncClient) -> None:
    schema = (await client.get("http://seedbank.test/schema/openapi.json")).json()
    post = schema["paths"]["/api/v1/lots/{lot_id}/ledger"]["post"]
    assert set(post["responses"]) == {"201", "400", "401", "403", "404", "409", "422"}
    assert "application/problem+json" in post["responses"]["409"]["content"]
    assert schema["components"]["schemas"]["MovementCreate"]["additionalProperties"] is False
    assert (await client.options("/accessions")).headers["allow"] == "GET, OPTIONS, POST"
    assert (await client.options("/accessions/1")).headers["allow"] == "GET, OPTIONS, PATCH"


async def test_the_app_starts_and_stops_its_own_database(settings: Settings, database: object) -> None:
    app = create_app(settings)
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://seedbank.test") as http:
            assert (await http.get("/api/v1/health")).status_code == 200
