"""``seedbank labels`` and ``seedbank inventory``: the real command, run against the test database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.conftest import Engine
from tests.integration.printed import CODE128, QR, decode, link, page_texts
from tests.integration.reports_world import INDIGENOUS_NAME, MAIZE_NAME, World, build

BIN = Path(sys.executable).parent


@pytest.fixture
async def world(client: httpx.AsyncClient) -> World:
    return await build(client)


def seedbank(engine: Engine, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "SEEDBANK_DATABASE_URL": engine.url, "SEEDBANK_LOG_LEVEL": "WARNING"}
    env.pop("SEEDBANK_BASE_URL", None)  # the default, http://127.0.0.1:8000, as the tests' links expect
    return subprocess.run([BIN / "seedbank", *args], env=env, cwd=cwd, capture_output=True, check=False, timeout=120)


async def test_labels_for_a_custodian_with_a_progress_bar(engine: Engine, world: World, tmp_path: Path) -> None:
    run = seedbank(
        engine, "labels", "--custodian", str(world.maizal["id"]), "--layout", "L7160", "-o", "e.pdf", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().startswith("e.pdf: 6 labels")
    assert "drawing labels" in run.stderr.decode()
    assert "6/6" in run.stderr.decode()
    pdf = (tmp_path / "e.pdf").read_bytes()
    assert sorted(decode(pdf, QR)) == sorted(
        link(a["puid"]) for a in (world.maize, world.maize, world.doi) for _ in "12"
    )
    assert MAIZE_NAME in page_texts(pdf)[0]


async def test_labels_to_standard_output_and_a_dated_default_name(engine: Engine, world: World, tmp_path: Path) -> None:
    lot = str(world.yam_lot["id"])
    run = seedbank(
        engine,
        "labels",
        "--lot",
        lot,
        "--code",
        "code128",
        "--layout",
        "l7163",
        "--copies",
        "1",
        "-o",
        "-",
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr.decode()
    assert decode(run.stdout, CODE128, dpi=600) == [world.yam["puid"]]
    assert INDIGENOUS_NAME in page_texts(run.stdout)[0]
    run = seedbank(engine, "labels", "--accession", str(world.maize["id"]), "--quiet", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    (written,) = tmp_path.glob("etiquetas-accesiones-*.pdf")
    assert decode(written.read_bytes(), QR) == [link(world.maize["puid"])]
    assert run.stderr == b""


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--custodian", "99999"], 2, "there is no custodian 99999 (custodian_id)"),
        (["--custodian", "{maizal}", "--lot", "{lot}"], 2, "choose labels one way"),
        (["--lot", "{lot}", "--offset", "21"], 2, "offset 21 is not a label of L7160"),
        (["--lot", "{lot}", "--code", "code128"], 2, "does not fit on L7160"),
        (["--lot", "{lot}", "-o", "missing/dir/e.pdf"], 1, "could not write"),
        (["--layout", "A4"], 2, "Invalid value for '--layout'"),
    ],
)
async def test_labels_refused_with_exit_codes(
    engine: Engine, world: World, tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    ids = {"{maizal}": str(world.maizal["id"]), "{lot}": str(world.yam_lot["id"])}
    run = seedbank(engine, "labels", *(ids.get(arg, arg) for arg in args), cwd=tmp_path)
    assert run.returncode == code, run.stderr.decode()
    assert message in run.stderr.decode()
    assert not list(tmp_path.glob("*.pdf"))


async def test_inventory_of_a_custodian_and_of_the_collection(engine: Engine, world: World, tmp_path: Path) -> None:
    run = seedbank(engine, "inventory", "--custodian", str(world.uwottuja["id"]), "-o", "i.pdf", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    assert run.stdout.decode().startswith("i.pdf: 1 lot,")
    (text,) = page_texts((tmp_path / "i.pdf").read_bytes())
    assert "Consejo Comunal Uwottüja de Coromoto" in text
    assert INDIGENOUS_NAME in text
    run = seedbank(engine, "inventory", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode()
    (written,) = tmp_path.glob("inventario-coleccion-*.pdf")
    assert "Total general (2 cultivos): 4 lotes de 3 accesiones" in page_texts(written.read_bytes())[0]
    assert seedbank(engine, "inventory", "--custodian", "99999", cwd=tmp_path).returncode == 2
