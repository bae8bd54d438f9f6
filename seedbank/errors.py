"""Domain errors: what services raise. Only the HTTP edge turns them into status codes."""

from __future__ import annotations

__all__ = [
    "Conflict",
    "DomainError",
    "Forbidden",
    "InvalidInput",
    "InvalidState",
    "NotFound",
    "TooManyRequests",
    "Unauthorized",
    "UpstreamError",
]


class DomainError(Exception):
    """Base of every error a service raises on purpose.

    ``field`` names the offending input (``"quantity"``, ``"collecting_date"``) when there is one.
    """

    status_code: int = 400
    title: str = "Bad request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    status_code = 404
    title = "Not found"


class Conflict(DomainError):
    """The request collides with what is stored (a duplicate number, a lost race)."""

    status_code = 409
    title = "Conflict"


class InvalidState(DomainError):
    """The record is in a state that does not allow this operation."""

    status_code = 409
    title = "Invalid state"


class InvalidInput(DomainError):
    """Well-formed input that breaks a domain rule (an impossible date, too few seeds)."""

    status_code = 422
    title = "Invalid input"


class Unauthorized(DomainError):
    status_code = 401
    title = "Not authenticated"


class Forbidden(DomainError):
    status_code = 403
    title = "Forbidden"


class TooManyRequests(DomainError):
    """Slow down: too many attempts in a short time (login guessing)."""

    status_code = 429
    title = "Too many requests"

    def __init__(self, message: str, *, retry_after_s: int, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.retry_after_s = retry_after_s


class UpstreamError(DomainError):
    """A service we depend on (the geocoder) answered with an error or with nonsense: not the caller's fault."""

    status_code = 502
    title = "Upstream error"
