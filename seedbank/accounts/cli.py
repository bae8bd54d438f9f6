"""``seedbank users``: create, list and disable accounts from the command line (acting as the system)."""

from __future__ import annotations

import json
import sys

import click
import msgspec

from seedbank.accounts import services
from seedbank.accounts.principal import SYSTEM
from seedbank.accounts.roles import Role
from seedbank.accounts.schemas import UserCreate, UserRead, UserUpdate
from seedbank.cli_support import run_on_database
from seedbank.db import Database

__all__ = ["users_group"]


def _show(user: UserRead) -> str:
    organisations = ",".join(str(c) for c in user.custodian_ids) or "-"
    state = "active" if user.active else "disabled"
    return f"{user.id:>5}  {user.email:<32} {user.role:<9} {state:<8} organisations: {organisations}"


@click.group("users")
def users_group() -> None:
    """Accounts: create, list, disable."""


@users_group.command("create")
@click.option("--email", required=True, help="Used to log in.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="What the account may do.")
@click.option("--custodian", "custodians", type=int, multiple=True, help="Custodian id it belongs to (repeatable).")
@click.option("--name", default=None, help="Display name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (first line).")
def create(email: str, role: str, custodians: tuple[int, ...], name: str | None, password_stdin: bool) -> None:
    """Create an account. Without --password-stdin the password is asked for, twice."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    data = msgspec.convert(
        {"email": email, "password": password, "role": role, "custodian_ids": list(custodians), "name": name},
        UserCreate,
    )
    user = run_on_database(lambda db: services.create_user(db, SYSTEM, data))
    click.echo(f"created {_show(user)}")


@users_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line, for scripts.")
def list_(as_json: bool) -> None:
    """List every account."""

    async def everyone(db: Database) -> list[UserRead]:
        found: list[UserRead] = []
        cursor = None
        while True:
            page = await services.list_users(db, SYSTEM, role=None, cursor=cursor, limit=500)
            found += page.items
            if page.next is None:
                return found
            cursor = page.next

    for user in run_on_database(everyone):
        click.echo(json.dumps(msgspec.to_builtins(user), ensure_ascii=False) if as_json else _show(user))


@users_group.command("disable")
@click.argument("who")
def disable(who: str) -> None:
    """Disable an account (by id or e-mail): it can no longer log in and its tokens are revoked."""

    async def work(db: Database) -> UserRead:
        user_id = (
            int(who)
            if who.isdigit()
            else await db.fetch_value("SELECT id FROM account_user WHERE email = {}", who.strip().lower())
        )
        if user_id is None:
            raise click.ClickException(f"no account {who}")
        return await services.update_user(db, SYSTEM, int(user_id), UserUpdate(active=False))

    click.echo(f"disabled {_show(run_on_database(work))}")
