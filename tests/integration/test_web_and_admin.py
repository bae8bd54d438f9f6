"""Web pages with a session cookie and CSRF-protected forms; the admin console for staff only."""

from __future__ import annotations

import httpx

from seedbank.accounts.roles import Role
from seedbank.db import Database
from tests.conftest import PASSWORD, login


async def _csrf(web: httpx.AsyncClient) -> str:
    page = await web.get("/login")
    assert page.status_code == 200
    token: str = web.cookies["csrftoken"]
    return token


async def test_login_and_logout_with_a_session_cookie(transport: httpx.ASGITransport, database: Database) -> None:
    await login(database, "centro@semillas.test", Role.CENTRE)
    async with httpx.AsyncClient(transport=transport, base_url="http://seedbank.test") as web:
        token = await _csrf(web)
        wrong = await web.post(
            "/login", data={"email": "centro@semillas.test", "password": "nope nope", "_csrf_token": token}
        )
        assert wrong.status_code == 401
        assert "Iniciar sesión" in wrong.text
        ok = await web.post(
            "/login", data={"email": "centro@semillas.test", "password": PASSWORD, "_csrf_token": token}
        )
        assert ok.status_code == 303
        home = await web.get("/")
        assert "centro@semillas.test" in home.text
        assert "/admin/" in home.text  # staff see the console link
        out = await web.post("/logout", data={"_csrf_token": web.cookies["csrftoken"]})
        assert out.status_code == 303
        assert "centro@semillas.test" not in (await web.get("/")).text


async def test_forms_without_the_csrf_token_are_refused(transport: httpx.ASGITransport, database: Database) -> None:
    await login(database, "maria@semillas.test", Role.FARMER)
    async with httpx.AsyncClient(transport=transport, base_url="http://seedbank.test") as web:
        await _csrf(web)
        refused = await web.post("/login", data={"email": "maria@semillas.test", "password": PASSWORD})
        assert refused.status_code == 403
        assert "seedbank_session" not in web.cookies


async def test_admin_console_is_mounted_and_lets_only_staff_in(
    transport: httpx.ASGITransport, database: Database
) -> None:
    await login(database, "jefa@semillas.test", Role.ADMIN)
    await login(database, "campesino@semillas.test", Role.FARMER)
    async with httpx.AsyncClient(transport=transport, base_url="http://seedbank.test") as web:
        redirect = await web.get("/admin")
        assert redirect.status_code == 308
        assert redirect.headers["location"] == "/admin/"
        page = await web.get("/admin/")
        assert page.status_code == 200
        for email, allowed in (("campesino@semillas.test", False), ("jefa@semillas.test", True)):
            web.cookies.clear()
            await web.get("/admin/")
            headers = {"X-CSRFToken": web.cookies.get("csrftoken", "")}
            logged = await web.post(
                "/admin/public/login/", json={"username": email, "password": PASSWORD}, headers=headers
            )
            assert logged.status_code in (200, 303), logged.text
            tables = await web.get("/admin/api/tables/")
            assert (tables.status_code == 200) is allowed, (email, tables.status_code, tables.text)
            if allowed:
                assert "lot_entry" in tables.text
