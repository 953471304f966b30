"""A small rule pack, Word drafts built as a user would, and readers of the annotated copy."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from lxml import etree

from tenderlint.read import read_document
from tests.conftest import REPO, write_pack

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


def python_docx_opens(path: Path) -> bool:
    d = docx.Document(str(path))
    return bool(d.paragraphs or d.tables)
