"""The walk over a story's paragraphs and tables that turns them into located blocks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from tenderlint.model import BlockKind
from tenderlint.read.docx.numbering import NUMBER_STYLES
from tenderlint.read.docx.paragraph import Para, Paragraphs, Seen, has_text
from tenderlint.read.normalise import normalise
from tenderlint.read.ooxml.names import (
    ALT_CHUNK,
    ALTERNATE,
    BODY,
    CHOICE,
    CUSTOM_XML,
    DEL,
    INS,
    MOVE_TO,
    SDT,
    SDT_CONTENT,
    SECT_PR,
    TBL,
    TC,
    TR,
    TRPR,
    VAL,
    P,
    w,
)
from tenderlint.read.redaction import find_markers
from tenderlint.read.structure import Outline, header_row

# A "heading" this long is a clause that borrowed a heading style for its numbering.
_MAX_HEADING_CHARS = 200
# A line this short may be a title typed in bold; longer ones are not worth the look.
_MAX_TITLE_CHARS = 120
# Paragraph styles for guidance and drafting notes in templates: not contract text.
_NOTE_STYLE = re.compile(r"guidance|drafting\s*note|note\s+to\s|instructions?\s+to\s", re.I)
TBL_HEADER = w("tblHeader")
# A character that survives normalise(): NFKC never turns these into only whitespace.
_VISIBLE = re.compile(r"[!-~\u00a1-\u00ac\u00ae-\u167f\u1681-\u1fff]")
# Every redaction marker contains one of these; most text contains none, and the pre-check
# is far cheaper than the marker scanner.
_MAYBE_MARKER = re.compile(
    r"[\u2580-\u259f]|redact|withheld|commercially|exempt|confidential|publication"
)


def _is_empty(text: str) -> bool:
    """True when ``text`` normalises to nothing (a visible character settles it quickly)."""
    return _VISIBLE.search(text) is None and not normalise(text)


def maybe_marker(text: str) -> bool:
    """False when ``text`` certainly holds no redaction marker (a cheap pre-check)."""
    # Searching the lower-cased text is three times faster than a case-blind search.
    return _MAYBE_MARKER.search(text.lower()) is not None


def whole_redaction(text: str) -> bool:
    """True when the block is nothing but redaction markers (and their labels)."""
    if not maybe_marker(text):
        return False
    marks = find_markers(normalise(text))
    return bool(marks) and all(m.whole_block for m in marks)


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _children(content, tag)


def _sentence(text: str) -> bool:
    """A full sentence in a heading style is a clause that borrowed the style, not a title."""
    return text.endswith((".", ";")) and len(text.split()) >= 12


def _repeats_as_header(tr: Any) -> bool:
    """A row Word repeats at the top of each page (w:tblHeader): the table's header row."""
    trpr = tr.find(TRPR)
    if trpr is None:
        return False
    el = trpr.find(TBL_HEADER)
    return el is not None and (el.get(VAL) or "true").lower() not in ("0", "false", "off")


def _row_gone(tr: Any) -> bool:
    trpr = tr.find(TRPR)
    return trpr is not None and trpr.find(DEL) is not None


def _plain(tc: Any) -> str:
    """A cell's text, roughly (for deciding whether a row is a header; not for blocks)."""
    return normalise(" ".join("".join(p.itertext(w("t"))) for p in tc.iter(P)))


class Body:
    """Blocks of the main story in reading order, each with the element it came from."""

    def __init__(self, paragraphs: Paragraphs, seen: Seen, keep: bool) -> None:
        self.paragraphs = paragraphs
        self.seen = seen
        # A caller that does not want the elements lets the walk free the tree as it goes.
        self.keep = keep
        self.outline = Outline()
        self.elements: list[Any] = []
        self.title: str | None = None
        self.note_refs: dict[tuple[str, str], int] = {}  # note -> index of citing block
        self._carry: list[str] = []  # text whose paragraph mark was deleted
        self._carry_el: Any = None

    def walk(self, root: Any) -> None:
        """Read the w:body of main part ``root``."""
        body = root.find(BODY)
        self.paragraphs.mark(root)
        self.seen.placeholders = sum(1 for _ in root.iter(w("showingPlcHdr")))
        if body is not None:
            for child in body:
                self._block(child)
                if not self.keep:
                    # Free each part of the tree once read: the memory is reused for the
                    # blocks instead of being released in one slow heap trim at the end.
                    child.clear()
        self._flush_carry()

    def _container(self, parent: Any) -> None:
        for child in parent:
            self._block(child)

    def _block(self, child: Any) -> None:
        tag = child.tag
        if tag == P:
            self._body_paragraph(child)
        elif tag == TBL:
            self._table(child)
        elif tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if tag == SDT else child
            if content is not None:
                self._container(content)
        elif tag in (INS, MOVE_TO):
            self._container(child)
        elif tag == ALTERNATE:
            choice = child.find(CHOICE)
            if choice is not None:
                self._container(choice)
        elif tag == SECT_PR:
            self.paragraphs.section(child)
        elif tag == ALT_CHUNK:
            self.seen.alt_chunks += 1

    def _emit(
        self,
        el: Any,
        text: str,
        kind: BlockKind = BlockKind.PARAGRAPH,
        *,
        heading: int = 0,
        number: str | None = None,
        depth: int | None = None,
        notes: Iterable[tuple[str, str]] = (),
        style: str | None = None,
        title: bool = False,
        bold: bool = False,
        contents: bool = False,
        note: bool = False,
    ) -> None:
        # Outline drops text that normalises to nothing; checking first keeps the element
        # list aligned with the blocks (a visible character settles it without normalising).
        empty = _is_empty(text)
        for cited in notes:
            # A note whose citing text is empty belongs to the block before it.
            self.note_refs.setdefault(cited, max(len(self.elements) - (1 if empty else 0), 0))
        if empty:
            return
        if heading:
            self.outline.heading(text, heading, number=number, title=title)
        else:
            self.outline.add(
                text,
                kind,
                number=number,
                depth=depth,
                redacted=whole_redaction(text),
                style=style,
                bold=bold,
                contents=contents,
                note=note,
            )
        self.elements.append(el if self.keep else None)

    def _flush_carry(self) -> None:
        if self._carry:
            text = " ".join(self._carry)
            self._carry = []
            self._emit(self._carry_el, text)

    def _read(self, p: Any, numbered: bool = True) -> Para:
        para = self.paragraphs.read(p, numbered)
        self.seen.boxes += para.boxes
        self.seen.leaked += para.leaked
        return para

    def _body_paragraph(self, p: Any) -> None:
        para = self._read(p)
        if para.toc:
            # A table-of-contents entry repeats a heading with its page: kept, as contents.
            self._flush_carry()
            self._emit(p, para.text, contents=True, notes=para.notes)
            return
        if para.mark_deleted:
            # The paragraph mark was deleted with changes tracked: in the accepted view this
            # text runs on into the next paragraph.
            self._carry.append(para.text)
            self._carry_el = p
            for note in para.notes:
                self.note_refs.setdefault(note, len(self.elements))
            return
        text = para.text
        if self._carry:
            text = " ".join([*self._carry, text])
            self._carry, self._carry_el = [], None
        if _is_empty(text):
            # An empty paragraph, numbered or not, is spacing: its number alone is no clause.
            self._emit(p, "", notes=para.notes)
            return
        self._emit_paragraph(p, para, text)
        self._story(para.textboxes)

    def _emit_paragraph(self, p: Any, para: Para, text: str) -> None:
        label = para.label
        body_text = normalise(text) if para.heading else ""
        if para.title and body_text and self.title is None:
            self.title = body_text
        note = bool(para.style.name) and _NOTE_STYLE.search(para.style.name) is not None
        if (
            body_text
            and len(body_text) <= _MAX_HEADING_CHARS
            and not note
            and not _sentence(body_text)
        ):
            self._emit(
                p, text, heading=para.heading, number=label, notes=para.notes, title=para.title
            )
            return
        bold = (
            len(text) <= _MAX_TITLE_CHARS
            and not para.bullet
            and self.paragraphs.bold(p, para.style)
        )
        if label:
            self._emit(
                p,
                f"{label} {text}",
                number=label,
                depth=para.ilvl + 1,
                notes=para.notes,
                style=NUMBER_STYLES.get(para.fmt),
                bold=bold,
                note=note,
            )
        elif para.bullet:
            kind = BlockKind.LIST_ITEM
            self._emit(p, text, kind, depth=para.ilvl + 1, notes=para.notes, note=note)
        else:
            self._emit(p, text, notes=para.notes, bold=bold, note=note)

    def _story(self, boxes: Sequence[Any]) -> None:
        """Text boxes are stories of their own: fields do not run into or out of them."""
        for box in boxes:
            with self.paragraphs.story():
                self._container(box)

    def _table(self, tbl: Any) -> None:
        self._flush_carry()
        rows = list(_children(tbl, TR))
        if rows and all(sum(1 for _ in _children(tr, TC)) <= 1 for tr in rows):
            # A one-column table is a frame around text (a boxed note, or a whole layout);
            # its paragraphs are read as ordinary paragraphs, headings and clauses.
            for tr in rows:
                if not self._row_deleted(tr):
                    for tc in _children(tr, TC):
                        self._container(tc)
            return
        outer = self.outline.table()
        marked = any(_repeats_as_header(tr) for tr in rows)
        first = True
        for tr in rows:
            header = _repeats_as_header(tr) if marked else first and self._first_is_header(rows)
            if self._row(tr, header):
                first = False
        self.outline.table(outer)

    def _first_is_header(self, rows: list[Any]) -> bool:
        """Whether the first row of a table whose file names no header row reads as one: in
        bold over rows that are not, or short labels over longer rows."""
        live = [tr for tr in rows if not _row_gone(tr)][:6]
        if len(live) < 2:
            return False
        cells = [[_plain(tc) for tc in _children(tr, TC)] for tr in live]
        if any(not any(c) for c in cells):
            return False
        if self._all_bold(live[0]) and not self._all_bold(live[1]) and len(cells[0]) > 1:
            return True
        return header_row(cells[0], cells[1:])

    def _all_bold(self, tr: Any) -> bool:
        got = False
        for p in tr.iter(P):
            if not (p.findtext(f".//{w('t')}") or "").strip():
                continue
            ppr = p.find(w("pPr"))
            pstyle = ppr.find(w("pStyle")) if ppr is not None else None
            style = self.paragraphs.styles.paragraph(
                pstyle.get(VAL) if pstyle is not None else None
            )
            if not self.paragraphs.bold(p, style):
                return False
            got = True
        return got

    def _row_deleted(self, tr: Any) -> bool:
        trpr = tr.find(TRPR)
        if trpr is None:
            return False
        if trpr.find(DEL) is not None:
            if has_text(tr):
                self.seen.revisions += 1
            return True
        if trpr.find(INS) is not None and has_text(tr):
            self.seen.revisions += 1
        return False

    def _row(self, tr: Any, header: bool = False) -> bool:
        """Read one table row as one block (False when it is deleted or empty)."""
        if self._row_deleted(tr):
            return False
        cells: list[str] = []
        later: list[Any] = []
        notes: list[tuple[str, str]] = []
        for tc in _children(tr, TC):
            texts: list[str] = []
            self._cell(tc, texts, later, notes)
            cells.append(normalise(" ".join(texts)))
        emitted = any(cells)
        if emitted:
            for note in notes:
                self.note_refs.setdefault(note, len(self.elements))
            self.outline.row(cells, header=header)
            self.elements.append(tr if self.keep else None)
        for el in later:
            if el.tag == TBL:
                # A table inside a cell: its rows follow the row that holds it.
                self._table(el)
            else:
                self._story([el])
        return emitted

    def _cell(self, parent: Any, texts: list[str], later: list[Any], notes: list[Any]) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                para = self._read(child)
                if para.toc:
                    continue
                if para.label and not _is_empty(para.text):
                    texts.append(f"{para.label} {para.text}")
                else:
                    texts.append(para.text)
                notes.extend(para.notes)
                later.extend(para.textboxes)
            elif tag == TBL:
                later.append(child)
            elif tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self._cell(content, texts, later, notes)

    # -- headers, footers, notes ----------------------------------------------------------
    def story_texts(self, root: Any) -> list[str]:
        """Paragraph and table-row texts of a header, footer or note, in order."""
        with self.paragraphs.story():
            self.paragraphs.mark(root)
            texts: list[str] = []
            self._story_walk(root, texts)
        return texts

    def _story_walk(self, parent: Any, texts: list[str]) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                para = self._read(child, numbered=False)
                texts.append(para.text)
                for box in para.textboxes:
                    self._story_walk(box, texts)
            elif tag == TBL:
                for tr in _children(child, TR):
                    if self._row_deleted(tr):
                        continue
                    cells = []
                    for tc in _children(tr, TC):
                        inner: list[str] = []
                        self._story_walk(tc, inner)
                        cells.append(normalise(" ".join(inner)))
                    if any(cells):
                        texts.append(" | ".join(cells))
            elif tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self._story_walk(content, texts)
