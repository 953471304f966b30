"""Lines into blocks: headings, paragraphs, list items and table rows, in reading order.

Lines join into paragraphs unless a vertical gap, a size change, an outdent, a clause number
after a finished sentence, or a heading separates them; paragraphs continue across pages and
columns when the sentence is unfinished. Headings are short lines in a bigger or bold font,
or short capitalised lines.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable

from tenderlint.model import BlockKind
from tenderlint.read.pdf.hyphens import clean, join, rejoin_spaced, vocabulary
from tenderlint.read.pdf.lexicon import Lexicon
from tenderlint.read.pdf.ligatures import Damage, Repair
from tenderlint.read.pdf.redaction import may_mark
from tenderlint.read.pdf.rows import Rows
from tenderlint.read.pdf.running import strip_running
from tenderlint.read.pdf.shapes import BLOCK_CHAR, Line, Page
from tenderlint.read.redaction import find_markers
from tenderlint.read.structure import Outline, header_like, split_clause_number

_BULLETS = "\u2022\u00b7\u25aa\u25e6\u2023\u2043\u25cf\u25a0\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u2013"
_BULLET = re.compile(rf"^([{_BULLETS}]|-(?=\s))\s*")
_SCHEDULE = re.compile(
    r"^(schedule|annex|annexe|appendix|part|attachment)\s+[0-9A-Z]{1,4}\b", re.IGNORECASE
)
_CLOSERS = "\"')]\u2019\u201d "
_LEADER = re.compile(r"(?:\.\s*){4,}\s*\d{1,4}$|\s\d{1,4}$")
_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*\u2020\u2021\u00a7])\s*[A-Za-z\"(]")
_PAGE_AT_END = re.compile(r"\D\s+\d{1,4}$")
_CONTENTS_TITLE = re.compile(r"^(?:table\s+of\s+)?contents$", re.IGNORECASE)
_LEADER_DOTS = re.compile(r"\s*(?:[.\u2026]\s*){4,}\s*")


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
    _num, rest = split_clause_number(text)
    if rest.isupper() and len(text.split()) <= 10 and sum(c.isalpha() for c in text) >= 4:
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


def _body_size(lines: list[Line]) -> float:
    """The size of running text: the commonest size by characters of lines that fill most of
    their column (table cells and labels are short, and a long table must not set it)."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        if len(ln.cells) == 1 and ln.x1 - ln.x0 >= 0.5 * max(ln.col_x1 - ln.x0, 1):
            sizes[ln.size] += len(ln.text)
    if not sizes:
        return _mode((ln.size for ln in lines for _ in range(len(ln.text) // 20 + 1)), 10.0)
    return sizes.most_common(1)[0][0]


def _leadings(lines: list[Line], body: float) -> dict[float, float]:
    """The usual distance between the baselines of two lines of one paragraph, by font size
    (a document may set its running text and its tables at different sizes and leading)."""
    steps: dict[float, Counter[float]] = {}
    for a, b in itertools.pairwise(lines):
        if a.page == b.page and a.column == b.column and abs(a.size - b.size) < 0.6:
            d = round(a.base - b.base, 1)
            if 0.9 * a.size <= d <= 2.5 * a.size:
                steps.setdefault(a.size, Counter())[d] += 1
    out = {size: c.most_common(1)[0][0] for size, c in steps.items()}
    out.setdefault(body, body * 1.2)
    return out


class _Builder:
    """Walks the lines of every page, keeping the paragraph being built."""

    def __init__(self, pages: list[Page], outline: Outline) -> None:
        self.pages = pages
        self.outline = outline
        self.running = strip_running(pages)
        self.vocab = vocabulary(pages)
        self.lines = [ln for p in pages for ln in p.lines]
        lines = self.lines
        self.repair = _repaired(lines)
        self.lexicon = self.repair.lexicon
        self.body = _body_size(lines)
        self.heading_sizes = sorted(
            {ln.size for ln in lines if ln.size >= self.body * 1.12}, reverse=True
        )
        self.leadings = _leadings(lines, self.body)
        self.footnotes = _footnotes(pages, self.body)
        self.left_edge = _mode((round(ln.x0) for ln in lines), 0.0)
        self.para: list[Line] = []
        self.text = ""
        self.kind = BlockKind.PARAGRAPH
        self.depth = 0
        # Running headers and footers are emitted once, where a page first shows them,
        # between paragraphs (a paragraph running over the page break is finished first).
        self.pending: list[tuple[BlockKind, str, int]] = []
        self.page_no = 0
        self.in_contents = False  # below a "Contents" title, until its entries end
        # Lines are joined by a function of the vocabulary alone, not a method of this
        # builder: a builder and its rows referring to each other would keep every page and
        # line alive for the cycle collector, which is paused while a document is checked.
        self.join = functools.partial(_joined, vocab=self.vocab, lexicon=self.lexicon)
        self.rows = Rows(outline, self.join)
        self.gap_table = False  # rows of a table without rules are being read

    def flush(self) -> None:
        """Emit the paragraph being built, if any."""
        if self.para:
            self.rows.interrupt()
            body_text = rejoin_spaced(self.repair.fix(self.text.strip()), self.vocab, self.lexicon)
            marks = find_markers(body_text) if may_mark(body_text) else []
            whole = bool(marks) and all(m.whole_block for m in marks)
            self.outline.add(
                body_text,
                self.kind,
                page=self.para[0].page,
                depth=self.depth or None,
                redacted=whole,
                bold=all(ln.bold for ln in self.para),
            )
            self.gap_table = False
        self.para, self.text, self.kind, self.depth = [], "", BlockKind.PARAGRAPH, 0

    def emit_running(self) -> None:
        """Emit the pending running headers and footers, unless a paragraph is open."""
        if not self.para:
            for k, t, p in self.pending:
                self.outline.add(self.repair.fix(t), k, page=p)
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
        if gap < -0.5 * ln.size or gap > self.leading(prev) * 1.3 + 0.5:
            return True
        if number is not None and (ended or ln.x0 < prev.x0 - 2):
            return True
        if ln.x0 < prev.x0 - 2 and prev is not first:
            return True  # an outdent after a continuation line: hanging-indent clause
        if ln.x0 > prev.x0 + ln.size and prev is not first and self.kind is not BlockKind.LIST_ITEM:
            return True  # a first-line indent
        col_width = max(prev.col_x1 - min(prev.x0, first.x0), 1)
        return ended and prev.x1 < prev.col_x1 - 0.25 * col_width

    def leading(self, ln: Line) -> float:
        """The usual leading of lines of ``ln``'s size."""
        got = self.leadings.get(ln.size)
        if got is None:
            got = self.leadings[self.body] / self.body * ln.size
        return got

    def _continues(self, ln: Line) -> bool:
        return bool(self.para) and not self.starts_new(self.para[-1], ln, self.para[0])

    def _wraps(self, i: int) -> bool:
        """Whether line ``i`` fills its column and runs on into the next line at the usual
        leading: the first line of a paragraph (set in bold for emphasis), not a heading."""
        lines = self.lines
        if i + 1 >= len(lines):
            return False
        ln, nx = lines[i], lines[i + 1]
        if nx.page != ln.page or nx.column != ln.column or abs(nx.size - ln.size) > 0.5:
            return False
        if not 0 < ln.base - nx.base <= self.leading(ln) * 1.3 + 0.5:
            return False
        width = max(ln.col_x1 - self.left_edge, 1)
        full = ln.x1 >= ln.col_x1 - 0.12 * width
        return (full and len(ln.text.split()) > 6) or nx.text[:1].islower()

    def build(self) -> None:
        """Turn the pages' lines into headings and paragraphs, in reading order."""
        i = 0
        while i < len(self.lines):
            ln = self.lines[i]
            if ln.page != self.page_no:
                self._new_page(ln.page)
            i = self._step(i, ln)
        self.flush()
        last = self.pages[-1].number if self.pages else 0
        for p in range(self.page_no + 1, last + 1):
            self.pending.extend((k, t, p) for k, t in self.running.get(p, ()))
        self.emit_running()

    def _step(self, i: int, ln: Line) -> int:
        """Read line ``i`` into the block being built or a new one; the next line's index."""
        if ln.row is not None:
            self.flush()
            self.emit_running()
            table = ln.row.table
            j = i + 1
            while j < len(self.lines) and (row := self.lines[j].row) and row.table == table:
                j += 1
            self.rows.add(self.lines[i:j])
            self.gap_table = False
            return j
        line_text = clean(ln.text)
        if id(ln) in self.footnotes:
            if _NOTE_MARK.match(line_text) or self.kind is not BlockKind.FOOTNOTE:
                self.flush()
                self.emit_running()
                self.para, self.text, self.kind = [ln], line_text, BlockKind.FOOTNOTE
            else:
                self.para.append(ln)
                self.text = self.join(self.text, line_text)
            return i + 1
        if self._contents(i, line_text):
            # A contents entry cites a clause; it is not one.
            self.flush()
            self.emit_running()
            text = _LEADER_DOTS.sub(" ", line_text)
            self.outline.add(text, BlockKind.CONTENTS, page=ln.page, contents=True)
            return i + 1
        if (
            _is_heading(ln, self.body)
            and not (self.kind is not BlockKind.TABLE_ROW and self._continues(ln))
            and not self._wraps(i)
        ):
            return self._heading(i, line_text)
        if len(ln.cells) >= 3:
            # A row of a table without rules: cells by the gaps between them.
            self.flush()
            self.emit_running()
            cells = [clean(c) for c in ln.cells]
            if not self.gap_table:
                self.outline.table()
                self.gap_table = True
                self.outline.row(cells, header=header_like(cells), page=ln.page)
            else:
                self.outline.row(cells, page=ln.page)
        elif self._continues(ln) and (
            self.kind is not BlockKind.LIST_ITEM or ln.x0 >= self.para[0].x0 - 2
        ):
            self.para.append(ln)
            self.text = self.join(self.text, line_text)
        else:
            self._start(ln, line_text)
            if _CONTENTS_TITLE.match(line_text):
                self.in_contents = True
        return i + 1

    def _contents(self, i: int, text: str) -> bool:
        """Whether line ``i`` is an entry of a table of contents: a title and a page number
        joined by dot leaders, or any line ending in a page number under a "Contents" title."""
        if ("...." in text or "\u2026" in text) and _LEADER.search(text):
            return True
        if not self.in_contents:
            return False
        if _PAGE_AT_END.search(text) and not _ended(text):
            return True
        nxt = self.lines[i + 1].text if i + 1 < len(self.lines) else ""
        if _PAGE_AT_END.search(nxt) and len(text) <= 80:
            return True  # an entry wrapped over two lines
        self.in_contents = False  # two lines without a page number: the contents ended
        return False

    def _new_page(self, page: int) -> None:
        for p in range(self.page_no + 1, page + 1):
            got = sorted(self.running.get(p, ()), key=lambda kt: kt[0] is BlockKind.FOOTER)
            self.pending.extend((k, t, p) for k, t in got)
        self.page_no = page
        self.emit_running()

    def _heading(self, i: int, heading: str) -> int:
        """Emit the heading on line ``i`` (and the lines it wraps onto); the next line."""
        self.rows.interrupt()
        self.gap_table = False
        if _CONTENTS_TITLE.match(heading):
            self.in_contents = True
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


def _footnotes(pages: list[Page], body: float) -> set[int]:
    """The lines (by id) of each page's footnotes: from a line in small type in the lower part
    of the page that opens with a note mark ("1 Nonfederal ..."), to the page's end, all in
    small type. A footnote is not a clause, whatever number it opens with."""
    out: set[int] = set()
    for p in pages:
        lines = [ln for ln in p.lines if ln.row is None]
        for k, ln in enumerate(lines):
            if ln.base > p.bottom + 0.4 * p.height or ln.size > 0.88 * body:
                continue
            if _NOTE_MARK.match(ln.text) and all(r.size <= 0.92 * body for r in lines[k:]):
                out.update(id(r) for r in lines[k:])
                break
    return out


def _repaired(lines: list[Line]) -> Repair:
    """The document's ligature repair, found from all its lines; the lines repaired with it."""
    parts: list[str] = []
    for ln in lines:
        if ln.row is None:
            parts.append(ln.text)
        else:
            parts.extend(text for cell in ln.row.cells for text in cell)
    repair = Repair("\n".join(parts))
    if repair.lost:
        for ln in lines:
            ln.text = repair.fix(ln.text)
            ln.cells = [repair.fix(c) for c in ln.cells]
            if ln.row is not None:
                ln.row.cells = [[repair.fix(t) for t in cell] for cell in ln.row.cells]
    return repair


def _joined(text: str, nxt: str, vocab: Counter[str], lexicon: Lexicon) -> str:
    return join(text, clean(nxt), vocab, lexicon)


def build(pages: list[Page], outline: Outline) -> Damage:
    """Add the pages' headings, paragraphs, table rows and running lines to ``outline``;
    return what the text layer's repair found."""
    builder = _Builder(pages, outline)
    builder.build()
    return builder.repair.damage
