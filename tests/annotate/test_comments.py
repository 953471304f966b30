"""annotate's comments: short, on the quoted evidence, or where a missing requirement belongs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import Result

from tenderlint.read import read_document
from tests.annotate.helpers import (
    COMMENTS_CT,
    FOI_WEAK,
    anchored,
    body_texts,
    comments,
    ours,
    part,
    setup,
    snapshot,
    text_of,
    w,
)


# -- comments ---------------------------------------------------------------------------------
def test_comments_on_evidence_and_one_for_missing(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    src = setup(tmp_path)
    before = snapshot(src)
    r = cli("annotate", "draft.docx", "--pack", "test-pack")
    assert r.exit_code == 0, r.output
    assert r.output == (
        "wrote draft.reviewed.docx: 4 comments (1 weak, 1 conflict, 2 missing, 0 with advice), "
        "0 suggestions inserted\n"
    )
    assert snapshot(src) == before  # the draft is only read
    out = tmp_path / "draft.reviewed.docx"
    got = comments(out)
    assert [(a, i) for _c, a, i, _t in got] == [("tenderlint", "TL")] * 4
    text = ours(out)
    where = anchored(out)
    draft, foi, data, kpi = sorted(text)  # findings in rule order, then missing in rule order
    # The weak result's comment covers exactly the quoted sentence, not its paragraph: the
    # outcome and what is wrong, the reason on one line, where the wording is, one source.
    assert where[foi] == FOI_WEAK
    assert text[foi].splitlines() == [
        "Weak (warning) — FOI-001: Requests for information passed on within 2 working days",
        'Why: no deadline of 2 working days; a hedge "reasonable endeavours"',
        "Model wording: `tenderlint rules show FOI-001` prints it; annotate with "
        "--insert-suggestions to insert it.",
        "Source: Freedom of Information Act 2000, s.10 "
        "<https://www.legislation.gov.uk/ukpga/2000/36/section/10>",
    ]
    assert where[draft] == "Supplier: [Enter name]."
    # Advice to the drafter is advice, never wording for the contract.
    assert text[draft].splitlines() == [
        "Conflict (error) — DRAFT-001: No unfilled placeholders",
        'Why: unfilled placeholder: "[Enter name]"',
        "Advice: Complete or delete every placeholder before the document is issued.",
    ]
    # A missing requirement: a comment where its clause belongs (the end of the section
    # that fits it best), else on the title.
    assert where[data] == "3.1 The Supplier shall keep all personal data secure."
    assert text[data].splitlines()[0] == "Missing (error) — DATA-001: The Authority owns its data"
    assert text[data].splitlines()[1] == 'Why: looked in every clause for "authority data"'
    assert where[kpi] == "Call-off Contract for Cloud Hosting"
    assert text[kpi].splitlines()[0] == "Missing (warning) — KPI-001: At least three KPIs"
    # No comment repeats the model wording.
    assert not any("within two (2) working days of receipt" in t for t in text.values())
    assert all(len(t) <= 600 for t in text.values())
    # Word's package plumbing for a new comments part.
    types = part(out, "[Content_Types].xml")
    assert any(
        o.get("PartName") == "/word/comments.xml" and o.get("ContentType") == COMMENTS_CT
        for o in types
    )
    rels = part(out, "word/_rels/document.xml.rels")
    assert sum(rel.get("Type", "").endswith("/comments") for rel in rels) == 1
    # The text is unchanged: tenderlint reads the same blocks, and counts the comments.
    assert body_texts(out) == body_texts(src)
    assert read_document(out, "out").measures["comments"] == 4


def test_quote_split_across_runs_and_whole_paragraph_fallback(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    setup(tmp_path, [("Title", "Call-off Contract"), (None, "placeholder")])
    d = docx.Document()
    d.add_paragraph("Call-off Contract", style="Title")
    p = d.add_paragraph("Intro text. 1.1 The Supplier shall use ")
    p.add_run("reasonable").bold = True
    p.add_run(" endeavours to pass on any request for information. Tail.")
    d.add_paragraph("Supplier: [Enter name].")
    d.save(str(tmp_path / "draft.docx"))
    r = cli("annotate", "draft.docx", "--pack", "test-pack", "--select", "FOI,DRAFT")
    assert r.exit_code == 0, r.output
    out = tmp_path / "draft.reviewed.docx"
    where = anchored(out)
    assert sorted(where.values()) == [
        "1.1 The Supplier shall use reasonable endeavours to pass on any request for information.",
        "Supplier: [Enter name].",
    ]
    # The bold run is still bold and still holds its word.
    root = part(out, "word/document.xml")
    bold = [r for r in root.iter(w("r")) if r.find(f"{w('rPr')}/{w('b')}") is not None]
    assert [text_of(b) for b in bold] == ["reasonable"]
    assert body_texts(out) == body_texts(tmp_path / "draft.docx")


def test_config_waivers_and_doc_types_apply(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy agrees with `check`: a waived finding gets no comment, an expired waiver
    does, and the config's packs and doc types are used."""
    setup(tmp_path)
    (tmp_path / "tenderlint.toml").write_text(
        'packs = ["test-pack"]\n'
        "[[waivers]]\n"
        'rule = "DRAFT-001"\n'
        'path = "draft.docx"\n'
        'reason = "Names are filled in at signature."\n'
        "[[waivers]]\n"
        'rule = "FOI-001"\n'
        'path = "draft.docx"\n'
        'reason = "Old waiver."\n'
        "expires = 2020-01-01\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("TENDERLINT_TODAY", "2026-11-21")
    r = cli("annotate", "draft.docx")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("wrote draft.reviewed.docx: 4 comments (1 weak, 1 conflict, ")
    texts = list(ours(tmp_path / "draft.reviewed.docx").values())
    assert not any("DRAFT-001" in t for t in texts)
    expired = [t for t in texts if "WAIVER-EXPIRED" in t]
    assert len(expired) == 1
    assert expired[0].splitlines()[0].startswith("Conflict (error) — WAIVER-EXPIRED: ")
    assert "waiver reason was: Old waiver." in expired[0].splitlines()[1]
