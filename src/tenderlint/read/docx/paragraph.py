"""One w:p read: its accepted-view text, style role, list label, notes and text boxes."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from tenderlint.read.docx.numbering import Numbering
from tenderlint.read.docx.styles import (
    ParaStyle,
    RunProps,
    Styles,
    bold_of,
    int_value,
    merge,
    run_props,
)
from tenderlint.read.docx.text import Fields, ParagraphText, symbol
from tenderlint.read.ooxml.names import (
    ALTERNATE,
    BDO,
    BR,
    CHOICE,
    CR,
    CUSTOM_XML,
    DEL,
    DEL_TEXT,
    DIR,
    DRAWING,
    ENDNOTE_REF,
    FLD_CHAR,
    FLD_SIMPLE,
    FOOTNOTE_REF,
    HIGHLIGHT,
    HYPERLINK,
    ID,
    ILVL,
    INS,
    INSTR,
    MATH,
    MATH_PARA,
    MATH_T,
    MOVE_FROM,
    MOVE_TO,
    NB_HYPHEN,
    NUMID,
    NUMPR,
    OBJECT,
    OUTLINE,
    PICT,
    PPR,
    PSTYLE,
    PTAB,
    R_,
    R_ID,
    RPR,
    RSTYLE,
    RUBY,
    RUBY_BASE,
    SDT,
    SDT_CONTENT,
    SECT_PR,
    SHD,
    SMART_TAG,
    SYM,
    TAB,
    TXBX,
    VAL,
    VANISH,
    P,
    T,
    w,
)

# Elements that make a paragraph's text more than the plain join of its w:t texts. A
# paragraph holding none of them is read by lxml in one call (see Paragraphs.read).
_SPECIAL = (
    INS,
    DEL,
    MOVE_FROM,
    MOVE_TO,
    FLD_CHAR,
    VANISH,
    SHD,
    HIGHLIGHT,
    TAB,
    PTAB,
    BR,
    CR,
    NB_HYPHEN,
    SYM,
    FOOTNOTE_REF,
    ENDNOTE_REF,
    DRAWING,
    PICT,
    OBJECT,
    RUBY,
    ALTERNATE,
    MATH,
    MATH_PARA,
)


def has_text(el: Any) -> bool:
    """Whether ``el`` holds any text, inserted or deleted (a revision worth counting)."""
    return next(el.iter(T, DEL_TEXT), None) is not None


@dataclass
class Seen:
    """What the walk of a document's stories counts and collects besides its blocks."""

    revisions: int = 0
    boxes: int = 0  # redaction boxes (black shading or highlight)
    leaked: int = 0  # of which with real text under them
    alt_chunks: int = 0
    placeholders: int = 0  # content controls never filled in
    header_ids: list[tuple[str, str]] = field(default_factory=list)  # (header|footer, rId)


class Para(NamedTuple):
    """One paragraph as read (a named tuple: one is made for every paragraph, and a tuple is
    the cheapest immutable value to make)."""

    text: str
    style: ParaStyle
    label: str | None = None
    bullet: bool = False
    fmt: str = ""  # Word number format of the paragraph's list level
    ilvl: int = 0
    heading: int = 0  # outline level when the paragraph is a heading
    title: bool = False
    toc: bool = False
    mark_deleted: bool = False
    boxes: int = 0
    leaked: int = 0
    notes: Sequence[tuple[str, str]] = ()
    textboxes: Sequence[Any] = ()


# (label, bullet?, number format, list level) of a paragraph outside any list.
_UNNUMBERED: tuple[str | None, bool, str, int] = (None, False, "", 0)


# What a paragraph's own w:pPr says: (style id, numId, ilvl, outline level, mark deleted?).
# A plain tuple: one is made for every paragraph of the document.
_PPr = tuple[str | None, str | None, int | None, int | None, bool]
_NO_PPR: _PPr = (None, None, None, None, False)


class Paragraphs:
    """Reads paragraphs in document order, keeping list counters and open fields running."""

    def __init__(self, styles: Styles, numbering: Numbering, seen: Seen) -> None:
        self.styles = styles
        self.numbering = numbering
        self.seen = seen
        self._fields = Fields()
        special = [*_SPECIAL]
        if any(
            True in self.styles.character(sid)[:3] for sid in self.styles.char
        ):  # some character style hides or blacks out text
            special.append(RSTYLE)
        self._special = tuple(special)
        self._slow: set[Any] = set()  # paragraphs that hold any of them

    def mark(self, root: Any) -> None:
        """Find, in one pass in C, the paragraphs that need the full walk of their runs."""
        for el in root.iter(*self._special):
            p = next(el.iterancestors(P), None)
            if p is not None:
                self._slow.add(p)

    @contextmanager
    def story(self) -> Iterator[None]:
        """Text boxes, headers, footers and notes are stories of their own: fields do not
        run into or out of them."""
        saved, self._fields = self._fields, Fields()
        yield
        self._fields = saved

    def section(self, sect: Any) -> None:
        """Note the headers and footers a w:sectPr uses."""
        for el in sect:
            if el.tag in (w("headerReference"), w("footerReference")):
                kind = "header" if el.tag == w("headerReference") else "footer"
                self.seen.header_ids.append((kind, el.get(R_ID) or ""))

    def _ppr(self, ppr: Any) -> _PPr:
        sid = None
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        mark_deleted = False
        for el in ppr:
            tag = el.tag
            if tag == PSTYLE:
                sid = el.get(VAL)
            elif tag == NUMPR:
                num = el.find(NUMID)
                lvl = el.find(ILVL)
                if num is not None:
                    num_id = num.get(VAL)
                if lvl is not None:
                    ilvl = int_value(lvl.get(VAL))
            elif tag == OUTLINE:
                outline = int_value(el.get(VAL))
            elif tag == RPR:
                mark_deleted = el.find(DEL) is not None or el.find(MOVE_FROM) is not None
            elif tag == SECT_PR:
                self.section(el)
        return (sid, num_id, ilvl, outline, mark_deleted)

    def read(self, p: Any, numbered: bool = True) -> Para:
        """Paragraph ``p``; ``numbered`` advances its list and gives it its label."""
        ppr = p.find(PPR)
        sid, num_id, ilvl, outline, mark_deleted = self._ppr(ppr) if ppr is not None else _NO_PPR
        style = self.styles.paragraph(sid)
        listing = self._fields.listing
        if (
            p not in self._slow
            and not self._fields.stack
            and style.run[0] is not True
            and style.run[1] is not True
            and style.run[2] is not True
        ):
            # Fast path for the common paragraph of plain runs: nothing in it changes which
            # w:t texts are read, so lxml can gather them without a Python walk of each run.
            text, boxes, leaked = "".join(p.itertext(T, with_tail=False)), 0, 0
            notes: Sequence[tuple[str, str]] = ()
            textboxes: Sequence[Any] = ()
            deleted = False
        else:
            out = ParagraphText()
            self._inline(p, out, style.run)
            out.in_box = False
            text, boxes, leaked = out.finish()
            notes, textboxes, deleted = out.notes, out.textboxes, mark_deleted
        heading = 0
        if outline is not None:
            if 0 <= outline < 9:
                heading = outline + 1
        elif style.role == "heading":
            heading = style.level
        title = style.role == "title"
        # Table-of-contents entries, by style or inside a TOC/INDEX field, repeat headings
        # with page numbers: not contract text.
        toc = style.role == "toc" or bool(listing or self._fields.listing)
        label, bullet, fmt, level = (
            self._number(sid, num_id, ilvl, style) if numbered and not mark_deleted else _UNNUMBERED
        )
        return Para(
            text,
            style,
            label,
            bullet,
            fmt,
            level,
            1 if title else heading,
            title,
            toc,
            deleted,
            boxes,
            leaked,
            notes,
            textboxes,
        )

    def _number(
        self, sid: str | None, num_id: str | None, ilvl: int | None, style: ParaStyle
    ) -> tuple[str | None, bool, str, int]:
        """(label, bullet?, number format, list level), advancing the paragraph's list."""
        # The paragraph's own numPr wins, then its style's; numId 0 switches numbering off.
        from_style = num_id is None
        nid = num_id if num_id is not None else style.num_id
        if not nid or nid == "0":
            return _UNNUMBERED
        if ilvl is None:
            ilvl = style.ilvl
        if ilvl is None and from_style:
            ilvl = self.numbering.level_for_style(nid, sid)
        level = ilvl or 0
        got = self.numbering.next(nid, level)
        if got is None:
            return (None, False, "", level)
        label, fmt = got
        bullet = fmt == "bullet"
        return (label if label and not bullet else None, bullet, fmt, level)

    def bold(self, p: Any, style: ParaStyle) -> bool:
        """Whether all the text of paragraph ``p`` is bold (a title typed in bold)."""
        seen = False
        for run in p.iter(R_):
            if not any((t.text or "").strip() for t in run.iterchildren(T)):
                continue
            rpr = run.find(RPR)
            got = bold_of(rpr) if rpr is not None else None
            if got is None and rpr is not None:
                rstyle = rpr.find(RSTYLE)
                if rstyle is not None:
                    got = self.styles.character_bold(rstyle.get(VAL))
            if not (style.bold if got is None else got):
                return False
            seen = True
        return seen

    def _inline(self, parent: Any, out: ParagraphText, base: RunProps) -> None:
        for child in parent:
            tag = child.tag
            if tag == R_:
                self._run(child, out, base)
            elif tag in (INS, MOVE_TO):
                if has_text(child):
                    self.seen.revisions += 1
                self._inline(child, out, base)
            elif tag in (DEL, MOVE_FROM):
                # Accepted view: deleted and moved-away text is gone.
                if has_text(child):
                    self.seen.revisions += 1
            elif tag in (HYPERLINK, SMART_TAG, CUSTOM_XML, FLD_SIMPLE, DIR, BDO):
                self._inline(child, out, base)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._inline(content, out, base)
            elif tag == ALTERNATE:
                choice = child.find(CHOICE)
                if choice is not None:
                    self._inline(choice, out, base)
            elif tag in (MATH, MATH_PARA):
                out.add("".join(t.text or "" for t in child.iter(MATH_T)))
            elif tag == RUBY:
                # Ruby (phonetic guide) text sits above its base text: read the base only.
                base_text = child.find(RUBY_BASE)
                if base_text is not None:
                    self._inline(base_text, out, base)

    def _run_props(self, run: Any, base: RunProps) -> RunProps:
        props = base
        rpr = run.find(RPR)
        if rpr is not None:
            rstyle = rpr.find(RSTYLE)
            if rstyle is not None:
                props = merge(self.styles.character(rstyle.get(VAL)), base)
            props = merge(run_props(rpr), props)
        return props

    def _run(self, run: Any, out: ParagraphText, base: RunProps) -> None:
        props = self._run_props(run, base)
        hidden = props[0] is True
        dark = (props[1] is True or props[2] is True) and props[3] is not True
        add = out.add_dark if dark else out.add
        for el in run:
            tag = el.tag
            if tag == T:
                if not hidden and not self._fields.in_code:
                    add(el.text or "")
                continue
            if tag == FLD_CHAR:
                kind = el.get(w("fldCharType"))
                if kind == "begin":
                    self._fields.begin()
                elif kind == "separate":
                    self._fields.separate()
                elif kind == "end":
                    self._fields.end()
                continue
            if tag == INSTR:
                self._fields.code(el.text or "")
                continue
            if hidden or self._fields.in_code:
                continue
            if tag in (TAB, PTAB, BR, CR):
                add(" ")
            elif tag == NB_HYPHEN:
                add("-")
            elif tag == SYM:
                add(symbol(el))
            elif tag == FOOTNOTE_REF:
                out.notes.append(("footnote", el.get(ID) or ""))
            elif tag == ENDNOTE_REF:
                out.notes.append(("endnote", el.get(ID) or ""))
            elif tag in (DRAWING, PICT):
                self._textboxes(el, out)
            elif tag == ALTERNATE:
                choice = el.find(CHOICE)
                if choice is not None:
                    self._textboxes(choice, out)
            # softHyphen, instrText, delText, lastRenderedPageBreak...: no text in this view

    @staticmethod
    def _textboxes(el: Any, out: ParagraphText) -> None:
        for box in el.iter(TXBX):
            parent = box.getparent()
            nested = False
            while parent is not None and parent is not el:
                if parent.tag == TXBX:
                    nested = True
                    break
                parent = parent.getparent()
            if not nested:
                out.textboxes.append(box)
