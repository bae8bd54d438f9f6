"""The web pages: home, log in, log out. Browsers hold a session cookie; forms carry a CSRF token."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.datastructures import Cookie
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from msgspec import Struct

from seedbank import __version__
from seedbank.accounts.principal import ANONYMOUS, Principal
from seedbank.accounts.services import open_web_session, principal_for_session
from seedbank.accounts.tables import WebSession
from seedbank.errors import DomainError
from seedbank.http import DatabaseDep, SettingsDep

__all__ = ["SESSION_COOKIE", "WebPages"]

SESSION_COOKIE = "seedbank_session"


class LoginForm(Struct):
    email: str = ""
    password: str = ""


async def _visitor(request: Request[Any, Any, Any], db: DatabaseDep) -> Principal:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return ANONYMOUS
    return await principal_for_session(db, token) or ANONYMOUS


class WebPages(Controller):
    path = "/"
    include_in_schema = False

    @get("/", name="home")
    async def home(self, request: Request[Any, Any, Any], db: DatabaseDep) -> Template:
        visitor = await _visitor(request, db)
        return Template("home.html", context={"visitor": visitor, "version": __version__})

    @get("/login", name="login")
    async def login_page(self) -> Template:
        return Template("login.html", context={"error": None, "email": ""})

    @post("/login", name="login-submit", status_code=303)
    async def login(
        self,
        request: Request[Any, Any, Any],
        db: DatabaseDep,
        settings: SettingsDep,
        data: Annotated[LoginForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template | Redirect:
        address = request.client.host if request.client else "unknown"
        try:
            token = await open_web_session(db, data.email, data.password, address)
        except DomainError as error:
            return Template(
                "login.html", context={"error": error.message, "email": data.email}, status_code=error.status_code
            )
        return Redirect(
            "/",
            status_code=303,
            cookies=[
                Cookie(
                    key=SESSION_COOKIE,
                    value=token,
                    httponly=True,
                    samesite="lax",
                    secure=settings.base_url.startswith("https://"),
                    path="/",
                )
            ],
        )

    @post("/logout", name="logout", status_code=303)
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        token = request.cookies.get(SESSION_COOKIE)
        if token:
            await WebSession.remove_session(token)
        response = Redirect("/", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response
