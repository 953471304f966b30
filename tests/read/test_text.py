"""Markdown and plain text become located blocks: headings, clause numbers, lists, tables;
encodings are detected and bad text files fail with one clear line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tenderlint.model import BlockKind
from tenderlint.read import ReadFailure, read_document
from tenderlint.read.normalise import normalise

MD = """# Call-off Contract

## 14 Freedom of Information

14.1 The Supplier shall transfer each Request for Information within two (2) Working Days.
14.2 The Supplier shall:
(a) provide the information within 5 Working Days;
(b) not respond directly, save that:
(i) it may acknowledge receipt;
(ii) it may refer the requester.

| KPI | Target |
|---|---|
| Availability | 99.5% |

## SCHEDULE 3 Data

4. The Authority owns all data. ████ [REDACTED - s.43 FOIA]
- a bullet
"""


def blocks(
    tmp_path: Path, text: str, name: str = "c.md"
) -> list[tuple[str, str, str | None, str | None]]:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    doc = read_document(p, name)
    return [(b.kind.value, b.text, b.location.clause, b.location.heading) for b in doc.blocks]


def test_markdown_structure(tmp_path: Path) -> None:
    got = blocks(tmp_path, MD)
    # What the reader sees; clause paths of numbered lines (the Outline cites the rest).
    assert [(k, t) for k, t, _c, _h in got] == [
        ("heading", "Call-off Contract"),
        ("heading", "14 Freedom of Information"),
        (
            "paragraph",
            "14.1 The Supplier shall transfer each Request for Information within two (2) Working Days.",
        ),
        ("paragraph", "14.2 The Supplier shall:"),
        ("paragraph", "(a) provide the information within 5 Working Days;"),
        ("paragraph", "(b) not respond directly, save that:"),
        ("paragraph", "(i) it may acknowledge receipt;"),
        ("paragraph", "(ii) it may refer the requester."),
        ("table-row", "KPI | Target"),
        ("table-row", "Availability | 99.5%"),
        ("heading", "SCHEDULE 3 Data"),
        ("paragraph", "4. The Authority owns all data. ████ [REDACTED - s.43 FOIA]"),
        ("list-item", "a bullet"),
    ]
    clauses = [c for k, t, c, _h in got if k == "paragraph"]
    assert clauses == [
        "14.1",
        "14.2",
        "14.2(a)",
        "14.2(b)",
        "14.2(b)(i)",
        "14.2(b)(ii)",
        "Schedule 3, paragraph 4",
    ]
    assert got[2][3] == got[9][3] == "14 Freedom of Information"


def test_markdown_measures_and_title(tmp_path: Path) -> None:
    p = tmp_path / "c.md"
    p.write_text(MD, encoding="utf-8")
    doc = read_document(p, "c.md")
    assert doc.title == "Call-off Contract"
    assert doc.format == "markdown" and doc.pages is None
    assert doc.redaction is not None
    assert (doc.redaction.markers, doc.redaction.labelled) == (1, 1)
    levels = [b.level for b in doc.blocks if b.kind is BlockKind.PARAGRAPH]
    assert levels == [2, 2, 3, 3, 4, 4, 1]


def test_plain_text_headings_and_clauses(tmp_path: Path) -> None:
    text = (
        "CALL-OFF CONTRACT\n\n"
        "1. DEFINITIONS\n\n"
        '1.1 "Authority Data" means all data supplied by the Authority.\n'
        "1.2 Words in the singular include the plural.\n\n"
        "Schedule 2 - Charges\n\n"
        "The Charges are fixed.\n"
    )
    got = blocks(tmp_path, text, "c.txt")
    assert [(k, t, c) for k, t, c, _h in got] == [
        ("heading", "CALL-OFF CONTRACT", None),
        ("heading", "1. DEFINITIONS", "1"),
        ("definition", '1.1 "Authority Data" means all data supplied by the Authority.', "1.1"),
        ("paragraph", "1.2 Words in the singular include the plural.", "1.2"),
        ("heading", "Schedule 2 - Charges", "Schedule 2"),
        ("paragraph", "The Charges are fixed.", "Schedule 2"),
    ]
    assert got[3][3] == "1. DEFINITIONS"
    assert got[5][3] == "Schedule 2 - Charges"


@pytest.mark.parametrize(
    ("data", "warned"),
    [
        (codecs.BOM_UTF8 + "“Quoted” – text".encode(), False),
        (codecs.BOM_UTF16_LE + "“Quoted” – text".encode("utf-16-le"), False),
        ("“Quoted” – text".encode("cp1252"), True),
    ],
)
def test_encodings(tmp_path: Path, data: bytes, warned: bool) -> None:
    p = tmp_path / "e.txt"
    p.write_bytes(data)
    doc = read_document(p, "e.txt")
    assert doc.blocks[0].text == '"Quoted" - text'
    assert bool(doc.warnings) is warned


def test_normalise_folds_quotes_dashes_ligatures_space() -> None:
    assert (
        normalise("  The  ﬁnal\u00a0“offer”\u2014signed\u00adoff ") == 'The final "offer"-signedoff'
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.md", b"", "empty file"),
        ("bin.txt", b"abc\x00\x01\x02", "binary content (NUL bytes), not text"),
        ("pdf.md", b"%PDF-1.4\n...", "content is a PDF, not text; is it misnamed?"),
        ("zip.txt", b"PK\x03\x04rest", "content is a zip archive, not text; is it misnamed?"),
        ("spaces.md", b"   \n\n  \n", "no text found in the document"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0",
            "legacy Word .doc files are not supported: save it as .docx",
        ),
        ("x.rtf", b"{\\rtf1}", "RTF files are not supported: save it as .docx"),
        ("x.xlsx", b"PK\x03\x04", "unsupported file type '.xlsx'"),
    ],
)
def test_bad_text_inputs(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(ReadFailure) as info:
        read_document(p, name)
    assert str(info.value) == message


def test_size_limit(tmp_path: Path) -> None:
    from tenderlint.read import Limits

    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 3_000_000)
    with pytest.raises(ReadFailure) as info:
        read_document(p, "big.txt", Limits(max_bytes=1024 * 1024))
    assert str(info.value) == "file is 2.9 MB, over the 1 MB limit"


def test_wrapped_line_starting_with_a_number_continues_the_clause(tmp_path: Path) -> None:
    text = (
        "25.2 The Supplier shall provide an interim report within ten\n"
        "(10) Working Days of any request and within\n"
        "14 days of the end of each quarter.\n"
        "25.3 The Supplier shall:\n"
        "(a) report monthly; and\n"
        "(b) attend reviews.\n"
    )
    got = blocks(tmp_path, text, "w.txt")
    assert [(t, c) for _k, t, c, _h in got] == [
        (
            "25.2 The Supplier shall provide an interim report within ten (10) Working Days of any request and within 14 days of the end of each quarter.",
            "25.2",
        ),
        ("25.3 The Supplier shall:", "25.3"),
        ("(a) report monthly; and", "25.3(a)"),
        ("(b) attend reviews.", "25.3(b)"),
    ]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("13.1 Each Party shall protect the other's information (Confidential Information).", []),
        ("Information may be withheld under section 43 of the FOIA.", []),
        ("Annex 3 has been withheld under FOIA s.43.", [True]),
        ("[Redacted - personal data]", [True]),
        ("Price: [Commercially Sensitive]", [False]),
        ("[REDACTED]", [False]),
    ],
)
def test_redaction_markers_and_labels(text: str, found: list[bool]) -> None:
    from tenderlint.read.redaction import find_markers

    assert [m.labelled for m in find_markers(text)] == found
