"""The PDF reader against the fixtures built by fixtures/build_pdf.py."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderlint.cli import main
from tenderlint.model import BlockKind, Document
from tenderlint.read import Limits, ReadFailure, read_document
from tenderlint.read.pdf import BLOCK_CHAR, keep_line_end_hyphen, read_pdf

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pdf"


def read(name: str, limits: Limits | None = None) -> Document:
    return read_document(FIXTURES / name, f"fixtures/pdf/{name}", limits)


def rows(doc: Document) -> list[tuple[int | None, str, str | None, str]]:
    return [(b.location.page, b.kind.value, b.location.clause, b.text) for b in doc.blocks]


# -- a contract ---------------------------------------------------------------------------------
def test_contract_blocks_pages_clauses() -> None:
    doc = read("contract.pdf")
    assert doc.format == "pdf"
    assert doc.pages == 3
    assert doc.title == "MANAGED PRINT SERVICES CONTRACT"
    assert doc.warnings == ()
    assert doc.redaction is None
    assert dict(doc.measures) == {}
    assert rows(doc) == [
        (1, "header", None, "Managed Print Services Contract"),
        (1, "header", None, "Ref. MPS-2031-07"),
        (1, "footer", None, "OFFICIAL"),
        (1, "heading", None, "MANAGED PRINT SERVICES CONTRACT"),
        (1, "heading", "1", "1. DEFINITIONS"),
        (
            1,
            "definition",
            "1.1",
            '1.1 "Authority" means the Borough Council of Exampleshire, acting through its '
            "Digital Services directorate.",
        ),
        (
            1,
            "definition",
            "1.2",
            '1.2 "Services" means the managed print services described in Schedule 1.',
        ),
        (1, "heading", "2", "2. OBLIGATIONS OF THE SUPPLIER"),
        (
            1,
            "paragraph",
            "2.1",
            "2.1 The Supplier shall indemnify the Authority against all losses arising from any "
            "breach of this Contract and shall comply with all anti-bribery laws, including the "
            "Bribery Act 2010.",
        ),
        (1, "paragraph", "2.2", "2.2 The Supplier shall:"),
        (
            1,
            "paragraph",
            "2.2(a)",
            "(a) keep a signed non-disclosure agreement with each of its staff;",
        ),
        (
            1,
            "paragraph",
            "2.2(b)",
            "(b) co-operate with any auditor appointed by the Authority; and",
        ),
        (
            1,
            "paragraph",
            "2.2(c)",
            "(c) maintain insurance against its liabilities under this Contract.",
        ),
        # The clause runs over the page break (and the running footer and header) unbroken.
        (
            1,
            "paragraph",
            "2.3",
            "2.3 The Supplier shall provide a self-assessment of its security controls to the "
            "Authority every six months, and the Authority may ask for evidence of any control "
            "described in the self-assessment, which the Supplier shall provide within ten "
            "Working Days of the request.",
        ),
        (2, "heading", "3", "3. LIABILITY"),
        (
            2,
            "paragraph",
            "3.1",
            "3.1 Neither Party limits its liability for death or personal injury caused by its "
            "negligence, or for fraud.",
        ),
        (
            2,
            "paragraph",
            "3.2",
            "3.2 Subject to Clause 3.1, the total liability of the Supplier shall not exceed the "
            "Charges paid in the twelve (12) months before the claim arose.",
        ),
        (3, "heading", "Schedule 1", "SCHEDULE 1 THE SERVICES"),
        (
            3,
            "paragraph",
            "Schedule 1, paragraph 1",
            "1 The Supplier shall supply, install and maintain the Devices.",
        ),
        (
            3,
            "paragraph",
            "Schedule 1, paragraph 2",
            "2 The Supplier shall report usage to the Authority monthly.",
        ),
        (3, "table-row", "Schedule 1", "Lot | Devices | Monthly charge"),
        (3, "table-row", "Schedule 1", "1 | Printers | GBP 4,000"),
    ]


def test_contract_heading_paths_and_levels() -> None:
    doc = read("contract.pdf")
    by_clause = {b.location.clause: b for b in doc.blocks if b.location.clause}
    assert by_clause["2.2(b)"].location.heading == "2. OBLIGATIONS OF THE SUPPLIER"
    assert by_clause["2.2(b)"].level == 3
    assert by_clause["3.2"].location.heading == "3. LIABILITY"
    assert by_clause["3.2"].level == 2
    headings = [(b.text, b.heading_level) for b in doc.blocks if b.kind is BlockKind.HEADING]
    assert headings == [
        ("MANAGED PRINT SERVICES CONTRACT", 1),
        ("1. DEFINITIONS", 1),
        ("2. OBLIGATIONS OF THE SUPPLIER", 1),
        ("3. LIABILITY", 1),
        ("SCHEDULE 1 THE SERVICES", 1),
    ]


def test_page_numbers_never_reach_clause_text() -> None:
    doc = read("contract.pdf")
    assert not any("Page" in b.text and "of 3" in b.text for b in doc.blocks)
    # Running headers are not repeated per page.
    kinds = Counter(b.kind for b in doc.blocks)
    assert kinds[BlockKind.HEADER] == 2
    assert kinds[BlockKind.FOOTER] == 1
    assert all(b.location.page for b in doc.blocks)


# -- hyphenation ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("left", "right", "keep"),
    [
        ("in", "demnify", False),  # a word broken by hyphenation
        ("confiden", "tiality", False),
        ("pre", "vious", False),
        ("anti", "bribery", True),  # prefixes that keep their hyphen
        ("non", "disclosure", True),
        ("self", "assessment", True),
        ("co", "operate", True),  # a vowel meeting itself: co-operate, re-enter
        ("re", "enter", True),
        ("pre", "existing", True),
        ("non", "UK", True),  # a capital after the break
        ("Sub", "Contractor", True),
        ("GDPR", "compliant", True),  # an acronym before it
        ("Covid", "19", True),
    ],
)
def test_line_end_hyphen_heuristic(left: str, right: str, keep: bool) -> None:
    assert keep_line_end_hyphen(left, right, Counter()) is keep


def test_line_end_hyphen_follows_the_documents_own_spelling() -> None:
    vocab = Counter({"sub-contractors": 3, "subcontractors": 0, "antibribery": 2})
    assert keep_line_end_hyphen("sub", "contractors", vocab) is True
    assert keep_line_end_hyphen("anti", "bribery", vocab) is False
    vocab = Counter({"subcontract": 4})
    assert keep_line_end_hyphen("sub", "contract", vocab) is False


def test_hyphens_inside_a_line_are_kept() -> None:
    doc = read("contract.pdf")
    text = " ".join(b.text for b in doc.blocks)
    assert "self-assessment" in text
    assert "indemnify" in text and "in-demnify" not in text
    assert "\ufffe" not in text and "\x02" not in text


# -- layout -----------------------------------------------------------------------------------
def test_two_columns_read_column_by_column() -> None:
    doc = read("two_column.pdf")
    assert doc.warnings == ("rotated text on page 1 was not read (a watermark or a margin note?)",)
    assert rows(doc) == [
        (1, "heading", None, "TENDER NOTICE"),
        (
            1,
            "paragraph",
            "1",
            "1. The Authority invites tenders for the supply of a case management system to its "
            "children's services department.",
        ),
        (
            1,
            "paragraph",
            "2",
            "2. Tenders must be received by noon on the closing date stated in the notice.",
        ),
        (
            1,
            "paragraph",
            "3",
            "3. The Authority will evaluate tenders on the basis of the most advantageous tender "
            "using the criteria in the Invitation.",
        ),
        (
            1,
            "paragraph",
            "4",
            "4. The Authority is not bound to accept any tender and may abandon the process.",
        ),
    ]


# -- scans ------------------------------------------------------------------------------------
def test_image_only_pdf_is_refused() -> None:
    with pytest.raises(ReadFailure, match=r"^no extractable text: scanned image\? run OCR first$"):
        read("scanned.pdf")


def test_image_only_pages_are_named_and_counted() -> None:
    doc = read("mixed_scan.pdf")
    assert doc.pages == 3
    assert doc.measures["image_only_pages"] == 2
    assert doc.warnings == (
        "2 of 3 pages are images with no text layer (pages 2-3): their text was not read; "
        "run OCR first",
    )
    assert rows(doc) == [
        (1, "paragraph", "1", "1. This Contract is made between the Authority and the Supplier.")
    ]


# -- damaged and protected files --------------------------------------------------------------
def test_encrypted_pdf_needs_a_password() -> None:
    with pytest.raises(ReadFailure) as exc:
        read("encrypted.pdf")
    assert str(exc.value) == (
        "encrypted PDF: a password is needed to open it; save an unprotected copy"
    )


def test_pdf_with_only_an_owner_password_is_read() -> None:
    doc = read("owner_only.pdf")
    assert rows(doc) == [
        (1, "paragraph", "1", "1. The Supplier shall keep the Authority's data in the UK.")
    ]


def test_truncated_and_corrupt_pdfs() -> None:
    with pytest.raises(ReadFailure) as exc:
        read("truncated.pdf")
    assert str(exc.value) == "damaged PDF: the file is truncated (no end-of-file marker)"
    with pytest.raises(ReadFailure) as exc:
        read("corrupt.pdf")
    assert str(exc.value) == "damaged PDF: its structure cannot be parsed"


def test_page_limit() -> None:
    with pytest.raises(ReadFailure) as exc:
        read("contract.pdf", Limits(max_pages=2))
    assert str(exc.value) == "PDF has 3 pages, over the 2 page limit"


def test_reader_never_writes_its_input(tmp_path: Path) -> None:
    data = (FIXTURES / "redacted_leaky.pdf").read_bytes()
    copy = tmp_path / "in.pdf"
    copy.write_bytes(data)
    copy.chmod(0o444)
    read_document(copy, "in.pdf")
    assert copy.read_bytes() == data
    sha = hashlib.sha256(data).hexdigest()
    assert read_pdf(data, "in.pdf", sha, Limits()).sha256 == sha


# -- redaction --------------------------------------------------------------------------------
def test_boxes_over_text_left_in_the_file_hide_it_and_warn() -> None:
    doc = read("redacted_leaky.pdf")
    assert rows(doc) == [
        (1, "paragraph", "1", "1. The contract manager is ██████████ of the Procurement Team."),
        (1, "paragraph", "2", "2. The annual charge is █████████████ payable quarterly."),
        (1, "paragraph", "3", "3. All other terms are unchanged."),
    ]
    # The hidden text is nowhere: not in blocks, title or warnings.
    everything = json.dumps([rows(doc), doc.title, doc.warnings])
    for secret in ("Jane", "Smith", "1,250,000", "GBP 1"):
        assert secret not in everything
    assert doc.warnings == ("2 redaction boxes on page 1 have text still under them (recoverable)",)
    r = doc.redaction
    assert r is not None
    # One black path box and one Redact annotation, both with the text still underneath.
    assert (r.markers, r.boxes, r.leaked, r.labelled) == (2, 2, 2, 0)
    assert r.share == pytest.approx(23 / 151, abs=1e-4)
    assert r.per_page == ((1, r.share),)
    assert r.whole_pages == ()


def test_boxes_over_removed_text_labels_backgrounds_and_whole_pages() -> None:
    doc = read("redacted_clean.pdf")
    assert doc.pages == 2
    assert doc.warnings == ()
    got = rows(doc)
    # The name is gone from the file: its length is estimated from the box's width at the
    # page's own character width (11 for "Jane Smith", 10).
    assert got[0] == (
        1,
        "paragraph",
        "1",
        "1. The contract manager is ███████████ of the Procurement Team.",
    )
    assert got[1] == (1, "paragraph", "2", "2. The pricing model is:")
    # A three-line box 300 points wide stands for three lines of 10.5 pt text: about 171
    # characters as drawn (61 a line at the average character width of 0.47 em).
    assert got[2] == (1, "paragraph", "2", BLOCK_CHAR * 182 + " s.43 FOIA")
    assert got[3] == (1, "paragraph", "3", "3. Payment is due within 30 days of a valid invoice.")
    # A dark table header with white text on it is a background, not a redaction.
    assert got[4] == (1, "table-row", None, "Milestone | Deliverable | Due date")
    assert got[5] == (1, "table-row", None, "M1 | Design | March 2025")
    # Page 2 is one black box over the whole text area.
    assert got[6][0:3] == (2, "paragraph", None)
    assert set(got[6][3]) == {BLOCK_CHAR}
    assert [b.redacted for b in doc.blocks] == [False, False, True, False, False, False, True]
    r = doc.redaction
    assert r is not None
    assert (r.markers, r.boxes, r.leaked, r.labelled, r.unlabelled) == (3, 3, 0, 1, 2)
    assert r.whole_pages == (2,)
    assert [p for p, _ in r.per_page] == [1, 2]
    assert r.per_page[1] == (2, 1.0)
    assert 0.4 < r.per_page[0][1] < 0.6
    assert r.share > 0.9


# -- the command line -------------------------------------------------------------------------
def test_cli_extracts_good_files_and_reports_bad_ones_in_one_line() -> None:
    runner = CliRunner()
    names = ["contract.pdf", "encrypted.pdf", "really_docx.pdf", "scanned.pdf", "truncated.pdf"]
    result = runner.invoke(
        main, ["extract", "--format", "json", *[str(FIXTURES / n) for n in names]]
    )
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert [Path(d["path"]).name for d in payload["documents"]] == ["contract.pdf"]
    assert payload["documents"][0]["pages"] == 3
    errors = {Path(e["path"]).name: e["message"] for e in payload["errors"]}
    assert errors == {
        "encrypted.pdf": "encrypted PDF: a password is needed to open it; save an unprotected copy",
        "really_docx.pdf": "content is a zip archive, not a PDF; is it misnamed?",
        "scanned.pdf": "no extractable text: scanned image? run OCR first",
        "truncated.pdf": "damaged PDF: the file is truncated (no end-of-file marker)",
    }
    lines = [ln for ln in result.stderr.splitlines() if ln]
    assert len(lines) == 4
    for line in lines:
        assert line.startswith("error: ") and ".pdf: " in line


def test_cli_text_output_shows_redaction_and_warning() -> None:
    result = CliRunner().invoke(main, ["extract", str(FIXTURES / "redacted_leaky.pdf")])
    assert result.exit_code == 0
    assert "2 with text still under the box" in result.stdout
    assert "warning: 2 redaction boxes on page 1 have text still under them" in result.stdout
    assert "Smith" not in result.stdout


# -- the benchmark generator ------------------------------------------------------------------
def test_generated_contract_reads_cleanly(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_pdf", Path(__file__).resolve().parents[2] / "bench" / "gen_pdf.py"
    )
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    path = tmp_path / "c.pdf"
    pages = gen.make_contract_pdf(path, 4)
    doc = read_document(path, "c.pdf")
    assert doc.pages == pages >= 3
    assert doc.warnings == ()
    body = [b for b in doc.blocks if b.kind.is_body]
    assert not any("Page " in b.text or "CR-2024-117" in b.text for b in body)
    assert [b.text for b in doc.blocks if not b.kind.is_body] == [
        "Cloud Hosting Services Agreement",
        "Contract ref. CR-2024-117",
        "OFFICIAL",
    ]
    clauses = [b.location.clause for b in body if b.location.clause]
    assert clauses[:2] == ["1", "1.1"]  # the numbered heading, then its first clause
    text = " ".join(b.text for b in body)
    assert "\ufffe" not in text and "\x02" not in text
    for word in ("anti-bribery", "non-disclosure", "co-operate", "self-assessment"):
        assert word in text
    assert not any(w in text for w in ("anti bribery", "antibribery", "non disclosure"))
    # Words the generator lets reportlab hyphenate come back whole.
    assert "indemnification" in text or "confidentiality" in text
    assert "indemni- fication" not in text and "indemni-fication" not in text
