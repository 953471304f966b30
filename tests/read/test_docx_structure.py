"""The clause tree of Word documents, read through ``tenderlint extract``: Word list numbering
and typed numbers, numbered and bold titles without Heading styles, schedules, definition tables
and header rows, content controls, contents, guidance styles and field errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from tests.read.docx_helpers import HEADINGS, NS, lvl, make_docx, numpr, p, r, style_ppr

Cli = Callable[..., Result]
BOLD = "<w:rPr><w:b/></w:rPr>"
COMMENT = (
    f'<w:comments {NS}><w:comment w:id="7" w:author="Reviewer">'
    + p("Ask legal whether ninety days is enough.")
    + "</w:comment></w:comments>"
)


def extract(cli: Cli, tmp_path: Path, body: str, **parts: Any) -> list[dict[str, Any]]:
    (tmp_path / "t.docx").write_bytes(make_docx(body, **parts))
    result = cli("extract", "t.docx", "--format", "json")
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)["documents"]
    blocks: list[dict[str, Any]] = doc["blocks"]
    return blocks


def rows(blocks: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None, str | None]]:
    """(kind, number, clause path, parent's first words) of each block."""
    return [
        (
            b["kind"],
            b["number"],
            b["location"]["clause"],
            blocks[b["parent"]]["text"][:12] if b["parent"] >= 0 else None,
        )
        for b in blocks
    ]


LEGAL = (
    '<w:abstractNum w:abstractNumId="1">'
    + lvl(0, "decimal", "%1.")
    + lvl(1, "decimal", "%1.%2")
    + lvl(2, "lowerLetter", "(%3)")
    + lvl(3, "lowerRoman", "(%4)")
    + "</w:abstractNum>"
    + '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
)


def test_word_numbered_titles_without_heading_styles(cli: Cli, tmp_path: Path) -> None:
    """A contract whose clause titles are list paragraphs, not headings, still has clauses."""
    body = (
        p("Call-off Contract", style_ppr("Title"))
        + p("Definitions and Interpretation", numpr(1, 0))
        + p("In this Contract the words below have the meanings given.", numpr(1, 1))
        + p("The Supplier shall:", numpr(1, 1))
        + p("protect Authority Data by:", numpr(1, 2))
        + p("encrypting it; and", numpr(1, 3))
        + p("testing backups;", numpr(1, 3))
        + p("comply with the law.", numpr(1, 2))
        + p("This clause survives the end of the Contract.")
        + p("Liability", numpr(1, 0))
        + p("The Supplier's liability is capped at the Charges.", numpr(1, 1))
    )
    blocks = extract(cli, tmp_path, body, styles=HEADINGS, numbering=LEGAL)
    assert [b["text"] for b in blocks][1:4] == [
        "1. Definitions and Interpretation",
        "1.1 In this Contract the words below have the meanings given.",
        "1.2 The Supplier shall:",
    ]
    assert rows(blocks) == [
        ("heading", None, None, None),
        ("heading", "1", "1", None),
        ("paragraph", "1.1", "1.1", "1. Definitio"),
        ("paragraph", "1.2", "1.2", "1. Definitio"),
        ("paragraph", "(a)", "1.2(a)", "1.2 The Supp"),
        ("paragraph", "(i)", "1.2(a)(i)", "(a) protect "),
        ("paragraph", "(ii)", "1.2(a)(ii)", "(a) protect "),
        ("paragraph", "(b)", "1.2(b)", "1.2 The Supp"),
        ("paragraph", None, "1.2", "1.2 The Supp"),
        ("heading", "2", "2", None),
        ("paragraph", "2.1", "2.1", "2. Liability"),
    ]
    assert [b["location"]["heading"] for b in blocks[-2:]] == ["2. Liability", "2. Liability"]


def test_typed_numbers_bold_titles_and_schedules(cli: Cli, tmp_path: Path) -> None:
    body = (
        p("SERVICES AGREEMENT", rpr=BOLD)
        + p("1. Services", rpr=BOLD)
        + p("The Supplier shall provide the Services described in this clause to the Buyer.")
        + p("1.1 The Supplier shall:")
        + p("(a) host the Service; and")
        + p("(b) support the Service.")
        + p("2. Charges", rpr=BOLD)
        + p("The Buyer shall pay the Charges set out in Schedule 2 within thirty days.")
        + p("SCHEDULE 2 - CHARGES", rpr=BOLD)
        + p("1. The Charges are fixed for the Initial Term.")
        + p("2. Indexation applies from the first anniversary.")
    )
    blocks = extract(cli, tmp_path, body)
    assert rows(blocks) == [
        ("paragraph", None, None, None),
        ("heading", "1", "1", None),
        ("paragraph", None, "1", "1. Services"),
        ("paragraph", "1.1", "1.1", "1. Services"),
        ("paragraph", "(a)", "1.1(a)", "1.1 The Supp"),
        ("paragraph", "(b)", "1.1(b)", "1.1 The Supp"),
        ("heading", "2", "2", None),
        ("paragraph", None, "2", "2. Charges"),
        ("heading", "Schedule 2", "Schedule 2", None),
        ("paragraph", "1", "Schedule 2, paragraph 1", "SCHEDULE 2 -"),
        ("paragraph", "2", "Schedule 2, paragraph 2", "SCHEDULE 2 -"),
    ]


def test_definition_table_in_reading_order(cli: Cli, tmp_path: Path) -> None:
    cell = '<w:tc><w:tcPr><w:tcW w:w="3000"/></w:tcPr>{}</w:tc>'

    def row(*texts: str, rpr: str = "") -> str:
        return "<w:tr>" + "".join(cell.format(p(t, rpr=rpr)) for t in texts) + "</w:tr>"

    body = (
        p("1. Definitions", style_ppr("Heading1"))
        + p("In this Contract the following definitions apply:")
        + "<w:tbl>"
        + row("Term", "Definition", rpr=BOLD)
        + row("Authority Data", "means all data supplied by the Authority;")
        + row('"Service"', "means the hosting service in Schedule 1.")
        + "</w:tbl>"
        + p("2. Services", style_ppr("Heading1"))
        + p("2.1 The Supplier shall host the Service.")
    )
    blocks = extract(cli, tmp_path, body, styles=HEADINGS)
    table = [b for b in blocks if "cells" in b]
    assert [(b["kind"], b.get("term"), b["text"]) for b in table] == [
        ("table-row", None, "Term | Definition"),
        (
            "definition",
            "Authority Data",
            "Authority Data | means all data supplied by the Authority;",
        ),
        ("definition", "Service", '"Service" | means the hosting service in Schedule 1.'),
    ]
    assert all(b["header"] == ["Term", "Definition"] for b in table)
    assert {blocks[b["parent"]]["text"] for b in table} == {
        "In this Contract the following definitions apply:"
    }
    assert table[1]["location"]["clause"] == "1"
    assert by_text(blocks, "2.1 The Supplier shall host the Service.")["kind"] == "paragraph"


def by_text(blocks: list[dict[str, Any]], text: str) -> dict[str, Any]:
    return next(b for b in blocks if b["text"] == text)


def test_header_rows_and_cells(cli: Cli, tmp_path: Path) -> None:
    def tr(*texts: str, header: bool = False) -> str:
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
        return f"<w:tr>{trpr}" + "".join(f"<w:tc>{p(t)}</w:tc>" for t in texts) + "</w:tr>"

    body = (
        p("3.1 The Supplier shall meet the service levels below.")
        + "<w:tbl>"
        + tr("Service", "Availability", "Credit", header=True)
        + tr("Hosting", "99.9%", "5%")
        + tr("Service desk", "99.5%", "2%")
        + "</w:tbl>"
        + "<w:tbl>"
        + tr("Name", "Jo Smith")
        + tr("Role", "Contract Manager")
        + "</w:tbl>"
    )
    blocks = extract(cli, tmp_path, body)
    got = [(b["text"], b["cells"], b["header"]) for b in blocks if b["kind"] == "table-row"]
    header = ["Service", "Availability", "Credit"]
    assert got == [
        ("Service | Availability | Credit", header, header),
        ("Hosting | 99.9% | 5%", ["Hosting", "99.9%", "5%"], header),
        ("Service desk | 99.5% | 2%", ["Service desk", "99.5%", "2%"], header),
        # A form of labels and values has no header row.
        ("Name | Jo Smith", ["Name", "Jo Smith"], []),
        ("Role | Contract Manager", ["Role", "Contract Manager"], []),
    ]


def test_content_controls_comments_fields_and_bracketed_options(cli: Cli, tmp_path: Path) -> None:
    ref = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF _Ref123 \\r \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + r("Error! Reference source not found.")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    body = (
        "<w:sdt><w:sdtPr><w:alias w:val='Clause'/></w:sdtPr><w:sdtContent>"
        + p("4.1 The Supplier shall return the data within [ninety (90)] days.")
        + "</w:sdtContent></w:sdt>"
        + "<w:p>"
        + r("4.2 The Buyer is ")
        + "<w:sdt><w:sdtContent>"
        + r("[the Buyer][the Customer]")
        + "</w:sdtContent></w:sdt>"
        + '<w:commentRangeStart w:id="7"/>'
        + r(" as set out in clause ")
        + '<w:commentRangeEnd w:id="7"/><w:r><w:commentReference w:id="7"/></w:r>'
        + ref
        + r(".")
        + "</w:p>"
    ).replace("'", '"')
    blocks = extract(cli, tmp_path, body, parts={"comments.xml": ("comments", COMMENT)})
    assert [(b["number"], b["text"]) for b in blocks] == [
        ("4.1", "4.1 The Supplier shall return the data within [ninety (90)] days."),
        (
            "4.2",
            "4.2 The Buyer is [the Buyer][the Customer] as set out in clause "
            "Error! Reference source not found..",
        ),
    ]
    assert "Ask legal" not in json.dumps(blocks)


def test_contents_and_guidance_styles(cli: Cli, tmp_path: Path) -> None:
    styles = HEADINGS + (
        '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="GuidanceNote"><w:name w:val="Guidance Note"/>'
        "</w:style>"
    )
    body = (
        p("Contents")
        + p("1. Scope 3", style_ppr("TOC1"))
        + p("2. Exit 5", style_ppr("TOC1"))
        + p("1. Scope", style_ppr("Heading1"))
        + p("1.1 The Supplier shall provide the Services.")
        + p("Buyers should describe the Services in Schedule 1.", style_ppr("GuidanceNote"))
        + p("2. Exit", style_ppr("Heading1"))
        + p("2.1 The Supplier shall provide an exit plan.")
    )
    blocks = extract(cli, tmp_path, body, styles=styles)
    assert [(b["kind"], b["number"], b["location"]["clause"]) for b in blocks] == [
        ("heading", None, None),
        ("contents", None, None),
        ("contents", None, None),
        ("heading", "1", "1"),
        ("paragraph", "1.1", "1.1"),
        ("note", None, "1.1"),
        ("heading", "2", "2"),
        ("paragraph", "2.1", "2.1"),
    ]


def test_headings_numbered_through_styles_continue_one_list(cli: Cli, tmp_path: Path) -> None:
    """Heading 1 paragraphs numbered directly by a restarting num, Heading 2 through its
    style by another num on the same list: Word shows 2.1 under 2 (the USDS RFQ)."""
    styles = HEADINGS.replace(
        '<w:outlineLvl w:val="1"/></w:pPr>',
        '<w:outlineLvl w:val="1"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>'
        "</w:pPr>",
    )
    numbering = (
        '<w:abstractNum w:abstractNumId="9">'
        + lvl(0, "decimal", "%1.")
        + lvl(1, "decimal", "%1.%2")
        + "</w:abstractNum>"
        + '<w:num w:numId="3"><w:abstractNumId w:val="9"/></w:num>'
        + '<w:num w:numId="4"><w:abstractNumId w:val="9"/>'
        + '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    h1 = '<w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr>'
    body = (
        p("Definitions", h1)
        + p("Services and Prices", h1)
        + p("Brief Description of Services", style_ppr("Heading2"))
        + p("Type of Contract", style_ppr("Heading2"))
    )
    blocks = extract(cli, tmp_path, body, styles=styles, numbering=numbering)
    assert [(b["text"], b["location"]["clause"]) for b in blocks] == [
        ("1. Definitions", "1"),
        ("2. Services and Prices", "2"),
        ("2.1 Brief Description of Services", "2.1"),
        ("2.2 Type of Contract", "2.2"),
    ]
    assert blocks[3]["location"]["heading"] == "2. Services and Prices > 2.2 Type of Contract"
