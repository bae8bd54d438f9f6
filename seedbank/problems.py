"""Every error leaves as ``application/problem+json`` (RFC 9457) with a message and the field at fault."""

from __future__ import annotations

import logging
import re
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.types import ExceptionHandlersMap

from seedbank.contracts import ProblemDetails, ProblemField
from seedbank.db import translate_driver_error
from seedbank.db.driver_errors import DRIVER_ERRORS
from seedbank.errors import DomainError, TooManyRequests, Unauthorized
from seedbank.http import PROBLEM_MEDIA_TYPE

__all__ = ["EXCEPTION_HANDLERS", "problem_response"]

log = logging.getLogger("seedbank")

_PATH_IN_MESSAGE = re.compile(r" - at `\$\.?(?P<path>[^`]*)`")
_UNKNOWN_FIELD = re.compile(r"unknown field `(?P<path>[^`]*)`")
_TYPE_BASE = "urn:seedbank:problem:"


def problem_response(
    request: Request[Any, Any, Any],
    status: int,
    title: str,
    detail: str,
    *,
    field: str | None = None,
    errors: list[ProblemField] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[ProblemDetails]:
    slug = title.lower().replace(" ", "-")
    return Response(
        ProblemDetails(
            type=_TYPE_BASE + slug,
            title=title,
            status=status,
            detail=detail,
            field=field,
            errors=errors,
            instance=request.url.path,
        ),
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=headers,
    )


def _domain_error(request: Request[Any, Any, Any], error: DomainError) -> Response[ProblemDetails]:
    headers: dict[str, str] = {}
    if isinstance(error, Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="seedbank"'
    if isinstance(error, TooManyRequests):
        headers["Retry-After"] = str(error.retry_after_s)
    return problem_response(
        request, error.status_code, error.title, error.message, field=error.field, headers=headers or None
    )


def _field_of(key: str | None, message: str) -> str | None:
    """``data.quantity`` or ``... - at `$.quantity` `` → ``quantity``."""
    for pattern in (_PATH_IN_MESSAGE, _UNKNOWN_FIELD):
        if (match := pattern.search(message)) and match.group("path"):
            return match.group("path")
    if key in (None, "", "data", "body"):
        return None
    return key.removeprefix("data.")


def _validation_error(request: Request[Any, Any, Any], error: ValidationException) -> Response[ProblemDetails]:
    errors: list[ProblemField] = []
    extra = error.extra if isinstance(error.extra, list) else [error.extra] if error.extra else []
    for item in extra:
        if isinstance(item, dict):
            message = str(item.get("message", "invalid value"))
            key = item.get("key")
            errors.append(ProblemField(field=_field_of(str(key) if key else None, message), message=message))
        else:
            errors.append(ProblemField(field=None, message=str(item)))
    if not errors:
        errors.append(ProblemField(field=None, message=error.detail))
    first = errors[0]
    where = f" ({first.field})" if first.field else ""
    return problem_response(
        request, 400, "Invalid request", f"{first.message}{where}", field=first.field, errors=errors
    )


def _http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[ProblemDetails]:
    title = {404: "Not found", 405: "Method not allowed"}.get(error.status_code, "HTTP error")
    return problem_response(request, error.status_code, title, error.detail, headers=error.headers)


def _unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[ProblemDetails]:
    if isinstance(error, DRIVER_ERRORS) and (domain_error := translate_driver_error(error)) is not None:
        return _domain_error(request, domain_error)
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem_response(request, 500, "Internal error", "something went wrong on our side; it has been logged")


EXCEPTION_HANDLERS: ExceptionHandlersMap = {
    DomainError: _domain_error,
    ValidationException: _validation_error,
    HTTPException: _http_error,
    Exception: _unexpected,
}
