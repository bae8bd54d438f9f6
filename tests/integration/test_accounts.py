"""Accounts over HTTP: tokens, who am I, revocation, expiry, rate limits, bad input, no secrets out."""

from __future__ import annotations

import datetime as dt

import httpx

from seedbank.accounts.roles import Role
from seedbank.db import Database
from tests.conftest import PASSWORD, ClientFor
from tests.integration import factories as f


async def test_token_login_me_and_revoke(client: httpx.AsyncClient, anonymous: httpx.AsyncClient) -> None:
    lara = await f.custodian(client)
    created = await f.created(
        await client.post(
            "/users",
            json={
                "email": "Maria@Maizal.test",
                "password": PASSWORD,
                "role": "custodian",
                "custodian_ids": [lara["id"]],
            },
        )
    )
    assert created["email"] == "maria@maizal.test"
    assert "password" not in created
    issued = await f.created(
        await anonymous.post("/auth/token", json={"email": "maria@maizal.test", "password": PASSWORD, "name": "tablet"})
    )
    assert issued["token"].startswith("sbk_")
    assert issued["token_type"] == "Bearer"
    headers = {"Authorization": f"Bearer {issued['token']}"}
    me = (await anonymous.get("/auth/me", headers=headers)).json()
    assert (me["user"]["email"], me["user"]["role"], me["user"]["custodian_ids"]) == (
        "maria@maizal.test",
        "custodian",
        [lara["id"]],
    )
    assert "lot.write:own" in me["permissions"]
    tokens = (await anonymous.get("/auth/tokens", headers=headers)).json()["items"]
    assert [t["name"] for t in tokens] == ["tablet"]
    assert all("token" not in t and "token_hash" not in t for t in tokens)

    revoked = await anonymous.delete(f"/auth/tokens/{issued['id']}", headers=headers)
    assert revoked.status_code == 200, revoked.text
    f.problem(await anonymous.get("/auth/me", headers=headers), 401)


async def test_others_tokens_are_not_there_for_you(client_for: ClientFor, client: httpx.AsyncClient) -> None:
    farmer = await client_for(Role.FARMER)
    mine = (await client.get("/auth/tokens")).json()["items"][0]
    f.problem(await farmer.delete(f"/auth/tokens/{mine['id']}"), 404, "token_id")
    f.problem(await farmer.delete("/auth/tokens/999999"), 404, "token_id")


async def test_expired_tokens_and_disabled_users_are_refused(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient, database: Database
) -> None:
    await f.created(
        await client.post("/users", json={"email": "pedro@example.test", "password": PASSWORD, "role": "farmer"})
    )
    issued = (await anonymous.post("/auth/token", json={"email": "pedro@example.test", "password": PASSWORD})).json()
    headers = {"Authorization": f"Bearer {issued['token']}"}
    assert (await anonymous.get("/auth/me", headers=headers)).status_code == 200
    async with database.write():
        await database.fetch(
            "UPDATE account_api_token SET expires_at = {} WHERE id = {}", dt.datetime.now(dt.UTC), issued["id"]
        )
    f.problem(await anonymous.get("/auth/me", headers=headers), 401)

    second = (await anonymous.post("/auth/token", json={"email": "pedro@example.test", "password": PASSWORD})).json()
    headers = {"Authorization": f"Bearer {second['token']}"}
    user_id = second["user"]["id"]
    assert (await client.patch(f"/users/{user_id}", json={"active": False})).status_code == 200
    f.problem(await anonymous.get("/auth/me", headers=headers), 401)
    f.problem(await anonymous.post("/auth/token", json={"email": "pedro@example.test", "password": PASSWORD}), 401)


async def test_login_attempts_are_rate_limited_per_account(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    await f.created(
        await client.post("/users", json={"email": "ana@example.test", "password": PASSWORD, "role": "farmer"})
    )
    for _ in range(5):
        f.problem(
            await anonymous.post("/auth/token", json={"email": "ana@example.test", "password": "wrong one!!"}), 401
        )
    limited = await anonymous.post("/auth/token", json={"email": "ana@example.test", "password": PASSWORD})
    f.problem(limited, 429)
    assert int(limited.headers["retry-after"]) > 0
    # Another account from another address is not held up by ana's guesses.
    await f.created(
        await client.post("/users", json={"email": "luis@example.test", "password": PASSWORD, "role": "farmer"})
    )
    assert (
        await anonymous.post("/auth/token", json={"email": "luis@example.test", "password": PASSWORD})
    ).status_code == 201


async def test_unknown_email_and_wrong_password_look_the_same(
    client: httpx.AsyncClient, anonymous: httpx.AsyncClient
) -> None:
    await f.created(
        await client.post("/users", json={"email": "eva@example.test", "password": PASSWORD, "role": "farmer"})
    )
    wrong = f.problem(
        await anonymous.post("/auth/token", json={"email": "eva@example.test", "password": "nope nope nope"}), 401
    )
    unknown = f.problem(
        await anonymous.post("/auth/token", json={"email": "nadie@example.test", "password": PASSWORD}), 401
    )
    assert wrong["detail"] == unknown["detail"]


async def test_bad_account_input_is_refused_with_the_field(client: httpx.AsyncClient) -> None:
    lara = await f.custodian(client)
    body = {"email": "x@example.test", "password": PASSWORD, "role": "farmer"}
    f.problem(await client.post("/users", json=body | {"role": "wizard"}), 400, "role")
    f.problem(await client.post("/users", json=body | {"password": ""}), 400, "password")
    f.problem(await client.post("/users", json=body | {"password": "short"}), 422, "password")
    f.problem(await client.post("/users", json=body | {"password": "aaaaaaaaaaaa"}), 422, "password")
    f.problem(await client.post("/users", json=body | {"password": "1234567890"}), 422, "password")
    f.problem(await client.post("/users", json=body | {"email": "not-an-email"}), 400, "email")
    f.problem(await client.post("/users", json=body | {"role": "custodian"}), 422, "custodian_ids")
    f.problem(
        await client.post("/users", json=body | {"role": "custodian", "custodian_ids": [999]}), 404, "custodian_ids"
    )
    await f.created(await client.post("/users", json=body | {"role": "custodian", "custodian_ids": [lara["id"]]}))
    f.problem(await client.post("/users", json=body | {"email": "X@Example.test"}), 409, "email")
