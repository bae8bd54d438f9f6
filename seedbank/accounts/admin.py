"""The admin console: piccolo-admin over every table, read-only, for admin and centre staff.

Read-only on purpose: changes made there would skip the services' rules and the audit trail,
so records are browsed in the console and fixed through the API, where every change is checked
and recorded. Only users whose role is admin or centre can log in (their ``admin`` flag is kept
in step with their role).
"""

from __future__ import annotations

from collections.abc import Sequence

from litestar import asgi
from litestar.handlers.asgi_handlers import ASGIRouteHandler
from litestar.response import Redirect
from litestar.types import ASGIApp, Receive, Scope, Send
from piccolo.table import Table
from piccolo_admin.endpoints import create_admin

from seedbank.accounts.tables import User, WebSession

__all__ = ["admin_console"]


def admin_console(tables: Sequence[type[Table]], *, production: bool) -> ASGIRouteHandler:
    """The console mounted at /admin/, and a redirect from /admin.

    Built on its first request, once: piccolo-admin takes most of a second to build, which
    every app start (and every test) would otherwise pay.
    """
    built: list[ASGIApp] = []

    def console() -> ASGIApp:
        if not built:
            built.append(
                create_admin(
                    tables=list(tables),
                    auth_table=User,
                    session_table=WebSession,
                    read_only=True,
                    site_name="seedbank",
                    production=production,
                    auto_include_related=False,
                )
            )
        return built[0]

    @asgi("/admin", is_mount=True, copy_scope=True)
    async def admin(scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("raw_path", b"").rstrip(b"?") == b"/admin":  # assets load relative to /admin/
            await Redirect("/admin/", status_code=308).to_asgi_response(None, None)(scope, receive, send)  # type: ignore[arg-type]
            return
        await console()(scope, receive, send)

    return admin
