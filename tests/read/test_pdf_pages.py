"""A long PDF's pages read in more than one process give exactly the document one process
reads, also when a child fails; ``extract`` reads on every core."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderlint import forked
from tenderlint.cli import main
from tenderlint.read import Limits, display_path, read_document
from tenderlint.read.pdf import pages as pdf_pages
from tenderlint.report.extract import render_extract


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location(
        "gen_pdf", Path(__file__).resolve().parents[2] / "bench" / "gen_pdf.py"
    )
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    path = tmp_path_factory.mktemp("long") / "long.pdf"
    pages = gen.make_contract_pdf(path, 90, tables=3)
    assert pages >= 2 * pdf_pages.MIN_PAGES_EACH  # long enough to be shared out
    return path


def test_two_processes_read_what_one_reads(long_pdf: Path) -> None:
    one = read_document(long_pdf, "long.pdf", Limits(page_processes=1))
    two = read_document(long_pdf, "long.pdf", Limits(page_processes=2))
    three = read_document(long_pdf, "long.pdf", Limits(page_processes=3))
    assert one.pages >= 80 and len(one.blocks) > 500
    assert two == one
    assert three == one  # more processes than the page count allows: two are used


def test_a_failing_child_leaves_its_pages_to_the_parent(
    long_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = read_document(long_pdf, "long.pdf", Limits(page_processes=1))

    def broken(*_a: object, **_k: object) -> bytes:
        raise RuntimeError("the child cannot answer")

    # Only the forked child encodes: it fails, exits non-zero, and the parent reads its pages.
    monkeypatch.setattr(forked, "encode", broken)
    assert read_document(long_pdf, "long.pdf", Limits(page_processes=2)) == one


def test_a_child_that_cannot_be_forked_is_no_failure(
    long_pdf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = read_document(long_pdf, "long.pdf", Limits(page_processes=1))

    def no_fork() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(forked.os, "fork", no_fork)
    assert read_document(long_pdf, "long.pdf", Limits(page_processes=2)) == one


def test_extract_of_a_long_pdf_is_what_one_process_reads(long_pdf: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(long_pdf), "--format", "json"])
    assert result.exit_code == 0, result.output
    one = read_document(long_pdf, display_path(long_pdf), Limits(page_processes=1))
    assert json.loads(result.stdout) == json.loads(render_extract([one], [], "json"))
    assert len(json.loads(result.stdout)["documents"][0]["blocks"]) == len(one.blocks) > 500
