"""The DOCX reader: blocks, clause numbers, headings, revisions, notes, redaction."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from pathlib import Path

import pytest

from tenderlint.model import BlockKind, Document
from tenderlint.read import Limits
from tenderlint.read.docx import format_number, read_docx, read_docx_elements
from tests.read.docx_helpers import (
    FIXTURES,
    HEADINGS,
    NS,
    ROOT,
    W_NS,
    lvl,
    make_docx,
    numpr,
    p,
    r,
    read,
    rows,
    style_ppr,
    texts,
)


@pytest.fixture(scope="module")
def contract() -> Document:
    data = (FIXTURES / "contract.docx").read_bytes()
    return read_docx(data, "fixtures/docx/contract.docx", "x", Limits())


# -- the contract fixture -----------------------------------------------------------------------
def test_contract_blocks_in_reading_order(contract: Document) -> None:
    assert rows(contract) == [
        ("heading", None, "Cloud Hosting Services Contract"),
        (
            "paragraph",
            None,
            "This Contract is made on 2 January 2024 between the Authority and the Supplier.",
        ),
        ("paragraph", None, "Contract reference: CCS-2024-001"),
        ("paragraph", None, "The Contract Value is £2,400,000 excluding VAT."),
        ("heading", "1", "1. Definitions and Interpretation"),
        (
            "definition",
            "1.1",
            '1.1 In this Contract, "Services" means the services described in Schedule 1.',
        ),
        ("paragraph", "1.2", "1.2 The Supplier shall:"),
        ("paragraph", "1.2(a)", "(a) protect Authority Data by:"),
        ("paragraph", "1.2(a)(i)", "(i) maintaining ISO/IEC 27001 certification; and"),
        (
            "paragraph",
            "1.2(a)(ii)",
            "(ii) notifying the Authority of any Security Incident within 24 hours; and",
        ),
        ("paragraph", "1.2(b)", "(b) comply with the Data Protection Legislation."),
        ("heading", "2", "2. Liability"),
        (
            "paragraph",
            "2.1",
            "2.1 The Authority shall not be liable for any indirect or consequential loss.",
        ),
        (
            "paragraph",
            "2.2",
            "2.2 The Supplier's total liability shall not exceed the annual Charges.",
        ),
        ("heading", "2", "Insurance"),
        (
            "paragraph",
            "2.3",
            "2.3 The Supplier shall maintain professional indemnity insurance of at least "
            "£5,000,000.",
        ),
        ("heading", "3", "3. Service Levels"),
        ("paragraph", "3.1", "3.1 The Supplier shall meet the following service levels:"),
        ("table-row", "3.1", "Service | Availability | Service Credit"),
        ("table-row", "3.1", "Hosting | 99.9% | 5%"),
        ("table-row", "3.1", "Service Desk | 99.5% | 2%"),
        (
            "paragraph",
            "3.2",
            "3.2 The Supplier shall keep complete records of service performance.",
        ),
        ("paragraph", "3.3", "3.3 The Supplier shall deliver:"),
        ("list-item", "3.3", "monthly service reports;"),
        ("list-item", "3.3", "an annual penetration test report."),
        ("heading", "4", "4. Termination"),
        (
            "paragraph",
            "4.1",
            "4.1 Either party may terminate this Contract by giving 90 days' written notice.",
        ),
        (
            "paragraph",
            "4.2",
            "4.2 The Supplier shall remedy any non-compliance within 10 Working Days. ☑",
        ),
        ("heading", "Schedule 1", "Schedule 1 Services"),
        ("heading", "Schedule 1, paragraph 1", "1. Service Description"),
        (
            "paragraph",
            "Schedule 1, paragraph 1.1",
            "1.1 The Supplier shall host the Authority's case management system.",
        ),
        (
            "paragraph",
            "Schedule 1, paragraph 1.2",
            "1.2 The Supplier shall provide a service desk from 08:00 to 18:00 on Working Days.",
        ),
        ("paragraph", "Schedule 1, paragraph 2", "2. Exit"),
        ("heading", "Schedule 2", "Schedule 2 Pricing"),
        ("paragraph", "Schedule 2, paragraph 1", "1. The Charges are fixed for the Initial Term."),
        (
            "paragraph",
            "Schedule 2, paragraph 2",
            "2. Indexation applies from the first anniversary of the Commencement Date.",
        ),
        ("header", None, "OFFICIAL-SENSITIVE"),
        ("header", None, "Schedules to the Cloud Hosting Services Contract"),
        ("footer", None, "Page 1"),
        (
            "footnote",
            "3.2",
            "The Supplier shall retain such records for seven years after the end of the Contract.",
        ),
        ("footnote", "Schedule 2, paragraph 1", "The Charges exclude VAT."),
    ]


def test_contract_heading_paths_levels_and_locations(contract: Document) -> None:
    by_text = {b.text[:24]: b for b in contract.blocks}
    insurance = by_text["2.3 The Supplier shall m"]
    assert insurance.location.heading == "2. Liability > Insurance"
    assert by_text["Insurance"].heading_level == 2
    assert by_text["2. Liability"].heading_level == 1
    assert by_text["(ii) notifying the Autho"].level == 4
    assert by_text["(b) comply with the Data"].level == 3
    assert by_text["monthly service reports;"].level == 1
    assert by_text["2. Exit"].location.heading == "Schedule 1 Services"
    # A footnote is cited where its reference mark stands.
    note = by_text["The Charges exclude VAT."]
    assert note.location.heading == "Schedule 2 Pricing"
    assert [b.location.block for b in contract.blocks] == list(range(1, 42))
    assert all(b.location.page is None for b in contract.blocks)
    assert all(b.location.heading is None for b in contract.blocks if not b.kind.is_body)


def test_contract_document_measures(contract: Document) -> None:
    assert contract.format == "docx"
    assert contract.pages is None
    # The Title-style paragraph wins over the core properties title ("Draft contract...").
    assert contract.title == "Cloud Hosting Services Contract"
    assert contract.measures == {"tracked_changes": 2, "comments": 1}
    assert contract.warnings == (
        "document has 2 unaccepted tracked changes: read as if accepted",
        "document has 1 comment: not read as contract text",
    )
    assert contract.redaction is None
    joined = " ".join(texts(contract))
    assert "twice" not in joined  # deleted with changes tracked
    assert "Drafting note" not in joined  # hidden text
    assert "REF NoticePeriod" not in joined  # field code
    assert "framework terms" not in joined  # comment text


def test_elements_are_the_source_paragraphs_and_rows() -> None:
    data = (FIXTURES / "contract.docx").read_bytes()
    doc, elements = read_docx_elements(data, "c.docx", "x", Limits())
    assert len(elements) == len(doc.blocks)
    tags = [el.tag.rsplit("}", 1)[-1] if el is not None else None for el in elements]
    kinds = [b.kind for b in doc.blocks]
    for tag, kind in zip(tags, kinds, strict=True):
        if kind in (BlockKind.HEADER, BlockKind.FOOTER, BlockKind.FOOTNOTE):
            assert tag is None
        elif kind is BlockKind.TABLE_ROW:
            assert tag == "tr"
        else:
            assert tag == "p"
    trees = {el.getroottree().getroot() for el in elements if el is not None}
    assert len(trees) == 1
    # The element of clause 2.1 holds the inserted "not" and the comment range around it.
    i = next(i for i, b in enumerate(doc.blocks) if b.location.clause == "2.1")
    xml = elements[i]
    assert xml.find(f"{{{W_NS}}}ins") is not None
    assert xml.find(f"{{{W_NS}}}commentRangeStart") is not None
    assert read_docx(data, "c.docx", "x", Limits()) == doc


# -- redaction --------------------------------------------------------------------------------
def test_black_shading_is_a_redaction_box_and_its_text_is_not_shown() -> None:
    data = (FIXTURES / "redacted.docx").read_bytes()
    doc = read(data)
    assert texts(doc) == [
        "Commercial Terms",
        "The Charges are £█████████ per annum.",
        "Key personnel: ██████████.",
        "Pricing model: [REDACTED - s.43 FOIA]",
        "IMPORTANT: service credits are capped at 10% of the monthly Charges.",
        "█" * len("The Supplier's margin is 12% on all third-party costs."),
        "Contact: [REDACTED]",
    ]
    assert [b.redacted for b in doc.blocks] == [False] * 5 + [True, False]
    red = doc.redaction
    assert red is not None
    assert (red.markers, red.labelled, red.boxes, red.leaked) == (5, 1, 4, 3)
    assert 0.4 < red.share < 0.5
    assert doc.warnings == (
        "3 redactions are black shading over text that is still in the file and can be recovered",
    )
    assert doc.title == "Award Notice: Cloud Hosting"  # core properties: no Title paragraph
    joined = " ".join(texts(doc))
    for secret in ("1,250,000", "Jane Smith", "12%"):
        assert secret not in joined


def test_shading_variants() -> None:
    solid = '<w:rPr><w:shd w:val="solid" w:color="auto" w:fill="FFFFFF"/></w:rPr>'
    near_black = '<w:rPr><w:shd w:val="clear" w:fill="0D0D0D"/></w:rPr>'
    grey = '<w:rPr><w:shd w:val="clear" w:fill="808080"/></w:rPr>'
    styles = (
        '<w:style w:type="character" w:styleId="Hide"><w:name w:val="Hide"/>'
        "<w:rPr><w:vanish/></w:rPr></w:style>"
    )
    doc = read(
        make_docx(
            p("A ").replace("</w:p>", r("secret", solid) + "</w:p>")
            + "<w:p>"
            + r("B ")
            + r("hidden", near_black)
            + "</w:p>"
            + "<w:p>"
            + r("C ")
            + r("grey", grey)
            + "</w:p>"
            + "<w:p>"
            + r("D ")
            + r("gone", '<w:rPr><w:rStyle w:val="Hide"/></w:rPr>')
            + r(" kept", '<w:rPr><w:rStyle w:val="Hide"/><w:vanish w:val="0"/></w:rPr>')
            + "</w:p>",
            styles=styles,
        )
    )
    assert texts(doc) == ["A ██████", "B ██████", "C grey", "D kept"]
    assert doc.redaction is not None and doc.redaction.boxes == 2


# -- automatic numbering ------------------------------------------------------------------------
def test_number_formats() -> None:
    assert format_number(4, "lowerRoman") == "iv"
    assert format_number(1994, "upperRoman") == "MCMXCIV"
    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(53, "upperLetter") == "AAA"
    assert format_number(7, "decimalZero") == "07"
    assert format_number(12, "ordinal") == "12th"
    assert format_number(22, "ordinal") == "22nd"
    assert format_number(3, "none") == ""
    assert format_number(5, "cardinalText") == "5"  # unknown formats fall back to digits


def test_legal_numbering_restarts_and_overrides() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "upperRoman", "Part %1")
        + lvl(1, "decimal", "%1.%2", "<w:isLgl/>")
        + lvl(2, "lowerLetter", "(%3)", '<w:lvlRestart w:val="0"/>')
        + "</w:abstractNum>"
        + '<w:abstractNum w:abstractNumId="1">'
        + lvl(0, "decimal", "%1.", start=5)
        + lvl(1, "upperLetter", "%2)")
        + lvl(2, "decimal", "%1.%2.%3", '<w:lvlRestart w:val="1"/>')
        + "</w:abstractNum>"
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        + '<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>'
        + '<w:num w:numId="4"><w:abstractNumId w:val="1"/>'
        + '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="20"/></w:lvlOverride></w:num>'
        + '<w:num w:numId="5"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="1">'
        + lvl(1, "lowerRoman", "[%2]")
        + "</w:lvlOverride></w:num>"
    )
    body = (
        p("Definitions", numpr(1, 0))
        + p("The first.", numpr(1, 1))
        + p("sub one", numpr(1, 2))
        + p("Parties", numpr(1, 0))
        + p("The second.", numpr(1, 1))
        + p("sub never restarted", numpr(1, 2))
        + p("Five", numpr(2, 0))
        + p("Letter", numpr(2, 1))
        + p("Deep", numpr(2, 2))
        + p("Letter again", numpr(2, 1))
        + p("Deep kept", numpr(2, 2))
        + p("Six continues", numpr(3, 0))
        + p("Restarted", numpr(4, 0))
        + p("Own level", numpr(5, 1))
        + p("Off", numpr(0, 0))
    )
    doc = read(make_docx(body, numbering=numbering))
    assert texts(doc) == [
        "Part I Definitions",
        "1.1 The first.",
        "(a) sub one",
        "Part II Parties",
        "2.1 The second.",  # isLgl: "II" shows as 2
        "(b) sub never restarted",  # lvlRestart 0
        "5. Five",
        "A) Letter",
        "5.A.1 Deep",
        "B) Letter again",
        "5.B.2 Deep kept",  # lvlRestart 1: only a level-1 paragraph restarts it
        "6. Six continues",  # another num on the same abstract continues the list
        "20. Restarted",
        "[i] Own level",
        "Off",
    ]
    clauses = [b.location.clause for b in doc.blocks]
    assert clauses[:3] == [None, "1.1", "1.1(a)"]
    assert clauses[6:8] == ["5", "5(A)"]


def test_numbering_from_styles_and_style_links() -> None:
    styles = (
        HEADINGS + '<w:style w:type="paragraph" w:styleId="Level2"><w:name w:val="Level 2"/>'
        '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="numbering" w:styleId="LegalList"><w:name w:val="Legal List"/>'
        '<w:pPr><w:numPr><w:numId w:val="8"/></w:numPr></w:pPr></w:style>'
    ).replace(
        '<w:outlineLvl w:val="0"/></w:pPr>',
        '<w:outlineLvl w:val="0"/><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr>',
    )
    numbering = (
        '<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="LegalList"/>'
        + lvl(0, "decimal", "%1.", '<w:pStyle w:val="Heading1"/>')
        + lvl(1, "decimal", "%1.%2")
        + "</w:abstractNum>"
        + '<w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="LegalList"/>'
        + "</w:abstractNum>"
        + '<w:num w:numId="8"><w:abstractNumId w:val="1"/></w:num>'
        + '<w:num w:numId="7"><w:abstractNumId w:val="2"/></w:num>'
    )
    body = (
        p("Scope", style_ppr("Heading1"))
        + p("The Supplier shall deliver the Services.", style_ppr("Level2"))
        + p("Charges", style_ppr("Heading1"))
        + p("The Authority shall pay.", style_ppr("Level2"))
        + p(
            "Unnumbered here.",
            '<w:pPr><w:pStyle w:val="Level2"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>',
        )
    )
    doc = read(make_docx(body, styles=styles, numbering=numbering))
    assert rows(doc) == [
        ("heading", "1", "1. Scope"),
        ("paragraph", "1.1", "1.1 The Supplier shall deliver the Services."),
        ("heading", "2", "2. Charges"),
        ("paragraph", "2.1", "2.1 The Authority shall pay."),
        # Unnumbered text sits in the clause before it, and is cited by it.
        ("paragraph", "2.1", "Unnumbered here."),
    ]


def test_bullets_are_list_items_and_numbered_cells_keep_counting() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "bullet", "\u2022")
        + lvl(1, "bullet", "o")
        + "</w:abstractNum>"
        + '<w:abstractNum w:abstractNumId="1">'
        + lvl(0, "decimal", "%1.")
        + "</w:abstractNum>"
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        + '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    )
    cell = "<w:tc>{}</w:tc>"
    body = (
        p("First clause.", numpr(2, 0))
        + p("a point", numpr(1, 0))
        + p("a sub-point", numpr(1, 1))
        + "<w:tbl><w:tr>"
        + cell.format(p("Risk", numpr(2, 0)))
        + cell.format(p("Owner"))
        + "</w:tr></w:tbl>"
        + p("Third clause.", numpr(2, 0))
        + f"<w:p>{numpr(2, 0)}</w:p>"  # an empty numbered paragraph still takes a number
        + p("Fifth clause.", numpr(2, 0))
    )
    doc = read(make_docx(body, numbering=numbering))
    assert [(b.kind.value, b.level, b.text) for b in doc.blocks] == [
        ("paragraph", 1, "1. First clause."),
        ("list-item", 1, "a point"),
        ("list-item", 2, "a sub-point"),
        ("table-row", 0, "2. Risk | Owner"),
        ("paragraph", 1, "3. Third clause."),
        ("paragraph", 1, "5. Fifth clause."),
    ]


# -- headings -----------------------------------------------------------------------------------
def test_headings_by_style_name_id_chain_and_outline_level() -> None:
    styles = HEADINGS + (
        # Localised: German id and name for Heading 1, without an outline level.
        '<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="Überschrift 1"/>'
        "</w:style>"
        # A custom style two steps from Heading 2.
        '<w:style w:type="paragraph" w:styleId="ClauseTitle"><w:name w:val="Clause Title"/>'
        '<w:basedOn w:val="Mid"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Mid"><w:name w:val="Mid"/>'
        '<w:basedOn w:val="Heading2"/></w:style>'
        # Outline level in a custom style only.
        '<w:style w:type="paragraph" w:styleId="Part"><w:name w:val="Part"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="TOCHeading"><w:name w:val="TOC Heading"/>'
        '<w:basedOn w:val="Heading1"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
    )
    long = "The Supplier shall " + "provide the Services diligently and " * 6 + "well."
    body = (
        p("Master Services Agreement", style_ppr("Title"))
        + p("Contents", style_ppr("TOCHeading"))
        + p("1 Allgemeines 3", style_ppr("TOC1"))
        + p("Allgemeines", style_ppr("berschrift1"))
        + p("Scope", style_ppr("ClauseTitle"))
        + p("Text under scope.")
        + p("Part B", style_ppr("Part"))
        + p("Not a heading", '<w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/></w:pPr>')
        + p("Made a heading", '<w:pPr><w:outlineLvl w:val="2"/></w:pPr>')
        + p(long, style_ppr("Heading2"))
    )
    doc = read(make_docx(body, styles=styles, core_title="Ignored core title"))
    assert [(b.kind.value, b.heading_level, b.location.heading, b.text) for b in doc.blocks] == [
        ("heading", 1, "Master Services Agreement", "Master Services Agreement"),
        # A contents heading and its entry (kept as contents, never a clause).
        ("heading", 1, "Contents", "Contents"),
        ("contents", 0, "Contents", "1 Allgemeines 3"),
        ("heading", 1, "Allgemeines", "Allgemeines"),
        ("heading", 2, "Allgemeines > Scope", "Scope"),
        ("paragraph", 0, "Allgemeines > Scope", "Text under scope."),
        ("heading", 1, "Part B", "Part B"),
        ("paragraph", 0, "Part B", "Not a heading"),
        ("heading", 3, "Part B > Made a heading", "Made a heading"),
        ("paragraph", 0, "Part B > Made a heading", long),
    ]
    assert doc.title == "Master Services Agreement"


def test_title_falls_back_to_first_heading() -> None:
    doc = read(
        make_docx(p("Intro text.") + p("Call-off Contract", style_ppr("Heading1")), styles=HEADINGS)
    )
    assert doc.title == "Call-off Contract"


# -- tracked changes, comments, fields, runs ----------------------------------------------------
REV = 'w:id="{}" w:author="A" w:date="2024-01-01T00:00:00Z"'


def test_moves_deleted_paragraph_marks_and_rows() -> None:
    body = (
        "<w:p>"
        + f"<w:moveFrom {REV.format(1)}>{r('Moved away. ')}</w:moveFrom>"
        + r("Stays.")
        + f"<w:moveTo {REV.format(2)}>{r(' Moved here.')}</w:moveTo>"
        + "</w:p>"
        + f"<w:p><w:pPr><w:rPr><w:del {REV.format(3)}/></w:rPr></w:pPr>{r('Joined')}</w:p>"
        + p("with the next paragraph.")
        + f"<w:p><w:pPr><w:rPr><w:del {REV.format(4)}/></w:rPr></w:pPr>"
        + f"<w:del {REV.format(5)}><w:r><w:delText>Whole paragraph deleted.</w:delText></w:r>"
        + "</w:del></w:p>"
        + "<w:tbl>"
        + f"<w:tr><w:trPr><w:del {REV.format(6)}/></w:trPr><w:tc>{p('Old')}</w:tc>"
        + f"<w:tc>{p('row')}</w:tc></w:tr>"
        + f"<w:tr><w:trPr><w:ins {REV.format(7)}/></w:trPr><w:tc>{p('New')}</w:tc>"
        + f"<w:tc>{p('row')}</w:tc></w:tr>"
        + "</w:tbl>"
        + f"<w:p>{r('Only ')}<w:ins {REV.format(8)}><w:del {REV.format(9)}>"
        + "<w:r><w:delText>inserted then deleted</w:delText></w:r></w:del></w:ins>"
        + r("this.")
        + "</w:p>"
    )
    doc = read(make_docx(body))
    assert texts(doc) == [
        "Stays. Moved here.",
        "Joined with the next paragraph.",
        "New | row",
        "Only this.",
    ]
    # moveFrom, moveTo, the deleted run, two rows, and the w:ins and w:del pair.
    assert doc.measures["tracked_changes"] == 7
    assert doc.warnings[0] == "document has 7 unaccepted tracked changes: read as if accepted"


def test_run_content_fields_and_symbols() -> None:
    field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText> MERGEFIELD Term </w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>nested result in the code</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> = 1 "a" "b" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>two years</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    body = (
        f"<w:p>{r('Term:')}<w:r><w:tab/></w:r>{field}{r('.')}</w:p>"
        + f"<w:p>{r('Line one')}<w:r><w:br/></w:r>{r('line two')}<w:r><w:cr/></w:r>"
        + f"{r('three')}<w:r><w:ptab/></w:r>{r('end')}</w:p>"
        + f"<w:p>{r('Mark ')}"
        + '<w:r><w:sym w:font="Symbol" w:char="F0B3"/><w:sym w:font="Symbol" w:char="F06D"/></w:r>'
        + '<w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r>'
        + '<w:r><w:sym w:font="Wingdings 2" w:char="F053"/></w:r>'
        + "</w:p>"
        + f'<w:p><w:fldSimple w:instr=" DOCPROPERTY Supplier ">{r("Acme Ltd")}</w:fldSimple>'
        + f"{r(' signs.')}</w:p>"
        + f"<w:p>{r('Area ')}<m:oMath><m:r><m:t>πr</m:t></m:r><m:sSup><m:e><m:r><m:t>2</m:t>"
        + "</m:r></m:e></m:sSup></m:oMath></w:p>"
        + "<w:p><w:ruby><w:rt>"
        + r("とうきょう")
        + "</w:rt><w:rubyBase>"
        + r("東京")
        + "</w:rubyBase></w:ruby></w:p>"
        + p("   ")
    )
    doc = read(make_docx(body))
    assert texts(doc) == [
        "Term: two years.",
        "Line one line two three end",
        "Mark ≥μ☐☒",
        "Acme Ltd signs.",
        "Area πr2",
        "東京",
    ]


def test_content_controls_in_blocks_rows_and_cells() -> None:
    body = (
        "<w:sdt><w:sdtPr><w:alias w:val='Parties'/></w:sdtPr><w:sdtContent>"
        + p("Between the Authority")
        + "<w:sdt><w:sdtContent>"
        + p("and the Supplier.")
        + "</w:sdtContent></w:sdt>"
        + "</w:sdtContent></w:sdt>"
        + "<w:tbl><w:sdt><w:sdtContent><w:tr><w:tc>"
        + p("Price")
        + "</w:tc><w:sdt><w:sdtContent><w:tc>"
        + p("£10")
        + "</w:tc></w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt></w:tbl>"
    )
    doc = read(make_docx(body.replace("'", '"')))
    assert rows(doc) == [
        ("paragraph", None, "Between the Authority"),
        ("paragraph", None, "and the Supplier."),
        ("table-row", None, "Price | £10"),
    ]


def test_nested_single_column_and_empty_tables() -> None:
    inner = "<w:tbl><w:tr><w:tc>" + p("Inner A") + "</w:tc><w:tc>" + p("Inner B") + "</w:tc>"
    inner += "</w:tr></w:tbl>"
    body = (
        "<w:tbl><w:tr><w:tc>"
        + p("Outer")
        + inner
        + "</w:tc><w:tc>"
        + p("Right")
        + p("more")
        + "</w:tc></w:tr>"
        + "<w:tr><w:tc>"
        + p("")
        + "</w:tc><w:tc><w:p/></w:tc></w:tr>"
        + "<w:tr><w:tc>"
        + p("Left")
        + "</w:tc><w:tc/></w:tr></w:tbl>"
        # A one-column table frames ordinary text.
        + "<w:tbl><w:tr><w:tc>"
        + p("Boxed heading", style_ppr("Heading1"))
        + p("1.1 Boxed clause text.")
        + "</w:tc></w:tr></w:tbl>"
    )
    doc, elements = read_docx_elements(make_docx(body, styles=HEADINGS), "t", "x", Limits())
    assert rows(doc) == [
        ("table-row", None, "Outer | Right more"),
        ("table-row", None, "Inner A | Inner B"),
        ("table-row", None, "Left |"),
        ("heading", None, "Boxed heading"),
        ("paragraph", "1.1", "1.1 Boxed clause text."),
    ]
    assert [el.tag.rsplit("}", 1)[1] for el in elements] == ["tr", "tr", "tr", "p", "p"]


def test_text_boxes_are_read_once_after_their_anchor() -> None:
    box = f"<w:txbxContent>{p('Boxed obligation: the Supplier shall report monthly.')}</w:txbxContent>"
    body = (
        "<w:p>"
        + r("Anchor paragraph.")
        + "<w:r><mc:AlternateContent><mc:Choice Requires='wps'><w:drawing><wps:txbx>"
        + box
        + "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        + box
        + "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        + "</w:p>"
        + p("After.")
    )
    doc = read(make_docx(body.replace("'", '"')))
    assert texts(doc) == [
        "Anchor paragraph.",
        "Boxed obligation: the Supplier shall report monthly.",
        "After.",
    ]


# -- headers, footers, notes, comments ----------------------------------------------------------
def test_headers_footers_endnotes_and_comments() -> None:
    hdr = f"<w:hdr {NS}>{p('OFFICIAL')}<w:tbl><w:tr><w:tc>{p('Ref')}</w:tc><w:tc>{p('C-1')}"
    hdr += "</w:tc></w:tr></w:tbl></w:hdr>"
    hdr2 = f"<w:hdr {NS}>{p('OFFICIAL')}</w:hdr>"
    ftr = f"<w:ftr {NS}>{p('Confidential')}</w:ftr>"
    endnotes = (
        f"<w:endnotes {NS}><w:endnote w:type='separator' w:id='0'><w:p><w:r><w:separator/>"
        "</w:r></w:p></w:endnote>"
        f"<w:endnote w:id='1'>{p('Endnote one.')}{p('Second paragraph.')}</w:endnote>"
        "</w:endnotes>"
    ).replace("'", '"')
    sect = (
        '<w:sectPr><w:headerReference w:type="default" r:id="rId1"/>'
        '<w:footerReference w:type="default" r:id="rId3"/></w:sectPr>'
    )
    body = (
        f"<w:p><w:pPr>{sect}</w:pPr>{r('Section one.')}</w:p>"
        + f'<w:p>{r("Cited.")}<w:r><w:endnoteReference w:id="1"/></w:r>'
        + '<w:commentRangeStart w:id="4"/><w:r><w:commentReference w:id="4"/></w:r></w:p>'
        + '<w:p><w:r><w:commentReference w:id="5"/></w:r></w:p>'
        + '<w:sectPr><w:headerReference w:type="first" r:id="rId2"/>'
        + '<w:headerReference w:type="default" r:id="rId1"/></w:sectPr>'
    )
    parts = {
        "header1.xml": ("header", hdr),
        "header2.xml": ("header", hdr2),
        "footer1.xml": ("footer", ftr),
        "endnotes.xml": ("endnotes", endnotes),
    }
    doc = read(make_docx(body, parts=parts))
    assert rows(doc) == [
        ("paragraph", None, "Section one."),
        ("paragraph", None, "Cited."),
        ("header", None, "OFFICIAL"),
        ("header", None, "Ref | C-1"),
        ("footer", None, "Confidential"),
        ("footnote", None, "Endnote one. Second paragraph."),
    ]
    # No comments part: the comments the text still cites are counted.
    assert doc.measures["comments"] == 2
    assert doc.warnings == ("document has 2 comments: not read as contract text",)


def test_strict_open_xml_and_an_unusual_main_part_name() -> None:
    data = make_docx(
        p("Strict text.", style_ppr("Heading1")), styles=HEADINGS, main="word/document2.xml"
    )
    strict = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(strict, "w") as dst:
        for info in src.infolist():
            content = src.read(info).replace(
                W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main"
            )
            dst.writestr(info, content)
    doc = read(strict.getvalue())
    assert rows(doc) == [("heading", None, "Strict text.")]


def test_alt_chunk_is_reported() -> None:
    doc = read(make_docx(p("Main text.") + '<w:altChunk r:id="rId9"/>'))
    assert doc.warnings == ("document embeds 1 imported file (altChunk) whose text was not read",)


# -- the fixtures themselves ------------------------------------------------------------------
def test_fixtures_rebuild_identically(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_docx", ROOT / "fixtures/build_docx.py")
    assert spec and spec.loader
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for run in ("a", "b"):
        build.OUT = tmp_path / run
        build.main()
    # Deterministic: two builds give the same bytes.
    for first in sorted((tmp_path / "a").iterdir()):
        assert first.read_bytes() == (tmp_path / "b" / first.name).read_bytes(), first.name
    # In step with the script: the parts it writes as raw XML match the committed files
    # (the rest comes from python-docx's template and may change with its version).
    with (
        zipfile.ZipFile(FIXTURES / "contract.docx") as committed,
        zipfile.ZipFile(tmp_path / "a" / "contract.docx") as rebuilt,
    ):
        for part in ("word/numbering.xml", "word/footnotes.xml"):
            assert committed.read(part) == rebuilt.read(part), part


def test_table_of_contents_and_placeholders_are_not_clauses() -> None:
    begin = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    body = (
        f"<w:p>{begin}{r('1. Scope')}<w:r><w:tab/></w:r>{r('3')}</w:p>"
        + p("2. Charges 4")
        + f"<w:p>{r('3. Term 5')}{end}</w:p>"
        + p("1.1 The Supplier shall perform the Services.")
        + "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        + p("Click or tap here to enter text.")
        + "</w:sdtContent></w:sdt>"
    )
    doc = read(make_docx(body))
    assert rows(doc) == [
        ("contents", None, "1. Scope 3"),
        ("contents", None, "2. Charges 4"),
        ("contents", None, "3. Term 5"),
        ("paragraph", "1.1", "1.1 The Supplier shall perform the Services."),
        ("paragraph", "1.1", "Click or tap here to enter text."),
    ]
    assert [b.number for b in doc.blocks] == [None, None, None, "1.1", None]
    assert doc.warnings == ("1 content control still shows its placeholder text",)


def test_roman_sub_items_after_h_are_roman() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "decimal", "%1.")
        + lvl(1, "lowerLetter", "(%2)")
        + lvl(2, "lowerRoman", "(%3)")
        + "</w:abstractNum>"
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    body = p("Duties", numpr(1, 0)) + "".join(p(f"duty {c}", numpr(1, 1)) for c in "abcdefgh")
    body += p("first", numpr(1, 2)) + p("second", numpr(1, 2)) + p("ninth letter", numpr(1, 1))
    doc = read(make_docx(body, numbering=numbering))
    assert rows(doc)[-4:] == [
        ("paragraph", "1(h)", "(h) duty h"),
        ("paragraph", "1(h)(i)", "(i) first"),
        ("paragraph", "1(h)(ii)", "(ii) second"),
        ("paragraph", "1(i)", "(i) ninth letter"),
    ]
