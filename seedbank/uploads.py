"""Uploaded files kept on disk as they arrive: a raw body, or the file part of a ``multipart/form-data`` form.

Nothing is held in memory whole: chunks go to a named temporary file (which a worker process can open
again, and which goes away when closed), and a form is parsed as it streams
(``multipart.PushMultipartParser``, which Litestar uses too).
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterable
from typing import IO

from multipart import MultipartSegment, ParserError, PushMultipartParser, parse_options_header  # type: ignore[import-untyped]

from seedbank.errors import InvalidInput

__all__ = ["spool_upload", "spooled_file"]


def spooled_file() -> IO[bytes]:
    """A temporary file on disk for an upload, removed when closed (use it in a ``with``)."""
    return tempfile.NamedTemporaryFile(prefix="seedbank-upload-", suffix=".csv")


async def spool_upload(body: AsyncIterable[bytes], content_type: str | None, spool: IO[bytes]) -> str | None:
    """Write the uploaded file into ``spool`` (rewound afterwards); the file name a form gave, if any.

    A form's file is its part named ``file``, or else its first part with a file name.
    """
    media_type, options = parse_options_header(content_type or "")
    if media_type != "multipart/form-data":
        async for chunk in body:
            spool.write(chunk)
        _not_empty(spool)
        return None
    boundary = options.get("boundary")
    if not boundary:
        raise InvalidInput("a multipart/form-data body needs a boundary in its Content-Type", field="file")
    file_name: str | None = None
    state = "looking"  # → "copying" the file's part → "done"
    try:
        parser = PushMultipartParser(boundary)
        async for chunk in body:
            if not chunk:
                continue
            for event in parser.parse(chunk):
                state, file_name = _follow(event, state, file_name, spool)
        for event in parser.parse(b""):
            state, file_name = _follow(event, state, file_name, spool)
    except ParserError as error:
        raise InvalidInput(f"the form cannot be read: {error}", field="file") from None
    if state == "looking":
        raise InvalidInput("the form has no file: send it as the part named `file`", field="file")
    _not_empty(spool)
    return file_name


def _not_empty(spool: IO[bytes]) -> None:
    """Rewind the spool; an upload of nothing at all is a request without its file."""
    if spool.tell() == 0:
        raise InvalidInput(
            "the request carries no file: send the MCPD file as the body (or a form's file)", field="file"
        )
    spool.seek(0)


def _follow(event: object, state: str, file_name: str | None, spool: IO[bytes]) -> tuple[str, str | None]:
    if isinstance(event, MultipartSegment):
        if state == "looking" and (event.name == "file" or event.filename):
            return "copying", event.filename or None
        return state, file_name
    if event is None:  # the end of a part
        return ("done" if state == "copying" else state), file_name
    if state == "copying":
        spool.write(bytes(event))  # type: ignore[call-overload]
    return state, file_name
