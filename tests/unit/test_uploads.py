"""Uploads kept on disk as they arrive: raw bodies and forms, split anywhere."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest

from seedbank.errors import InvalidInput
from seedbank.uploads import spool_upload

FILE = "INSTCODE,ACCENUMB,GENUS,ACCENAME\r\nVEN001,A1,Zea,Ñame morado\r\n".encode()
BOUNDARY = "semillas-libres"


def form(*parts: tuple[str, str | None, bytes]) -> bytes:
    body = b""
    for name, file_name, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{file_name}"' if file_name else "")
        body += f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode()


async def chunks(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize("size", [1, 7, 64, 100_000])
async def test_a_form_file_part_is_kept_whatever_the_chunks(size: int) -> None:
    body = form(("nota", None, b"hola"), ("file", "cuaderno de semillas.csv", FILE), ("otro", "x.csv", b"no"))
    spool = io.BytesIO()
    name = await spool_upload(chunks(body, size), f"multipart/form-data; boundary={BOUNDARY}", spool)
    assert (name, spool.read()) == ("cuaderno de semillas.csv", FILE)


async def test_a_raw_body_is_the_file() -> None:
    spool = io.BytesIO()
    assert await spool_upload(chunks(FILE, 5), "text/csv", spool) is None
    assert spool.read() == FILE


async def test_the_first_named_file_serves_when_no_part_is_called_file() -> None:
    spool = io.BytesIO()
    name = await spool_upload(
        chunks(form(("datos", "mcpd.csv", FILE)), 9), f"multipart/form-data; boundary={BOUNDARY}", spool
    )
    assert (name, spool.read()) == ("mcpd.csv", FILE)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "text/csv"),
        (form(("nota", None, b"hola")), f"multipart/form-data; boundary={BOUNDARY}"),
        (form(("file", "vacio.csv", b"")), f"multipart/form-data; boundary={BOUNDARY}"),
        (b"--semillas-libres\r\nbroken", f"multipart/form-data; boundary={BOUNDARY}"),
        (FILE, "multipart/form-data"),
    ],
)
async def test_no_file_is_refused_naming_the_file(body: bytes, content_type: str) -> None:
    with pytest.raises(InvalidInput) as error:
        await spool_upload(chunks(body, 4), content_type, io.BytesIO())
    assert error.value.field == "file"
