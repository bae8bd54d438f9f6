"""What makes a password acceptable (pure). Hashing is Piccolo's BaseUser's (PBKDF2-SHA256)."""

from __future__ import annotations

from seedbank.errors import InvalidInput
from seedbank.text import fold

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "check_password"]

MIN_LENGTH = 10
MAX_LENGTH = 128
# The most common choices people make here; a real list would be longer, the length rule does most of the work.
_COMMON = frozenset(
    {
        "1234567890", "12345678910", "0123456789", "qwertyuiop", "contraseña", "contrasena1", "password12",
        "password123", "semillas123", "venezuela1", "venezuela123", "administrador", "iloveyou12",
    }
)  # fmt: skip


def check_password(password: str, *, email: str = "") -> None:
    """Raise InvalidInput naming ``password`` unless it is long, varied and not the e-mail."""
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"a password has at least {MIN_LENGTH} characters", field="password")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"a password has at most {MAX_LENGTH} characters", field="password")
    if len(set(password)) < 4:
        raise InvalidInput("a password needs more than three different characters", field="password")
    folded = fold(password)
    if folded in _COMMON or (email and folded in (fold(email), fold(email.split("@", 1)[0]))):
        raise InvalidInput("that password is too easy to guess", field="password")
