"""Wire types every domain shares: constrained text and numbers, ids, pages, problem details."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

import msgspec

__all__ = [
    "INT32_MAX",
    "Id",
    "Latitude",
    "Longitude",
    "Page",
    "PartialDateText",
    "ProblemDetails",
    "ProblemField",
    "ShortText",
    "Text",
    "provided",
    "single_line",
]

INT32_MAX = 2_147_483_647

_SINGLE_LINE = r"^[^\x00-\x1f\x7f]*$"
_MULTI_LINE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def single_line(max_length: int, *, min_length: int = 0, description: str | None = None) -> msgspec.Meta:
    """Constraints for one line of text: no control characters, bounded length."""
    return msgspec.Meta(min_length=min_length, max_length=max_length, pattern=_SINGLE_LINE, description=description)


ShortText = Annotated[str, single_line(200)]
Text = Annotated[str, msgspec.Meta(max_length=10_000, pattern=_MULTI_LINE)]
Id = Annotated[int, msgspec.Meta(ge=1, le=INT32_MAX)]
Latitude = Annotated[float, msgspec.Meta(ge=-90, le=90, description="decimal degrees, +N")]
Longitude = Annotated[float, msgspec.Meta(ge=-180, le=180, description="decimal degrees, +E")]
PartialDateText = Annotated[
    str,
    msgspec.Meta(
        min_length=4,
        max_length=10,
        pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?|[0-9-]{4})?$",
        description="YYYY, YYYY-MM or YYYY-MM-DD; MCPD YYYYMMDD with -- or 00 for unknown parts is read too",
        examples=["1981", "1981-10", "1981-10-31", "198110--"],
    ),
]

T = TypeVar("T")


class Page(msgspec.Struct, Generic[T]):
    """One page of a list; pass ``next`` back as ``cursor`` for the following page (null at the end)."""

    items: list[T]
    next: str | None = None


class ProblemField(msgspec.Struct):
    field: str | None
    message: str


class ProblemDetails(msgspec.Struct, omit_defaults=True):
    """RFC 9457 problem details, with the offending field named when there is one."""

    type: str
    title: str
    status: int
    detail: str
    field: str | None = None
    errors: list[ProblemField] | None = None
    instance: str | None = None


def provided(struct: msgspec.Struct) -> dict[str, Any]:
    """The fields a client actually sent in a partial update (those not left UNSET)."""
    return {name: value for name in struct.__struct_fields__ if (value := getattr(struct, name)) is not msgspec.UNSET}
