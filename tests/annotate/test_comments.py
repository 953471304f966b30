"""annotate's comments: on the quoted evidence, one listing what is missing, as `check` reports."""

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
        "wrote draft.reviewed.docx: 3 comments (1 weak, 1 conflict, 1 listing 2 missing), "
        "0 suggestions inserted\n"
    )
    assert snapshot(src) == before  # the draft is only read
    out = tmp_path / "draft.reviewed.docx"
    got = comments(out)
    assert [(a, i) for _c, a, i, _t in got] == [("tenderlint", "TL")] * 3
    text = ours(out)
    where = anchored(out)
    draft, foi, missing = sorted(text)  # findings in rule order, then the missing list
    # The weak result's comment covers exactly the quoted sentence, not its paragraph.
    assert where[foi] == FOI_WEAK
    assert text[foi].splitlines() == [
        "tenderlint · test-pack 1.0.0",
        "Weak (warning) — FOI-001: Requests for information passed on within 2 working days",
        "Why flagged:",
        "• no deadline of 2 working days",
        '• a hedge "reasonable endeavours"',
        "Why it matters: The Authority must answer a request within 20 working days and "
        "cannot contract its duties out.",
        "Suggested wording:",
        "X.1 The Supplier shall transfer each request for information to the Authority "
        "within two (2) working days of receipt.",
        "(a) The Supplier shall ensure that each Subcontractor does the same.",
        "Sources:",
        "• Freedom of Information Act 2000, s.10 — "
        "https://www.legislation.gov.uk/ukpga/2000/36/section/10",
    ]
    assert where[draft] == "Supplier: [Enter name]."
    lines = text[draft].splitlines()
    assert lines[1] == "Conflict (error) — DRAFT-001: No unfilled placeholders"
    assert '• unfilled placeholder: "[Enter name]"' in lines
    # Advice to the drafter is a suggested action, never wording for the contract.
    assert "Suggested action:" in lines
    # Missing requirements: one comment on the title, one line each.
    assert where[missing] == "Call-off Contract for Cloud Hosting"
    assert text[missing].splitlines() == [
        "tenderlint · test-pack 1.0.0",
        "Missing (2): no clause meets these requirements; the suggestion follows each.",
        "DATA-001 The Authority owns its data — The Authority owns all Authority Data, "
        "including data derived from it.",
        "KPI-001 At least three KPIs — X.1 The Supplier shall meet each Key Performance "
        "Indicator below. KPI | Target Availability | 99.5% Incident resolution | 95%",
    ]
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
    assert read_document(out, "out").measures["comments"] == 3


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
    assert r.output.startswith("wrote draft.reviewed.docx: 3 comments (1 weak, 1 conflict, ")
    texts = list(ours(tmp_path / "draft.reviewed.docx").values())
    assert not any("DRAFT-001" in t for t in texts)
    expired = [t for t in texts if "WAIVER-EXPIRED" in t]
    assert len(expired) == 1
    assert expired[0].splitlines()[0] == "tenderlint · test-pack 1.0.0"
    assert "• waiver reason was: Old waiver." in expired[0].splitlines()
