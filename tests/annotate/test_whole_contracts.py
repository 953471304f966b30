"""annotate end to end on whole contracts with the bundled pack: everything else preserved (slow)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tenderlint.engine import Context, compile_pack, evaluate
from tenderlint.lang.packs import load_pack
from tenderlint.model import DocType, Outcome
from tenderlint.read import Limits, read_document
from tenderlint.read.docx import read_docx_elements
from tests.annotate.helpers import (
    CONTRACT,
    EXAMPLE,
    anchored,
    body_texts,
    comments,
    inserted,
    ours,
    part,
    reject_ours,
    rewrite,
    snapshot,
    text_of,
    w,
)

# Each of these annotates a whole contract with the bundled pack, or converts one with
# LibreOffice: seconds each, so a quick run leaves them out with -m "not slow".
pytestmark = pytest.mark.slow


# -- the contract fixture: everything else preserved --------------------------------------------
def expected_counts(path: Path) -> tuple[int, int, int, int]:
    data = path.read_bytes()
    doc, _ = read_docx_elements(data, path.name, "x", Limits())
    compiled = compile_pack([load_pack("uk-responsible-tech")])
    results = evaluate(doc, compiled, Context(DocType.CONTRACT))
    count = {o: sum(r.outcome is o for r in results) for o in Outcome}
    advised = sum(r.outcome is Outcome.SATISFIED and bool(r.advice) for r in results)
    return count[Outcome.WEAK], count[Outcome.CONFLICT], count[Outcome.MISSING], advised


@pytest.mark.parametrize("insert", [False, True])
def test_contract_fixture_preserved(
    cli: Callable[..., Result], tmp_path: Path, insert: bool
) -> None:
    src = tmp_path / "contract.docx"
    shutil.copy(CONTRACT, src)
    before = snapshot(src)
    args = ["annotate", "contract.docx", "--doc-type", "contract", "-o", "out/reviewed.docx"]
    r = cli(*args, *(["--insert-suggestions"] if insert else []))
    assert r.exit_code == 0, r.output
    assert snapshot(src) == before
    out = tmp_path / "out" / "reviewed.docx"
    weak, conflict, missing, advised = expected_counts(src)
    assert weak + conflict + missing > 0  # the fixture is far from the pack's standards
    n = weak + conflict + missing + advised
    assert r.output.startswith(
        f"wrote out/reviewed.docx: {n} comments ({weak} weak, {conflict} conflict, "
        f"{missing} missing, {advised} with advice)"
    )
    # Every part but the main document and the comments is copied byte for byte, in order.
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert [i.filename for i in a.infolist()] == [i.filename for i in b.infolist()]
        for info in a.infolist():
            if info.filename not in ("word/document.xml", "word/comments.xml"):
                assert a.read(info) == b.read(info.filename), info.filename
            assert b.getinfo(info.filename).date_time == info.date_time
    # The reviewer's comment is kept, first, and still on its words; ours are added to it.
    got = comments(out)
    assert got[0] == (0, "Reviewer", "RV", "Check against the framework terms.")
    assert len(got) == 1 + n
    assert anchored(out)[0] == "be liable for any indirect or consequential loss."
    # Ids are unique across comments and revisions.
    root = part(out, "word/document.xml")
    cids = [c for c, *_ in got]
    assert len(set(cids)) == len(cids)
    revs = [el.get(w("id")) for el in root.iter(w("ins"), w("del"))]
    assert len(set(revs)) == len(revs)
    assert not set(revs) & {str(c) for c in cids}
    # The legal team's tracked changes are still there, by their author.
    legal = {
        (
            el.tag,
            el.get(w("id")),
            el.get(w("author")),
            text_of(el) or el.findtext(f".//{w('delText')}"),
        )
        for el in root.iter(w("ins"), w("del"))
        if el.get(w("author")) == "Legal"
    }
    assert legal == {(w("ins"), "101", "Legal", "not "), (w("del"), "102", "Legal", "twice ")}
    # Numbering, section breaks with their headers and footers, footnote references.
    orig = part(src, "word/document.xml")
    ours_new = inserted(out)
    for tag in ("numPr", "sectPr", "headerReference", "footerReference", "footnoteReference"):
        added = sum(len(list(p.iter(w(tag)))) for p in ours_new)  # inserted clauses' numbers
        assert len(list(root.iter(w(tag)))) - added == len(list(orig.iter(w(tag)))), tag
    doc = read_document(out, "out")
    assert doc.measures["comments"] == 1 + n
    assert doc.measures["tracked_changes"] >= 2
    if not insert:
        assert body_texts(out) == body_texts(src)
    else:
        assert inserted(out)
        rejected = rewrite(out, tmp_path / "rejected.docx", reject_ours)
        assert body_texts(rejected) == body_texts(src)


def test_same_input_same_bytes(cli: Callable[..., Result], tmp_path: Path) -> None:
    shutil.copy(CONTRACT, tmp_path / "contract.docx")
    for name in ("a.docx", "b.docx"):
        r = cli(
            "annotate",
            "contract.docx",
            "--doc-type",
            "contract",
            "--insert-suggestions",
            "-o",
            name,
        )
        assert r.exit_code == 0, r.output
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_libreoffice_converts_the_copy(cli: Callable[..., Result], tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not on PATH: conversion not checked")
    shutil.copy(CONTRACT, tmp_path / "contract.docx")
    r = cli("annotate", "contract.docx", "--doc-type", "contract", "--insert-suggestions")
    assert r.exit_code == 0, r.output
    pdf_dir = tmp_path / "pdf"
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: parallel runs clash
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            str(tmp_path / "contract.reviewed.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    pdf = pdf_dir / "contract.reviewed.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), run.stdout + run.stderr


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the example call-off contract is not built")
def test_example_call_off_contract(cli: Callable[..., Result], tmp_path: Path) -> None:
    shutil.copy(EXAMPLE, tmp_path / "call-off.docx")
    r = cli("annotate", "call-off.docx", "--insert-suggestions")
    assert r.exit_code == 0, r.output
    out = tmp_path / "call-off.reviewed.docx"
    data = (tmp_path / "call-off.docx").read_bytes()
    doc, _ = read_docx_elements(data, "call-off.docx", "x", Limits())
    from tenderlint.doctype import detect_doc_type

    kind, why = detect_doc_type(doc)
    results = evaluate(doc, compile_pack([load_pack("uk-responsible-tech")]), Context(kind, why))
    weak = sum(r.outcome is Outcome.WEAK for r in results)
    conflict = sum(r.outcome is Outcome.CONFLICT for r in results)
    missing = sum(r.outcome is Outcome.MISSING for r in results)
    advised = sum(r.outcome is Outcome.SATISFIED and bool(r.advice) for r in results)
    notes = ours(out)
    assert len(notes) == weak + conflict + missing + advised
    assert r.output.startswith(f"wrote call-off.reviewed.docx: {len(notes)} comment")
    # What a lawyer reads in the margin: short, and never the model wording itself.
    assert all(len(t) <= 600 for t in notes.values()), max(len(t) for t in notes.values())
    wording = [text_of(p) for p in inserted(out)]
    assert wording
    long_lines = [line for line in wording if len(line) > 80]
    assert not any(line[:80] in t for line in long_lines for t in notes.values())
    # The wording speaks the contract's language: its parties ("the Council"; the pack says
    # "the Authority") and its defined terms ("Council Data", "Commencement Date").
    text = " ".join(wording)
    assert "the Council" in text and "Council Data" in text and "Commencement Date" in text
    assert "Authority" not in text and "Start Date" not in text
    # ... and its own list numbering, never a typed placeholder ...
    assert not any(re.match(r"(X\.\d|\d+\.)\s", line) for line in wording)
    # ... without changing the number of any clause of the contract: every paragraph of the
    # draft, with its number as Word shows it, is still there, in order.
    after = iter(body_texts(out))
    lost = [t for t in body_texts(tmp_path / "call-off.docx") if t not in after]
    assert lost == []  # each found after the one before it: a subsequence, numbers included
