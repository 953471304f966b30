"""annotate refuses, in one line and exit status 2, to overwrite the draft or read bad input."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result

from tenderlint.read import read_document
from tests.annotate.helpers import (
    setup,
    snapshot,
)
from tests.conftest import REPO


# -- refusals -----------------------------------------------------------------------------------
def test_never_overwrites_the_input(cli: Callable[..., Result], tmp_path: Path) -> None:
    src = setup(tmp_path)
    (tmp_path / "sub").mkdir()
    os.symlink(src, tmp_path / "link.docx")
    os.link(src, tmp_path / "hard.docx")
    before = snapshot(src)
    for target in ("draft.docx", "./sub/../draft.docx", "link.docx", "hard.docx"):
        r = cli("annotate", "draft.docx", "--pack", "test-pack", "-o", target, "--force")
        assert r.exit_code == 2, (target, r.output)
        assert "is the input file" in r.output
        assert len(r.output.splitlines()) == 1
    assert snapshot(src) == before


def test_refuses_existing_output_without_force(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    out = tmp_path / "draft.reviewed.docx"
    out.write_bytes(b"keep me")
    r = cli("annotate", "draft.docx", "--pack", "test-pack")
    assert r.exit_code == 2
    assert r.output == "error: draft.reviewed.docx: already exists (use --force to overwrite it)\n"
    assert out.read_bytes() == b"keep me"
    r = cli("annotate", "draft.docx", "--pack", "test-pack", "--force")
    assert r.exit_code == 0, r.output
    assert docx.Document(str(out)).comments is not None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("draft.pdf", b"%PDF-1.4", "draft.pdf: annotate adds Word comments, so it needs a .docx"),
        ("draft.doc", b"x", "draft.doc: annotate adds Word comments, so it needs a .docx"),
        ("missing.docx", None, "missing.docx: no such file"),
        ("broken.docx", b"PK\x03\x04garbage", "broken.docx: corrupt or truncated .docx"),
        ("fake.docx", b"%PDF-1.4 a pdf", "fake.docx: content is a PDF, not a Word document"),
        ("empty.docx", b"", "empty.docx: empty file"),
    ],
)
def test_bad_input_is_one_line_exit_2(
    cli: Callable[..., Result], tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    r = cli("annotate", name)
    assert r.exit_code == 2
    assert r.output.startswith(f"error: {message}"), r.output
    assert len(r.output.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".docx") == (
        [name] if content is not None and name.endswith(".docx") else []
    )


def test_truncated_fixture_gives_the_readers_error(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    shutil.copy(REPO / "fixtures" / "docx" / "truncated.docx", tmp_path / "t.docx")
    r = cli("annotate", "t.docx")
    expected = read_error(tmp_path / "t.docx")
    assert r.exit_code == 2
    assert r.output == f"error: t.docx: {expected}\n"
    assert not (tmp_path / "t.reviewed.docx").exists()


def read_error(path: Path) -> str:
    from tenderlint.read import ReadFailure

    with pytest.raises(ReadFailure) as info:
        read_document(path, path.name)
    return str(info.value)
