"""Lines into blocks: headings, paragraphs, list items and table rows, in reading order.

Lines join into paragraphs unless a vertical gap, a size change, an outdent, a clause number
after a finished sentence, or a heading separates them; paragraphs continue across pages and
columns when the sentence is unfinished. Headings are short lines in a bigger or bold font,
or short capitalised lines.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

from tenderlint.model import BlockKind
from tenderlint.read.pdf.hyphens import clean, join, vocabulary
from tenderlint.read.pdf.redaction import may_mark
from tenderlint.read.pdf.running import strip_running
from tenderlint.read.pdf.shapes import BLOCK_CHAR, Line, Page
from tenderlint.read.redaction import find_markers
from tenderlint.read.structure import Outline, split_clause_number

_BULLETS = "\u2022\u00b7\u25aa\u25e6\u2023\u2043\u25cf\u25a0\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u2013"
_BULLET = re.compile(rf"^([{_BULLETS}]|-(?=\s))\s*")
_SCHEDULE = re.compile(
    r"^(schedule|annex|annexe|appendix|part|attachment)\s+[0-9A-Z]{1,4}\b", re.IGNORECASE
)
_CLOSERS = "\"')]\u2019\u201d "
_LEADER = re.compile(r"(?:\.\s*){4,}\s*\d{1,4}$|\s\d{1,4}$")


def _ended(text: str) -> bool:
    """Whether a paragraph so far ends a sentence or a list item ("...; and")."""
    tail = text[-8:].rstrip(_CLOSERS)
    return tail[-1:] in (".", ";", ":", "!", "?") or tail.endswith((" and", " or"))


def _is_heading(ln: Line, body: float) -> bool:
    text = ln.text.strip()
    if not text or len(text) > 120 or len(text.split()) > 16 or len(ln.cells) > 1:
        return False
    if text[0].islower() or BLOCK_CHAR in text:
        return False
    bigger = ln.size >= body * 1.12
    if text.endswith((",", ";")) or (text.endswith((".", ":")) and not bigger):
        return False
    if bigger or ln.bold:
        return any(c.isalpha() for c in text)
    letters = [c for c in text if c.isalpha()]
    _num, rest = split_clause_number(text)
    if len(letters) >= 4 and rest.isupper() and len(text.split()) <= 10:
        return True
    return bool(_SCHEDULE.match(text) and len(text.split()) <= 8)


def _heading_level(text: str, size: float, sizes: list[float]) -> int:
    number, _rest = split_clause_number(text)
    if number and number[0].isdigit():
        return number.rstrip(".").count(".") + 1
    if _SCHEDULE.match(text):
        return 1
    bigger = [s for s in sizes if s > size + 0.25]
    return min(len(set(bigger)) + 1, 3)


def _mode(values: Iterable[float], default: float) -> float:
    c = Counter(values)
    return c.most_common(1)[0][0] if c else default


def _leading(lines: list[Line], body: float) -> float:
    """The usual distance between the baselines of two lines of one paragraph."""
    steps: list[float] = []
    for a, b in itertools.pairwise(lines):
        if a.page == b.page and a.column == b.column and abs(a.size - body) < 0.6:
            d = round(a.base - b.base, 1)
            if 0.9 * body <= d <= 2.5 * body:
                steps.append(d)
    return _mode(steps, body * 1.2)


class _Builder:
    """Walks the lines of every page, keeping the paragraph being built."""

    def __init__(self, pages: list[Page], outline: Outline) -> None:
        self.pages = pages
        self.outline = outline
        self.running = strip_running(pages)
        self.vocab = vocabulary(pages)
        self.lines = [ln for p in pages for ln in p.lines]
        lines = self.lines
        self.body = _mode((ln.size for ln in lines for _ in range(len(ln.text) // 20 + 1)), 10.0)
        self.heading_sizes = sorted(
            {ln.size for ln in lines if ln.size >= self.body * 1.12}, reverse=True
        )
        self.leading = _leading(lines, self.body)
        self.left_edge = _mode((round(ln.x0) for ln in lines), 0.0)
        self.para: list[Line] = []
        self.text = ""
        self.kind = BlockKind.PARAGRAPH
        self.depth = 0
        # Running headers and footers are emitted once, where a page first shows them,
        # between paragraphs (a paragraph running over the page break is finished first).
        self.pending: list[tuple[BlockKind, str, int]] = []
        self.page_no = 0

    def flush(self) -> None:
        """Emit the paragraph being built, if any."""
        if self.para:
            body_text = self.text.strip()
            marks = find_markers(body_text) if may_mark(body_text) else []
            whole = bool(marks) and all(m.whole_block for m in marks)
            self.outline.add(
                body_text,
                self.kind,
                page=self.para[0].page,
                depth=self.depth or None,
                redacted=whole,
            )
        self.para, self.text, self.kind, self.depth = [], "", BlockKind.PARAGRAPH, 0

    def emit_running(self) -> None:
        """Emit the pending running headers and footers, unless a paragraph is open."""
        if not self.para:
            for k, t, p in self.pending:
                self.outline.add(t, k, page=p)
            self.pending.clear()

    def starts_new(self, prev: Line, ln: Line, first: Line) -> bool:
        """Whether ``ln`` starts a new block after ``prev`` (the paragraph began at ``first``)."""
        ended = _ended(self.text)
        if self.kind is BlockKind.TABLE_ROW or len(ln.cells) >= 3:
            return True
        if abs(ln.size - prev.size) > 0.15 * max(prev.size, 1):
            return True
        if _BULLET.match(ln.text):
            return True
        number, _rest = split_clause_number(ln.text)
        if ln.page != prev.page or ln.column != prev.column:
            # Over a page or column break a paragraph goes on while its sentence does.
            return ended or number is not None or self.text.rstrip()[-1:] in ".!?"
        gap = prev.base - ln.base
        if gap < -0.5 * ln.size or gap > self.leading * 1.3 + 0.5:
            return True
        if number is not None and (ended or ln.x0 < prev.x0 - 2):
            return True
        if ln.x0 < prev.x0 - 2 and prev is not first:
            return True  # an outdent after a continuation line: hanging-indent clause
        if ln.x0 > prev.x0 + ln.size and prev is not first and self.kind is not BlockKind.LIST_ITEM:
            return True  # a first-line indent
        col_width = max(prev.col_x1 - min(prev.x0, first.x0), 1)
        return ended and prev.x1 < prev.col_x1 - 0.25 * col_width

    def _continues(self, ln: Line) -> bool:
        return bool(self.para) and not self.starts_new(self.para[-1], ln, self.para[0])

    def build(self) -> None:
        """Turn the pages' lines into headings and paragraphs, in reading order."""
        lines = self.lines
        i = 0
        while i < len(lines):
            ln = lines[i]
            if ln.page != self.page_no:
                self._new_page(ln.page)
            line_text = clean(ln.text)
            if _is_heading(ln, self.body) and not (
                self.kind is not BlockKind.TABLE_ROW and self._continues(ln)
            ):
                i = self._heading(i, line_text)
                continue
            toc = ("...." in line_text or "\u2026" in line_text) and _LEADER.search(line_text)
            if len(ln.cells) >= 3 or toc:
                # Table rows, and contents entries, are not clauses.
                self.flush()
                self.emit_running()
                cells = ln.cells if len(ln.cells) >= 2 else [line_text]
                self.outline.add(
                    " | ".join(clean(c) for c in cells), BlockKind.TABLE_ROW, page=ln.page
                )
            elif self._continues(ln) and (
                self.kind is not BlockKind.LIST_ITEM or ln.x0 >= self.para[0].x0 - 2
            ):
                self.para.append(ln)
                self.text = join(self.text, line_text, self.vocab)
            else:
                self._start(ln, line_text)
            i += 1
        self.flush()
        last = self.pages[-1].number if self.pages else 0
        for p in range(self.page_no + 1, last + 1):
            self.pending.extend((k, t, p) for k, t in self.running.get(p, ()))
        self.emit_running()

    def _new_page(self, page: int) -> None:
        for p in range(self.page_no + 1, page + 1):
            got = sorted(self.running.get(p, ()), key=lambda kt: kt[0] is BlockKind.FOOTER)
            self.pending.extend((k, t, p) for k, t in got)
        self.page_no = page
        self.emit_running()

    def _heading(self, i: int, heading: str) -> int:
        """Emit the heading on line ``i`` (and the lines it wraps onto); the next line."""
        self.flush()
        self.emit_running()
        lines = self.lines
        ln = lines[i]
        # A heading wrapped over two lines in the same style is one heading.
        while i + 1 < len(lines):
            nx = lines[i + 1]
            if (
                nx.page == ln.page
                and nx.size == ln.size
                and nx.bold == ln.bold
                and 0 < ln.base - nx.base <= 1.6 * ln.size
                and _is_heading(nx, self.body)
                and split_clause_number(nx.text)[0] is None
                and not _SCHEDULE.match(nx.text)
                and (nx.text[:1].islower() or not split_clause_number(heading)[0])
            ):
                heading = f"{heading} {clean(nx.text)}"
                ln = nx
                i += 1
            else:
                break
        level = _heading_level(heading, ln.size, self.heading_sizes)
        self.outline.heading(heading, level, page=ln.page)
        return i + 1

    def _start(self, ln: Line, line_text: str) -> None:
        """Start a new paragraph, or list item, with line ``ln``."""
        self.flush()
        self.emit_running()
        bullet = _BULLET.match(line_text)
        if bullet:
            self.kind = BlockKind.LIST_ITEM
            self.depth = 1 + max(0, round((ln.x0 - self.left_edge) / 18))
            line_text = line_text[bullet.end() :]
        self.para = [ln]
        self.text = line_text


def build(pages: list[Page], outline: Outline) -> None:
    """Add the pages' headings, paragraphs, table rows and running lines to ``outline``."""
    _Builder(pages, outline).build()
