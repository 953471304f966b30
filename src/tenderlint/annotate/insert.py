"""Model wording into the draft as tracked insertions, formatted and numbered like the clause
it follows (see ``numbering``)."""

from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from tenderlint.annotate.comments import Ids
from tenderlint.annotate.formatting import numpr, put
from tenderlint.annotate.numbering import Scheme, scheme_for
from tenderlint.annotate.placement import Plan
from tenderlint.annotate.result import AUTHOR
from tenderlint.annotate.target import Target
from tenderlint.annotate.wording import Para, Table, wording
from tenderlint.read.ooxml.names import (
    AUTHOR_ATTR,
    ID,
    IND,
    INS,
    NUMID,
    NUMPR,
    OUTLINE,
    PPR,
    PSTYLE,
    R_,
    RPR,
    SECT_PR,
    TBL,
    TC,
    TR,
    VAL,
    XML_SPACE,
    P,
    T,
    w,
)
from tenderlint.read.ooxml.xml import clean_text

SUB_INDENT = 720  # twips (half an inch): model-wording sub-items "(a)" sit one step in
# Properties of the paragraph an insertion follows that must not be copied: its mark's run
# properties and revisions (ids must stay unique), a section break (copying it would start a
# new section), frames and page breaks, and outline levels that would make the model wording
# a heading in the navigation pane. Numbering is handled in Inserter._copied_properties.
# fmt: off
_NOT_COPIED = frozenset(w(n) for n in (
    "rPr", "sectPr", "pPrChange", "numPr", "framePr", "pageBreakBefore", "keepNext",
    "outlineLvl", "divId", "cnfStyle",
))
# fmt: on
_TABLE_WIDTH = 9000  # twips across a portrait A4 text block, shared equally by the columns


class Inserter:
    """Inserts wording at planned places, each paragraph and table row a tracked insertion."""

    def __init__(self, target: Target, ids: Ids) -> None:
        self.target = target
        self.ids = ids
        self.last_inserted: dict[Any, Any] = {}
        self.clauses: dict[Any, int] = {}  # new clauses numbered at each place so far

    def insert(self, plan: Plan, text: str) -> list[Any]:
        """Insert the wording at ``plan``, after any wording already inserted there, numbered
        as the draft numbers the clause it follows; the new paragraphs and tables."""
        body = self.target.body
        key = plan.after if plan.after is not None else body
        prev = self.last_inserted.get(key)
        scheme = scheme_for(plan.template, plan.plain, self.target.fmt)
        made: list[Any] = []
        for item in wording(text):
            if isinstance(item, Para):
                words = scheme.strip(item.text, item.sub)
                if not item.sub and scheme.typed is not None:
                    n = self.clauses.get(key, 0)
                    self.clauses[key] = n + 1
                    words = f"{scheme.label(n)} {words}"
                made.append(self._paragraph(words, self._numbered(plan, scheme, item.sub)))
            else:
                made.append(self._table(item))
        if made and made[-1].tag == TBL:
            # A table cannot end a table cell, and two tables in a row would join up.
            made.append(self._paragraph("", self._properties(plan, False)))
        for el in made:
            if prev is not None:
                prev.addnext(el)
            elif plan.after is not None:
                plan.after.addnext(el)
            else:
                sect = body[-1] if len(body) else None
                if sect is not None and sect.tag == SECT_PR:
                    sect.addprevious(el)
                else:
                    body.append(el)
            prev = el
        if prev is not None:
            self.last_inserted[key] = prev
        return made

    def _revision(self, tag: str) -> Any:
        el = etree.Element(tag)
        el.set(ID, self.ids.new())
        el.set(AUTHOR_ATTR, AUTHOR)
        return el

    def _paragraph(self, text: str, ppr: Any, bold: bool = False) -> Any:
        """A new paragraph whose mark and text are one tracked insertion by tenderlint, so
        rejecting it in Word removes the paragraph, not only its words."""
        p = etree.Element(P)
        mark = etree.Element(RPR)
        mark.append(self._revision(INS))
        put(ppr, mark)
        p.append(ppr)
        if text:
            wrap = self._revision(INS)
            p.append(wrap)
            run = etree.SubElement(wrap, R_)
            if bold:
                etree.SubElement(etree.SubElement(run, RPR), w("b"))
            t = etree.SubElement(run, T)
            t.text = clean_text(text)
            t.set(XML_SPACE, "preserve")
        return p

    def _table(self, table: Table) -> Any:
        """A bordered table of the wording, every row a tracked insertion; the first row is
        the header, repeated on each page, as in the pack's Markdown."""
        cols = max(len(r) for r in table.rows)
        width = _TABLE_WIDTH // cols
        tbl = etree.Element(TBL)
        self._table_properties(tbl)
        grid = etree.SubElement(tbl, w("tblGrid"))
        for _ in range(cols):
            etree.SubElement(grid, w("gridCol")).set(w("w"), str(width))
        for i, row in enumerate(table.rows):
            tr = etree.SubElement(tbl, TR)
            trpr = etree.SubElement(tr, w("trPr"))
            if i == 0:
                etree.SubElement(trpr, w("tblHeader"))
            trpr.append(self._revision(INS))
            for cell in row:
                tc = etree.SubElement(tr, TC)
                tcw = etree.SubElement(etree.SubElement(tc, w("tcPr")), w("tcW"))
                tcw.set(w("w"), str(width))
                tcw.set(w("type"), "dxa")
                tc.append(self._paragraph(cell, etree.Element(PPR), bold=i == 0))
        return tbl

    def _table_properties(self, tbl: Any) -> None:
        tblpr = etree.SubElement(tbl, w("tblPr"))
        if "TableGrid" in self.target.fmt.ids:
            etree.SubElement(tblpr, w("tblStyle")).set(VAL, "TableGrid")
        tblw = etree.SubElement(tblpr, w("tblW"))
        tblw.set(w("w"), "5000")
        tblw.set(w("type"), "pct")
        borders = etree.SubElement(tblpr, w("tblBorders"))
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b = etree.SubElement(borders, w(side))
            b.set(VAL, "single")
            b.set(w("sz"), "4")
            b.set(w("space"), "0")
            b.set(w("color"), "auto")

    def _numbered(self, plan: Plan, scheme: Scheme, sub: bool) -> Any:
        """Paragraph properties for a new clause (or sub-item) in the draft's own list: the
        clause's properties with the list's numId at the new level, whose indent applies."""
        level = scheme.sub if sub else scheme.top
        if scheme.num_id is None:
            return self._properties(plan, sub)
        ppr = self._copied_properties(plan)
        if level is None:  # a sub-item the list has no level for: typed, one step in
            left = self.target.fmt.indent(scheme.num_id, scheme.top or "0") or ""
            ind = etree.Element(IND)
            ind.set(w("left"), str(int(left) + SUB_INDENT if left.isdigit() else SUB_INDENT))
            ind.set(w("hanging"), "0")
            put(ppr, ind)
            return ppr
        for child in ppr.findall(IND):
            ppr.remove(child)
        num = etree.Element(NUMPR)
        etree.SubElement(num, w("ilvl")).set(VAL, level)
        etree.SubElement(num, NUMID).set(VAL, scheme.num_id)
        put(ppr, num)
        return ppr

    def _properties(self, plan: Plan, sub: bool) -> Any:
        ppr = self._copied_properties(plan)
        if sub:
            ind = ppr.find(IND)
            left = str((ind.get(w("left")) or ind.get(w("start"))) if ind is not None else "")
            new = etree.Element(IND)
            new.set(w("left"), str(int(left) + SUB_INDENT if left.isdigit() else SUB_INDENT))
            new.set(w("hanging"), "0")
            put(ppr, new)
        return ppr

    def _copied_properties(self, plan: Plan) -> Any:
        """The paragraph properties of the paragraph the wording follows, less what would
        make it something else (see _NOT_COPIED).

        Numbering is not copied here (``_numbered`` sets the list and level the wording
        joins): the text keeps the clause's indent, and a style that numbers its paragraphs
        is switched off with numId 0. A heading's properties are never copied, or the
        wording would become a heading.
        """
        fmt = self.target.fmt
        src = plan.template.find(PPR) if plan.template is not None else None
        if src is None or plan.plain:
            return etree.Element(PPR)
        style_el = src.find(PSTYLE)
        style = style_el.get(VAL) if style_el is not None else None
        outline = src.find(OUTLINE)
        if fmt.heading_style(style) or (outline is not None and (outline.get(VAL) or "9") < "9"):
            return etree.Element(PPR)
        ppr = copy.deepcopy(src)
        for child in list(ppr):
            if child.tag in _NOT_COPIED or not isinstance(child.tag, str):
                ppr.remove(child)
        own = src.find(NUMPR)
        own_id, own_lvl = numpr(own) if own is not None else (None, None)
        style_id, style_lvl = fmt.style_numbering(style)
        num_id = own_id if own_id is not None else style_id
        ilvl = own_lvl or style_lvl or "0"
        if num_id and num_id != "0":
            if style_id and style_id != "0":
                off = etree.Element(NUMPR)
                etree.SubElement(off, NUMID).set(VAL, "0")
                put(ppr, off)
            left = fmt.indent(num_id, ilvl)
            if left and ppr.find(IND) is None:
                ind = etree.Element(IND)
                ind.set(w("left"), left)
                ind.set(w("firstLine"), "0")
                put(ppr, ind)
        elif own_id == "0":
            put(ppr, copy.deepcopy(own))
        return ppr
