"""Boxes over removed text: which dark boxes stand for text a reader cannot see, and how much.

A box whose text was taken out of the file is measured as the text a reader would have read
there, from the document's own density of text, not as if it were packed full of characters:

* a box on a line of text ("is ████ of the") stands for as many characters as its width holds
  at the line's own average character width;
* a taller box stands for its area inside the document's usual text frame times the number of
  characters per square point the document's pages hold (paragraph spacing and short lines
  included), so a box over a whole page counts as a page of text, not as a page packed edge
  to edge with characters.

A dark shape is a redaction only where text would be, or when it says so: on a line of text,
between lines of text, over most of a page's text frame, labelled ("s.43"), or a Redact
annotation. A dark figure, logo or band elsewhere is not one and is not counted.
"""

from __future__ import annotations

import itertools
import statistics
from dataclasses import dataclass

from tenderlint.read.pdf.shapes import BLOCK_CHAR, Box, Line, Page, Seg
from tenderlint.read.redaction import LABEL

_EM = 0.47  # average character width (spaces included) in ems, when the page cannot say
_ANNOTATION_Z = 1 << 30  # annotations are drawn above all page content (page.py)
_FEW_LINES = 4  # a box this many lines tall or less covers a paragraph's own lines
_MARGIN = 0.08  # share of the page height at top and bottom where no body text is measured


@dataclass(frozen=True)
class Density:
    """How much text the document's pages hold, and where."""

    per_area: float  # characters per square point of a page's text frame
    frame: tuple[float, float, float, float]  # the usual text frame (x0, y0, x1, y1)
    size: float  # the body font size
    em: float  # the average character width, in ems
    leading: float  # the distance between two lines of a paragraph

    def chars(self, b: Box, inside: float) -> int:
        """The characters a reader would have read under box ``b`` (``inside``: its area in
        the text frame). A box over a few lines held full lines of text; a taller one held
        what a page holds over its area, paragraph spacing and short lines included."""
        lines = max(1, round((b.y1 - b.y0) / self.leading))
        if lines <= _FEW_LINES:
            return max(1, round(lines * (b.x1 - b.x0) / (self.em * self.size)))
        return max(1, round(inside * self.per_area))


def _em(segs: list[Seg]) -> float:
    """The average character width of the page's runs of text, in ems."""
    chars = 0
    width = 0.0
    for s in segs:
        n = len(s.text.strip())
        if n >= 8 and BLOCK_CHAR not in s.text and s.size > 0:
            chars += n
            width += (s.x1 - s.x0) / s.size
    return width / chars if chars >= 40 else _EM


def _beside(b: Box, segs: list[Seg], size: float) -> bool:
    """Whether text runs on the box's line, just before or after it."""
    for s in segs:
        if BLOCK_CHAR in s.text or not (b.y0 - 0.3 * size <= s.base <= b.y1):
            continue
        if -0.2 * size < b.x0 - s.x1 < 3 * size or -0.2 * size < s.x0 - b.x1 < 3 * size:
            return True
    return False


def inline_stand_ins(page: Page, segs: list[Seg]) -> None:
    """Stand in, with a run of "█" on its line, for each removed box on a line of text."""
    if not page.removed:
        return
    em = _em(segs)
    sizes = [s.size for s in segs if BLOCK_CHAR not in s.text]
    size = statistics.median(sizes) if sizes else 10.0
    later: list[Box] = []
    for b in page.removed:
        if b.y1 - b.y0 > 2.0 * size or not _beside(b, segs, size):
            later.append(b)  # a taller box, or one on no line: judged with the whole page
            continue
        n = max(1, round((b.x1 - b.x0) / (em * size)))
        base = next(
            (
                s.base
                for s in segs
                if b.y0 - 0.3 * size <= s.base <= b.y1 and BLOCK_CHAR not in s.text
            ),
            b.y0 + 0.25 * size,
        )
        segs.append(
            Seg(b.x0, base - 0.2 * size, b.x1, base + 0.8 * size, base,
                f" {BLOCK_CHAR * n} ", size, False, b.z)
        )  # fmt: skip
        b.hidden = n
        page.boxes += 1
    page.removed = later


def _frame(body: list[Line]) -> tuple[float, float, float, float]:
    return (
        min(ln.x0 for ln in body),
        min(ln.base - 0.3 * ln.size for ln in body),
        max(ln.x1 for ln in body),
        max(ln.top for ln in body),
    )


def density(pages: list[Page]) -> Density:
    """The document's density of text, measured on its pages' body lines."""
    rates: list[float] = []
    frames: list[tuple[float, float, float, float]] = []
    sizes: list[float] = []
    steps: list[float] = []
    chars = 0
    ems = 0.0
    for p in pages:
        lo = p.bottom + _MARGIN * p.height
        hi = p.bottom + (1 - _MARGIN) * p.height
        body = [ln for ln in p.lines if lo <= ln.base <= hi and BLOCK_CHAR not in ln.text]
        for a, b in itertools.pairwise(body):
            if a.column == b.column and a.size == b.size and 0 < a.base - b.base < 2 * a.size:
                steps.append(a.base - b.base)
        for ln in body:
            if ln.size > 0 and len(ln.cells) == 1 and len(ln.text) >= 30:
                chars += len(ln.text)
                ems += (ln.x1 - ln.x0) / ln.size
        sizes += [ln.size for ln in body if ln.size > 0]
        n = sum(len(ln.text) for ln in body)
        # A page with a redaction has lost some of its text: it cannot say what a page holds.
        if len(body) >= 5 and n >= 300 and not p.removed and not p.boxes:
            frame = _frame(body)
            area = (frame[2] - frame[0]) * (frame[3] - frame[1])
            if area > 0:
                rates.append(n / area)
                frames.append(frame)
    size = statistics.median(sizes) if sizes else 10.0
    em = ems / chars if chars >= 200 else _EM
    # Too few pairs of lines say nothing of the leading: a line and a half-em is usual.
    leading = statistics.median(steps) if len(steps) >= 10 else 1.2 * size
    if not frames:
        # No page to measure: a page of text in the body font with an inch of margin.
        p = pages[0]
        frame = (72.0, p.bottom + 72.0, p.width - 72.0, p.bottom + p.height - 72.0)
        return Density(0.6 / (em * size * leading), frame, size, em, leading)
    frame = (
        statistics.median(f[0] for f in frames),
        statistics.median(f[1] for f in frames),
        statistics.median(f[2] for f in frames),
        statistics.median(f[3] for f in frames),
    )
    # A page of running text, not one with a figure or a section's short ending: the upper
    # quartile of the pages' densities.
    rates.sort()
    return Density(rates[(3 * len(rates)) // 4], frame, size, em, leading)


def _inside(b: Box, frame: tuple[float, float, float, float]) -> float:
    x = min(b.x1, frame[2]) - max(b.x0, frame[0])
    y = min(b.y1, frame[3]) - max(b.y0, frame[1])
    return max(x, 0.0) * max(y, 0.0)


def _labelled(b: Box, lines: list[Line]) -> bool:
    if b.label_text or b.z == _ANNOTATION_Z:
        return True
    return any(
        b.y0 <= ln.base <= b.y1
        and (ln.x0 >= b.x1 - 2 or ln.x1 <= b.x0 + 2)
        and LABEL.search(ln.text)
        for ln in lines
    )


def _in_flow(b: Box, lines: list[Line], leading: float) -> bool:
    """Whether text lines sit just above or below the box, across its width."""
    for ln in lines:
        if ln.x1 <= b.x0 or ln.x0 >= b.x1:
            continue
        if 0 <= ln.base - b.y1 <= 2.5 * leading or 0 <= b.y0 - ln.top <= 2.5 * leading:
            return True
    return False


def block_stand_ins(pages: list[Page]) -> None:
    """Stand in, with a line of "█", for each taller removed box that is a redaction."""
    if not any(p.removed for p in pages):
        return
    d = density(pages)
    frame_area = (d.frame[2] - d.frame[0]) * (d.frame[3] - d.frame[1])
    for p in pages:
        for b in p.removed:
            inside = _inside(b, d.frame)
            area = (b.x1 - b.x0) * (b.y1 - b.y0)
            whole = inside >= 0.5 * frame_area
            # Over removed lines of text a box spans most of the text's width; a narrow
            # tall one (a bar of a chart) is a figure.
            wide = b.x1 - b.x0 >= 0.5 * (d.frame[2] - d.frame[0])
            flow = wide and inside >= 0.5 * area and _in_flow(b, p.lines, d.leading)
            if not (_labelled(b, p.lines) or whole or flow):
                continue  # a dark figure or band, not a redaction
            n = d.chars(b, inside)
            b.hidden = n
            p.boxes += 1
            _insert(p, b, n, d)
        p.removed = []


def _insert(page: Page, b: Box, n: int, d: Density) -> None:
    """A line of ``n`` block characters in the box's place in the page's reading order."""
    base = b.y1 - d.size
    line = Line(
        page=page.number,
        x0=b.x0,
        x1=b.x1,
        base=base,
        top=b.y1,
        size=d.size,
        bold=False,
        text=BLOCK_CHAR * n,
        cells=[BLOCK_CHAR * n],
        column=0,
        col_x1=max((ln.col_x1 for ln in page.lines), default=d.frame[2]),
    )
    columns = any(ln.column == 1 for ln in page.lines)
    for i, ln in enumerate(page.lines):
        if ln.base < base and (not columns or (ln.x1 > b.x0 and ln.x0 < b.x1)):
            line.column = ln.column
            page.lines.insert(i, line)
            return
    page.lines.append(line)
