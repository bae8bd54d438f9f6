"""Keyset pagination: opaque cursors that carry the sort key of the last row served."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from seedbank.errors import InvalidInput

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "decode_cursor", "encode_cursor"]

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


def encode_cursor(*key: str | int) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *shape: type[Any]) -> tuple[Any, ...]:
    """The key a cursor carries, checked against the types this list sorts by."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidInput("the cursor is not one this list handed out", field="cursor") from None
    if (
        not isinstance(key, list)
        or len(key) != len(shape)
        or not all(type(value) is kind for value, kind in zip(key, shape, strict=True))
    ):
        raise InvalidInput("the cursor is not one this list handed out", field="cursor")
    return tuple(key)
