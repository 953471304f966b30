"""The body of an OpenDocument text (content.xml) into an Outline, in reading order.

Headings come from text:h with its outline level and from heading, title and large-type
paragraph styles; a paragraph in bold is said to be bold (the Outline decides whether it is
a title); lists number as the list style says,
continuing where the document continues them; tables keep their header rows; footnotes
are kept for the end; deleted text of tracked changes (kept apart in content.xml) and
comments are not text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tenderlint.model import BlockKind
from tenderlint.read.failure import ReadFailure
from tenderlint.read.normalise import rejoin_hyphens
from tenderlint.read.odt.styles import Label, Styles, label, s, t
from tenderlint.read.redaction import find_markers
from tenderlint.read.structure import Outline

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

P, H, SPAN, LIST = t("p"), t("h"), t("span"), t("list")
LIST_ITEM, LIST_HEADER = t("list-item"), t("list-header")
STYLE_NAME = t("style-name")
_INDEXES = {
    t(n)
    for n in (
        "table-of-content",
        "illustration-index",
        "table-index",
        "object-index",
        "user-index",
        "alphabetical-index",
        "bibliography",
    )
}
_CONTAINERS = {t("section"), t("index-body"), t("index-title"), f"{{{DRAW}}}text-box"}
_NOTHING = {
    t("soft-page-break"),
    t("bookmark"),
    t("bookmark-start"),
    t("bookmark-end"),
    t("reference-mark"),
    t("reference-mark-start"),
    t("reference-mark-end"),
    t("change"),  # where deleted text was: the text is kept apart, in tracked-changes
    t("change-start"),
    t("change-end"),
    t("alphabetical-index-mark"),
    t("toc-mark"),
    t("note-citation"),
    t("sequence-decls"),
    t("variable-decls"),
    t("user-field-decls"),
    f"{{{OFFICE}}}annotation-end",
    f"{{{OFFICE}}}forms",
    "{http://www.w3.org/2000/svg}desc",
    "{http://www.w3.org/2000/svg}title",
}
_MAX_DEPTH = 400
_ENDS_SENTENCE = re.compile(r"[.;:,]\s*$")
_LARGE = 14.0  # points: a short paragraph this large is a title


def _clean(text: str) -> str:
    # Whitespace only: the Outline normalises every block it is given.
    return " ".join(rejoin_hyphens(text).split())


def _short(text: str) -> bool:
    return (
        len(text) <= 120
        and len(text.split()) <= 14
        and not _ENDS_SENTENCE.search(text)
        and any(c.isalpha() for c in text)
    )


@dataclass
class _Runs:
    """A paragraph's text as (text, bold) segments, with what it anchors or cites."""

    segments: list[tuple[str, bool]] = field(default_factory=list)
    frames: list[Any] = field(default_factory=list)  # text boxes and shapes anchored here
    notes: list[Any] = field(default_factory=list)  # footnote and endnote bodies

    def text(self) -> str:
        return _clean("".join(text for text, _ in self.segments))

    def bold(self) -> bool:
        return all(bold for text, bold in self.segments if text.strip())


class Body:
    """Walks office:text into an Outline; keeps footnotes, comments and changes counted."""

    def __init__(self, styles: Styles, outline: Outline) -> None:
        self.styles = styles
        self.outline = outline
        self.emitted = 0  # blocks added so far: the index a footnote cites
        self.notes: list[tuple[str, int | None]] = []  # (text, index of the citing block)
        self.comments = 0
        self.changes = 0
        self._chains: dict[str, list[int]] = {}  # a list's xml:id -> its running counts
        self._last_chain: dict[str, list[int]] = {}  # list style -> counts of its last list
        self._outline_counts: list[int] = []
        self.titled = False  # a paragraph in the Title style was read

    # -- paragraph text ------------------------------------------------------------------
    def runs(self, el: Any, out: _Runs, bold: bool, depth: int = 0) -> None:
        """Gather the text inside paragraph ``el`` (spans, fields, links, spaces, tabs)."""
        if depth > _MAX_DEPTH:
            raise ReadFailure("document structure is nested too deeply to read")
        if el.text:
            out.segments.append((el.text, bold))
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == t("s"):
                count = child.get(t("c")) or "1"
                out.segments.append((" " * min(int(count) if count.isdigit() else 1, 80), bold))
            elif tag in (t("tab"), t("line-break")):
                out.segments.append(("\n" if tag == t("line-break") else "\t", bold))
            elif tag == SPAN:
                own = self.styles.text_bold(child.get(STYLE_NAME))
                self.runs(child, out, bold if own is None else own, depth + 1)
            elif tag == t("note"):
                body = child.find(t("note-body"))
                if body is not None:
                    out.notes.append(body)
            elif tag == f"{{{OFFICE}}}annotation":
                self.comments += 1
            elif tag.startswith(f"{{{DRAW}}}"):
                out.frames.append(child)
            elif tag == t("hidden-text") and child.get(t("is-hidden")) == "true":
                pass
            elif tag == t("ruby"):
                base = child.find(t("ruby-base"))
                if base is not None:
                    self.runs(base, out, bold, depth + 1)
            elif tag and tag not in _NOTHING:
                self.runs(child, out, bold, depth + 1)  # links, fields, placeholders, meta
            if child.tail:
                out.segments.append((child.tail, bold))

    def plain(self, el: Any, depth: int = 0) -> str:
        """All the paragraph text inside ``el`` (a table cell, a note) as one line."""
        if depth > _MAX_DEPTH:
            raise ReadFailure("document structure is nested too deeply to read")
        parts: list[str] = []
        for child in el:
            if child.tag in (P, H):
                runs = _Runs()
                self.runs(child, runs, False)
                parts.append(runs.text())
                parts.extend(self.plain(f, depth + 1) for f in runs.frames)
            elif child.tag == LIST_ITEM:
                parts.append(self.plain(child, depth + 1) + ";")
            elif isinstance(child.tag, str) and child.tag not in _NOTHING:
                parts.append(self.plain(child, depth + 1))
        return _clean(" ".join(p for p in parts if p)).rstrip(";")

    # -- blocks --------------------------------------------------------------------------
    def walk(self, container: Any, depth: int = 0) -> None:
        """Read every block inside ``container`` (office:text, a section, a text box)."""
        if depth > _MAX_DEPTH:
            raise ReadFailure("document structure is nested too deeply to read")
        for child in container:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in (P, H):
                self.paragraph(child)
            elif tag == LIST:
                self.read_list(child, 1, None, None, depth + 1)
            elif tag == t("numbered-paragraph"):
                self.walk(child, depth + 1)
            elif tag == f"{{{TABLE}}}table":
                self.table(child, depth + 1)
            elif tag in _INDEXES:
                self.contents(child)
            elif tag == t("tracked-changes"):
                self.changes += sum(1 for _ in child.iter(t("changed-region")))
            elif tag in _CONTAINERS or tag.startswith(f"{{{DRAW}}}"):
                self.walk(child, depth + 1)

    def _add(self, text: str, kind: BlockKind = BlockKind.PARAGRAPH, **kw: Any) -> None:
        if not text:
            return
        marks = find_markers(text) if kind.is_body else []
        redacted = bool(marks) and all(m.whole_block for m in marks)
        self.outline.add(text, kind, redacted=redacted, **kw)
        self.emitted += 1

    def _heading(
        self, text: str, level: int, number: str | None = None, title: bool = False
    ) -> None:
        if text:
            self.outline.heading(text, level, number=number, title=title)
            self.emitted += 1
            self.titled = self.titled or title

    def paragraph(
        self, el: Any, lbl: Label | None = None, list_level: int = 0, bullet: bool = False
    ) -> None:
        """Read one text:p or text:h, numbered by ``lbl`` when it is a numbered list item."""
        style = self.styles.paragraph(el.get(STYLE_NAME))
        runs = _Runs()
        self.runs(el, runs, style.bold)
        text = runs.text()
        cite = self.emitted
        name = style.name.lower()
        if el.tag == H:
            level = int(el.get(t("outline-level")) or 0) or style.outline or 1
            # A heading in a list takes the list's number; else the outline numbering's.
            number = lbl.text if lbl else self._outline_number(el, level)
            self._heading(text, level, number)
        elif lbl is not None:
            self._add(
                f"{lbl.text} {text}" if text else "",
                number=lbl.number,
                depth=list_level,
                style=lbl.style,
                bold=runs.bold(),
            )
        elif list_level:
            kind = BlockKind.LIST_ITEM if bullet else BlockKind.PARAGRAPH
            self._add(text, kind, depth=list_level)
        elif style.outline and _short(text):
            self._heading(text, style.outline)
        elif name in ("title", "subtitle") or ((style.size or 0) >= _LARGE and _short(text)):
            self._heading(text, 2 if name == "subtitle" else 1, title=name == "title")
        else:
            contents = name.startswith(("contents", "index"))
            self._add(text, bold=runs.bold(), contents=contents)
        for note in runs.notes:
            self.notes.append((self.plain(note), cite if self.emitted > cite else None))
        for frame in runs.frames:
            self.walk(frame)

    def _outline_number(self, el: Any, level: int) -> str | None:
        """The automatic number of a heading from the document's outline numbering."""
        if el.get(t("is-list-header")) == "true" or not self.styles.outline_levels:
            return None
        counts = self._outline_counts
        while len(counts) < level:
            counts.append(0)
        del counts[level:]
        start = el.get(t("start-value"))
        if start and start.isdigit():
            counts[level - 1] = int(start)
        else:
            own = self.styles.outline_levels.get(level)
            counts[level - 1] = (counts[level - 1] or (own.start if own else 1) - 1) + 1
        got = label(self.styles.outline_levels, counts, level)
        return got.text if got else None

    # -- lists ---------------------------------------------------------------------------
    def _chain(self, el: Any, style: str | None) -> list[int]:
        """The running counts a top-level list numbers with: a new list restarts them."""
        continues = el.get(t("continue-list"))
        chain: list[int] | None = self._chains.get(continues) if continues else None
        if chain is None and el.get(t("continue-numbering")) == "true" and style:
            chain = self._last_chain.get(style)
        if chain is None:
            chain = []
        own = el.get(XML_ID)
        if own:
            self._chains[own] = chain
        if style:
            self._last_chain[style] = chain
        return chain

    def read_list(
        self, el: Any, level: int, chain: list[int] | None, style: str | None, depth: int
    ) -> None:
        """Read a text:list at ``level`` (1 = top) whose counts are ``chain``."""
        if depth > _MAX_DEPTH:
            raise ReadFailure("document structure is nested too deeply to read")
        style = el.get(STYLE_NAME) or style
        if style is None:
            first = next(el.iter(P), None)
            if first is not None:
                style = self.styles.paragraph(first.get(STYLE_NAME)).list_style
        if chain is None:
            chain = self._chain(el, style)
        levels = self.styles.lists.get(style or "", {})
        for item in el:
            if item.tag not in (LIST_ITEM, LIST_HEADER):
                continue
            first = next((c for c in item if isinstance(c.tag, str)), None)
            numbered = item.tag == LIST_ITEM and first is not None and first.tag != LIST
            lbl = None
            if numbered:
                while len(chain) < level:
                    chain.append(0)
                del chain[level:]
                start = item.get(t("start-value"))
                own = levels.get(level)
                if start and start.isdigit():
                    chain[level - 1] = int(start)
                else:
                    chain[level - 1] = (chain[level - 1] or (own.start if own else 1) - 1) + 1
                lbl = label(levels, chain, level)
            self._item(item, lbl, level, chain, style, depth)

    def _item(
        self,
        item: Any,
        lbl: Label | None,
        level: int,
        chain: list[int],
        style: str | None,
        depth: int,
    ) -> None:
        bullet = lbl is None
        for child in item:
            if child.tag in (P, H):
                self.paragraph(child, lbl, level, bullet)
                lbl = None  # a list item's second paragraph has no number of its own
            elif child.tag == LIST:
                self.read_list(child, level + 1, chain, style, depth + 1)
            elif child.tag == f"{{{TABLE}}}table":
                self.table(child, depth + 1)
            elif child.tag == t("section"):
                self.walk(child, depth + 1)

    # -- tables and indexes --------------------------------------------------------------
    def _rows(self, el: Any, out: list[tuple[list[Any], bool]], header: bool) -> None:
        for child in el:
            tag = child.tag
            if tag == f"{{{TABLE}}}table-header-rows":
                self._rows(child, out, True)
            elif tag in (f"{{{TABLE}}}table-rows", f"{{{TABLE}}}table-row-group"):
                self._rows(child, out, header)
            elif tag == f"{{{TABLE}}}table-row":
                cells = [c for c in child if c.tag == f"{{{TABLE}}}table-cell"]
                out.append((cells, header))

    def table(self, el: Any, depth: int) -> None:
        """Read a table: one block per row, with the header row's cells; a one-column
        table is a frame around text and is read as text."""
        rows: list[tuple[list[Any], bool]] = []
        self._rows(el, rows, False)
        if rows and all(len(cells) <= 1 for cells, _ in rows):
            for cells, _ in rows:
                for cell in cells:
                    self.walk(cell, depth + 1)
            return
        self.outline.table()
        for cells, is_header in rows:
            texts = [self.plain(c, depth) for c in cells]
            if not self.outline.row(texts, header=is_header):
                continue
            self.emitted += 1
            for cell in cells:
                for note in cell.iter(t("note-body")):
                    self.notes.append((self.plain(note), self.emitted - 1))

    def contents(self, el: Any) -> None:
        """A table of contents or index: its lines are contents, not clauses."""
        body = el.find(t("index-body"))
        if body is None:
            return
        for p in body.iter(P):
            runs = _Runs()
            self.runs(p, runs, False)
            self._add(runs.text(), contents=True)


def running_texts(body: Body, styles_root: Any | None) -> list[tuple[BlockKind, str]]:
    """Each distinct line of the page headers and footers in styles.xml."""
    if styles_root is None:
        return []
    out: list[tuple[BlockKind, str]] = []
    seen: set[tuple[BlockKind, str]] = set()
    for page in styles_root.iter(s("master-page")):
        for part in page:
            tag = part.tag if isinstance(part.tag, str) else ""
            name = tag.rsplit("}", 1)[-1]
            if not name.startswith(("header", "footer")):
                continue
            kind = BlockKind.HEADER if name.startswith("header") else BlockKind.FOOTER
            for p in part.iter(P, H):
                runs = _Runs()
                body.runs(p, runs, False)
                key = (kind, runs.text())
                if key[1] and key not in seen:
                    seen.add(key)
                    out.append(key)
    return out
