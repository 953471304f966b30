"""tenderlint annotate: Word comments on the evidence, tracked insertions, a safe copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import Result
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from tenderlint.annotate import _variant, _wording
from tenderlint.engine import Context, compile_pack, evaluate
from tenderlint.model import DocType, Outcome
from tenderlint.packs import load_pack
from tenderlint.read import Limits, read_document
from tenderlint.read.docx import read_docx_elements

from .conftest import REPO, write_pack

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTRACT = REPO / "fixtures" / "docx" / "contract.docx"
EXAMPLE = REPO / "fixtures" / "examples" / "call-off-contract.docx"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# A pack of our own, so these tests do not move when the bundled pack's wording does.
PACK = r'''
define HEDGE "a hedge" = "reasonable endeavours", "reasonably practicable"
rule FOI-001 "Requests for information passed on within 2 working days" {
  severity error, weak warning
  applies to contract
  theme "Freedom of Information"
  tags foi
  rationale """
    The Authority must answer a request within 20 working days
    and cannot contract its duties out.
  """
  require clause mentions "request for information"
  strong when duration <= 2 working days as "deadline of 2 working days"
  weak when HEDGE
  cite "Freedom of Information Act 2000" section "s.10" url "https://www.legislation.gov.uk/ukpga/2000/36/section/10"
  suggest """
    X.1 The Supplier shall transfer each request for information to the Authority within
    two (2) working days of receipt.
    (a) The Supplier shall ensure that each Subcontractor does the same.
  """
  example satisfied "The Supplier shall transfer each request for information within 2 working days."
  example weak "The Supplier shall use reasonable endeavours to pass on any request for information within 2 working days."
  example missing "Nothing."
}
rule DRAFT-001 "No unfilled placeholders" {
  severity error
  applies to both
  theme "Drafting hygiene"
  tags drafting
  forbid sentence mentions /\[(?:enter|insert)[^\]]*\]/ as "unfilled placeholder"
  suggest "Complete or delete every placeholder before the document is issued."
  example satisfied "All filled in."
  example conflict "Supplier: [Enter name]."
}
rule DATA-001 "The Authority owns its data" {
  severity error
  applies to contract
  theme "Data"
  tags data, ownership
  require clause mentions "authority data"
  strong when "owns" as "ownership"
  suggest "The Authority owns all Authority Data, including data derived from it."
  example satisfied "The Authority owns all Authority Data."
  example weak "The Supplier may use Authority Data."
  example missing "Nothing."
}
rule KPI-001 "At least three KPIs" {
  severity warning
  applies to contract
  theme "Performance"
  tags kpi
  require clause mentions "key performance indicator"
  suggest """
    X.1 The Supplier shall meet each Key Performance Indicator below.
    | KPI | Target |
    |-----|--------|
    | Availability | 99.5% |
    | Incident resolution | 95% |
  """
  example satisfied "The Supplier shall meet each key performance indicator."
  example missing "Nothing."
}
'''

FOI_WEAK = (
    "1.1 The Supplier shall use reasonable endeavours to pass on any request for information "
    "to the Authority."
)
DRAFT = [
    ("Title", "Call-off Contract for Cloud Hosting"),
    ("Heading 1", "1. Freedom of Information"),
    (None, f"{FOI_WEAK} The Authority shall then respond to the requester."),
    (None, "1.2 The Authority shall publish its responses."),
    ("Heading 1", "2. Order Form"),
    (None, "Supplier: [Enter name]. Commencement Date: 1 April 2026."),
    ("Heading 1", "3. Data Protection"),
    (None, "3.1 The Supplier shall keep all personal data secure."),
    ("Heading 1", "4. Termination"),
    (None, "4.1 Either party may terminate this Contract on 90 days' notice."),
]


# -- helpers ----------------------------------------------------------------------------------
LIST = f"""<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="720"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/>
    <w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="720"/></w:pPr></w:lvl>
</w:abstractNum>"""


def make_draft(path: Path, items: Sequence[tuple[str | None, Any]]) -> Path:
    """A Word draft built as a user would, with python-docx: (style, text) paragraphs,
    ("table", [[cell, ...], ...]), or ("level 0"/"level 1", text) for a clause or sub-clause
    of a multilevel list ("1.", "(a)") numbered in the paragraph itself."""
    d = docx.Document()
    if any(style and style.startswith("level") for style, _ in items):
        numbering = d.part.numbering_part.element
        numbering.insert(0, parse_xml(LIST))
        numbering.append(
            parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
        )
    for style, content in items:
        if style == "table":
            table = d.add_table(rows=len(content), cols=len(content[0]))
            for row, cells in zip(table.rows, content, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
        elif style and style.startswith("level"):
            p = d.add_paragraph(content)
            p._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{style[-1]}"/><w:numId w:val="90"/></w:numPr>'
                )
            )
        else:
            d.add_paragraph(content, style=style)
    d.save(str(path))
    return path


def setup(tmp_path: Path, items: Sequence[tuple[str | None, Any]] = DRAFT) -> Path:
    write_pack(tmp_path, PACK, name="test-pack")
    return make_draft(tmp_path / "draft.docx", items)


def part(path: Path, name: str) -> Any:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def comments(path: Path) -> list[tuple[int, str, str, str]]:
    """(id, author, initials, text) of every comment, read by python-docx as Word would."""
    d = docx.Document(str(path))
    return [(c.comment_id, c.author, c.initials, c.text) for c in d.comments]


def ours(path: Path) -> dict[int, str]:
    return {cid: text for cid, author, initials, text in comments(path) if author == "tenderlint"}


def anchored(path: Path) -> dict[int, str]:
    """The visible text each comment range covers, paragraphs separated by newlines."""
    root = part(path, "word/document.xml")
    open_ids: list[int] = []
    texts: dict[int, list[str]] = {}
    for el in root.iter():
        if el.tag == w("commentRangeStart"):
            cid = int(el.get(w("id")))
            open_ids.append(cid)
            texts[cid] = []
        elif el.tag == w("commentRangeEnd"):
            open_ids.remove(int(el.get(w("id"))))
        elif el.tag == w("p"):
            for cid in open_ids:
                if texts[cid]:
                    texts[cid].append("\n")
        elif el.tag == w("t"):
            for cid in open_ids:
                texts[cid].append(el.text or "")
    return {cid: "".join(t).strip() for cid, t in texts.items()}


def inserted(path: Path) -> list[Any]:
    """The paragraphs whose mark tenderlint inserted, in document order."""
    root = part(path, "word/document.xml")
    return [
        p
        for p in root.iter(w("p"))
        if p.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}") is not None
        and p.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}").get(w("author")) == "tenderlint"
    ]


def text_of(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(w("t")))


def body_texts(path: Path) -> list[str]:
    doc = read_document(path, path.name)
    return [b.text for b in doc.blocks]


def rewrite(src: Path, dst: Path, change: Callable[[Any], None]) -> Path:
    """A copy of ``src`` with its document.xml changed by ``change`` (accept/reject)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            zout.writestr(info, data)
    return dst


def accept_ours(root: Any) -> None:
    for ins in list(root.iter(w("ins"))):
        if ins.get(w("author")) != "tenderlint":
            continue
        parent = ins.getparent()
        if parent.tag in (w("rPr"), w("trPr")):
            parent.remove(ins)
            continue
        for child in list(ins):
            ins.addprevious(child)
        parent.remove(ins)


def reject_ours(root: Any) -> None:
    for tr in list(root.iter(w("tr"))):
        ins = tr.find(f"{w('trPr')}/{w('ins')}")
        if ins is not None and ins.get(w("author")) == "tenderlint":
            tr.getparent().remove(tr)
    for tbl in list(root.iter(w("tbl"))):
        if tbl.find(w("tr")) is None:
            tbl.getparent().remove(tbl)
    for p in list(root.iter(w("p"))):
        mark = p.find(f"{w('pPr')}/{w('rPr')}/{w('ins')}")
        if mark is not None and mark.get(w("author")) == "tenderlint":
            p.getparent().remove(p)


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


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


# -- tracked insertions -----------------------------------------------------------------------
def test_insert_suggestions_as_tracked_changes(cli: Callable[..., Result], tmp_path: Path) -> None:
    src = setup(tmp_path)
    r = cli("annotate", "draft.docx", "--pack", "test-pack", "--insert-suggestions")
    assert r.exit_code == 0, r.output
    assert r.output.endswith("3 suggestions inserted\n")
    out = tmp_path / "draft.reviewed.docx"
    root = part(out, "word/document.xml")
    ours_ins = [i for i in root.iter(w("ins")) if i.get(w("author")) == "tenderlint"]
    assert ours_ins and all(i.get(w("date")) is None for i in ours_ins)  # no dates: same bytes
    paras = inserted(out)
    texts = [text_of(p) for p in paras]
    assert texts == [
        # FOI-001 (weak): right after the weak clause 1.1, before 1.2.
        "X.1 The Supplier shall transfer each request for information to the Authority within "
        "two (2) working days of receipt.",
        "(a) The Supplier shall ensure that each Subcontractor does the same.",
        # DATA-001 (missing): at the end of the "Data Protection" section.
        "The Authority owns all Authority Data, including data derived from it.",
        # KPI-001 (missing, no section fits): at the end of the body, table included.
        "X.1 The Supplier shall meet each Key Performance Indicator below.",
        "KPI",
        "Target",
        "Availability",
        "99.5%",
        "Incident resolution",
        "95%",
        "",
    ]
    for p in paras:  # the text, not only the paragraph mark, is in a tracked insertion
        runs = list(p.iter(w("r")))
        assert all(r.getparent().tag == w("ins") for r in runs)
    blocks = body_texts(out)
    i = blocks.index(FOI_WEAK + " The Authority shall then respond to the requester.")
    assert blocks[i + 1].startswith("X.1 The Supplier shall transfer")
    assert blocks[i + 2].startswith("(a) The Supplier shall ensure")
    assert blocks[i + 3] == "1.2 The Authority shall publish its responses."
    j = blocks.index("3.1 The Supplier shall keep all personal data secure.")
    assert blocks[j + 1] == "The Authority owns all Authority Data, including data derived from it."
    assert blocks[j + 2] == "4. Termination"
    # The sub-item sits one step in.
    ind = paras[1].find(f"{w('pPr')}/{w('ind')}")
    assert ind is not None and int(ind.get(w("left"))) >= 720
    # The KPI table: every row a tracked insertion, and the body still ends with sectPr.
    tbl = root.find(f"{w('body')}/{w('tbl')}")
    assert tbl is not None
    assert all(
        tr.find(f"{w('trPr')}/{w('ins')}").get(w("author")) == "tenderlint"
        for tr in tbl.iter(w("tr"))
    )
    assert root.find(w("body"))[-1].tag == w("sectPr")
    # The comments say where the wording went.
    notes = "\n".join(ours(out).values())
    assert "Suggested wording (inserted after cl.1.1 as a tracked change):" in notes
    assert "[inserted at the end of “3. Data Protection” as a tracked change]" in notes
    assert "[inserted at the end of the document as a tracked change]" in notes
    # Accepting our changes fixes the findings; rejecting them gives back the draft's text.
    rewrite(out, tmp_path / "accepted.docx", accept_ours)
    rejected = rewrite(out, tmp_path / "rejected.docx", reject_ours)
    assert body_texts(rejected) == body_texts(src)
    r = cli("check", "accepted.docx", "--pack", "test-pack", "--select", "FOI,DATA,KPI")
    assert r.exit_code == 0, r.output
    assert "0 unreadable: 0 missing, 0 conflict, 0 weak, 3 satisfied" in r.output


def test_inserted_paragraph_drops_numbering_and_heading_styles(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    setup(
        tmp_path,
        [
            ("Title", "Call-off Contract"),
            ("Heading 1", "Freedom of Information"),
            (
                "level 0",
                "The Supplier shall use reasonable endeavours to pass on any request "
                "for information:",
            ),
            ("level 1", "to the Authority; and"),
            ("level 1", "to its auditors."),
            ("level 0", "The Authority shall reply."),
            ("Heading 1", "Data"),
        ],
    )
    r = cli(
        "annotate",
        "draft.docx",
        "--pack",
        "test-pack",
        "--insert-suggestions",
        "--select",
        "FOI,DATA",
    )
    assert r.exit_code == 0, r.output
    out = tmp_path / "draft.reviewed.docx"
    foi, sub, data = inserted(out)
    # After the whole weak clause with its sub-clauses, not between them.
    assert text_of(foi.getprevious()) == "to its auditors."
    assert data.getnext().tag == w("sectPr")  # the last section, before its properties
    blocks = body_texts(out)
    assert blocks[
        blocks.index(
            "1. The Supplier shall use reasonable endeavours to pass on any "
            "request for information:"
        )
        + 3
    ].startswith("X.1")
    assert blocks[-1] == "The Authority owns all Authority Data, including data derived from it."
    # No automatic number (it would renumber clause 2), but the sub-clause's indent is kept.
    ppr = foi.find(w("pPr"))
    assert ppr.find(w("numPr")) is None
    assert ppr.find(w("ind")).get(w("left")) == "1440"
    assert "2. The Authority shall reply." in blocks
    assert int(sub.find(f"{w('pPr')}/{w('ind')}").get(w("left"))) == 1440 + 720
    # A section that is only a heading: the wording follows it, not in the heading's style.
    assert text_of(data.getprevious()) == "Data"
    assert data.find(f"{w('pPr')}/{w('pStyle')}") is None


def test_style_numbering_is_switched_off(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(
        tmp_path,
        [
            ("Title", "Call-off Contract"),
            (
                "List Number",
                "The Supplier shall use reasonable endeavours to pass on any "
                "request for information.",
            ),
            ("List Number", "The Authority shall reply."),
        ],
    )
    r = cli(
        "annotate", "draft.docx", "--pack", "test-pack", "--insert-suggestions", "--select", "FOI"
    )
    assert r.exit_code == 0, r.output
    out = tmp_path / "draft.reviewed.docx"
    foi = inserted(out)[0]
    ppr = foi.find(w("pPr"))
    # The List Number style is kept (font, spacing) with its numbering off (numId 0), in the
    # schema's order of paragraph properties, which Word enforces.
    assert ppr.find(w("pStyle")).get(w("val")) == "ListNumber"
    assert ppr.find(f"{w('numPr')}/{w('numId')}").get(w("val")) == "0"
    assert [c.tag.split("}")[1] for c in ppr][:2] == ["pStyle", "numPr"]
    assert [c.tag.split("}")[1] for c in ppr][-1] == "rPr"
    assert body_texts(out)[1:4] == [
        "1. The Supplier shall use reasonable endeavours to pass on any request for information.",
        "X.1 The Supplier shall transfer each request for information to the Authority within "
        "two (2) working days of receipt.",
        "(a) The Supplier shall ensure that each Subcontractor does the same.",
    ]
    assert body_texts(out)[4] == "2. The Authority shall reply."


def test_weak_table_row_gets_wording_in_its_cell(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    quote = "The Supplier shall use reasonable endeavours to pass on any request for information."
    setup(
        tmp_path,
        [
            ("Title", "Call-off Contract"),
            ("table", [["Ref", "Requirement"], ["R1", quote], ["R2", "Keep records."]]),
        ],
    )
    r = cli(
        "annotate", "draft.docx", "--pack", "test-pack", "--insert-suggestions", "--select", "FOI"
    )
    assert r.exit_code == 0, r.output
    out = tmp_path / "draft.reviewed.docx"
    assert list(anchored(out).values()) == [f"R1\n{quote}"]  # the quote is the whole row
    first = inserted(out)[0]
    cell = first.getparent()
    assert cell.tag == w("tc")
    assert text_of(cell).startswith(quote)
    assert python_docx_opens(out)


def python_docx_opens(path: Path) -> bool:
    d = docx.Document(str(path))
    return bool(d.paragraphs or d.tables)


# -- the contract fixture: everything else preserved --------------------------------------------
def expected_counts(path: Path) -> tuple[int, int, int]:
    data = path.read_bytes()
    doc, _ = read_docx_elements(data, path.name, "x", Limits())
    compiled = compile_pack([load_pack("uk-responsible-tech")])
    results = evaluate(doc, compiled, Context(DocType.CONTRACT))
    count = {o: sum(r.outcome is o for r in results) for o in Outcome}
    return count[Outcome.WEAK], count[Outcome.CONFLICT], count[Outcome.MISSING]


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
    weak, conflict, missing = expected_counts(src)
    assert weak + conflict + missing > 0  # the fixture is far from the pack's standards
    n = weak + conflict + (1 if missing else 0)
    assert r.output.startswith(
        f"wrote out/reviewed.docx: {n} comments ({weak} weak, {conflict} conflict, "
        + (f"1 listing {missing} missing" if missing else "0 missing")
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
    for tag in ("numPr", "sectPr", "headerReference", "footerReference", "footnoteReference"):
        assert len(list(root.iter(w(tag)))) == len(list(orig.iter(w(tag)))), tag
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
    assert len(ours(out)) == weak + conflict + (1 if missing else 0)
    assert r.output.startswith(f"wrote call-off.reviewed.docx: {len(ours(out))} comment")


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


# -- wording --------------------------------------------------------------------------------
def test_wording_paragraphs_variants_and_tables() -> None:
    text = """X.1 The Supplier shall deliver a plan within three
    (3) months and shall:
    (a) keep it up to date; and
    (b) follow it.
    | KPI | Target |
    |---|---|
    | Uptime | 99.5% |
    X.2 The Authority decides."""
    items = _wording(text)
    assert [getattr(i, "text", None) for i in items] == [
        "X.1 The Supplier shall deliver a plan within three (3) months and shall:",
        "(a) keep it up to date; and",
        "(b) follow it.",
        None,
        "X.2 The Authority decides.",
    ]
    assert [getattr(i, "sub", None) for i in items][:3] == [False, True, True]
    assert getattr(items[3], "rows", None) == (("KPI", "Target"), ("Uptime", "99.5%"))
    both = "Shared.\nContract: The Supplier shall.\nTender: Bidders must."
    assert _variant(both, DocType.CONTRACT) == "Shared.\nThe Supplier shall."
    assert _variant(both, DocType.TENDER) == "Shared.\nBidders must."
    assert _variant(both, DocType.UNKNOWN) == both
    assert _variant("Wording.\nTender: Bidders must.", DocType.CONTRACT) == "Wording."


def test_main_part_elsewhere_gets_its_comments_beside_it(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """A draft whose main part is not word/document.xml still gets its comments part next to
    it, related and typed, and Word's reader (python-docx) opens it."""
    src = setup(tmp_path)
    moved = tmp_path / "moved.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(moved, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            name = info.filename.replace("word/", "doc/")
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"word/", b"doc/")
            zout.writestr(name, data)
    r = cli("annotate", "moved.docx", "--pack", "test-pack")
    assert r.exit_code == 0, r.output
    out = tmp_path / "moved.reviewed.docx"
    with zipfile.ZipFile(out) as z:
        assert "doc/comments.xml" in z.namelist()
    assert len(comments(out)) == 3


def test_copy_of_input_members_is_unchanged_when_no_results(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    setup(
        tmp_path,
        [
            ("Title", "Call-off Contract"),
            (None, "The Authority owns all Authority Data."),
            (
                None,
                "The Supplier shall transfer each request for information within 2 working days.",
            ),
            (None, "The Supplier shall meet each key performance indicator."),
        ],
    )
    r = cli("annotate", "draft.docx", "--pack", "test-pack")
    assert r.exit_code == 0, r.output
    assert r.output == (
        "wrote draft.reviewed.docx: 0 comments (0 weak, 0 conflict, 0 missing), "
        "0 suggestions inserted\n"
    )
    out = tmp_path / "draft.reviewed.docx"
    with zipfile.ZipFile(tmp_path / "draft.docx") as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()  # no empty comments part is added
        for name in a.namelist():
            if name != "word/document.xml":
                assert a.read(name) == b.read(name)
    assert comments(out) == []
    assert body_texts(out) == body_texts(tmp_path / "draft.docx")


STRICT = (
    (
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
)


def test_strict_package_keeps_its_namespaces(cli: Callable[..., Result], tmp_path: Path) -> None:
    """An ISO 29500 Strict document is read under the transitional names; the copy is
    written back in Strict, comments part and relationship included."""
    src = setup(tmp_path)
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(strict, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            for old, new in STRICT:
                data = data.replace(old, new)
            zout.writestr(info, data)
    r = cli("annotate", "strict.docx", "--pack", "test-pack", "--insert-suggestions")
    assert r.exit_code == 0, r.output
    out = tmp_path / "strict.reviewed.docx"
    with zipfile.ZipFile(out) as z:
        for name in ("word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels"):
            data = z.read(name)
            assert b"purl.oclc.org/ooxml" in data, name
            assert b"schemas.openxmlformats.org/wordprocessingml" not in data, name
    types = {rel.get("Type") for rel in part(out, "word/_rels/document.xml.rels")}
    assert "http://purl.oclc.org/ooxml/officeDocument/relationships/comments" in types
    doc = read_document(out, "out")
    assert doc.measures["comments"] == 3
    assert (
        "X.1 The Supplier shall transfer each request for information to the Authority "
        "within two (2) working days of receipt." in [b.text for b in doc.blocks]
    )


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
