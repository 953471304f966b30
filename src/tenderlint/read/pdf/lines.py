"""Lines from text runs: runs grouped by baseline, in columns when a page has a clear gutter.

A clear vertical gutter with wide text on both sides makes a page two-column, read left
column then right column; a line spanning both (a heading) closes the columns above it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from tenderlint.read.pdf.shapes import BLOCK_CHAR, Line, Page, Seg
from tenderlint.read.pdf.tables import Group, find_tables

# In units of the font size.
_SPACE_GAP = 0.12  # a gap this wide between two objects on a line is a space
# On a page whose producer writes its spaces (most word gaps hold a space character), a gap
# with no space is the ink of a narrow glyph ("1", "i") or a kerned pair, not a word break:
# Skia and PDFKit put one glyph or word part per object, and "SIN 1 32-5 1" or "Th is" came
# from reading those gaps as spaces.
_WRITTEN_SPACE_GAP = 0.4
_CELL_GAP = 2.0  # a gap this wide separates table cells


def _gutter(segs: Sequence[Seg]) -> tuple[float, float] | None:
    """The x-range of a clear gap between two columns of text, or None for one column."""
    if len(segs) < 10:
        return None
    lo = min(s.x0 for s in segs)
    hi = max(s.x1 for s in segs)
    width = hi - lo
    if width <= 0:
        return None
    allowed = max(1, len(segs) // 15)  # a title or heading may span both columns
    events = sorted([(s.x0, 1) for s in segs] + [(s.x1, -1) for s in segs])
    best: tuple[float, float] | None = None
    depth = 0
    start: float | None = None
    for x, step in events:
        before = depth
        depth += step
        if before > allowed >= depth:
            start = x
        elif before <= allowed < depth and start is not None:
            g0, g1 = max(start, lo + 0.25 * width), min(x, lo + 0.75 * width)
            if g1 - g0 >= 8 and (best is None or g1 - g0 > best[1] - best[0]):
                best = (start, x)
            start = None
    if best is None:
        return None
    mid = (best[0] + best[1]) / 2
    left = [s for s in segs if s.x1 <= mid]
    right = [s for s in segs if s.x0 >= mid]
    if len(left) < 4 or len(right) < 4:
        return None
    # Columns of running text, not a table of short cells or a list of terms.
    for side in (left, right):
        widths = sorted(s.x1 - s.x0 for s in side)
        if widths[len(widths) // 2] < 0.25 * width:
            return None
    if min(s.y0 for s in left) > max(s.y1 for s in right) or min(s.y0 for s in right) > max(
        s.y1 for s in left
    ):
        return None
    return best


def _space_gap(segs: Sequence[Seg]) -> float:
    """The gap that makes a space on a page: wider where the producer writes its word spaces
    (most gaps of a word space's width between two runs on a line hold a space character)."""
    written = 0
    bare = 0
    ordered = sorted(segs, key=lambda s: (-s.base, s.x0))
    for a, b in itertools.pairwise(ordered):
        size = max(a.size, b.size)
        if abs(a.base - b.base) <= 0.4 * size and b.x0 - a.x1 >= 0.15 * size:
            if a.text.endswith(" ") or b.text.startswith(" "):
                written += 1
            else:
                bare += 1
    return _WRITTEN_SPACE_GAP if written > bare else _SPACE_GAP


def _cells(group: list[Seg], space_gap: float = _SPACE_GAP) -> list[str]:
    """The texts of a line's cells: runs joined with spaces where there is a gap."""
    cells: list[str] = []
    parts: list[str] = []
    prev: Seg | None = None
    for s in group:
        text = s.text.replace("\r", "").replace("\n", " ")
        if prev is not None:
            gap = s.x0 - prev.x1
            size = max(prev.size, s.size)
            if gap >= _CELL_GAP * size:
                cells.append("".join(parts).strip())
                parts = []
            elif (
                gap > (_SPACE_GAP if BLOCK_CHAR in prev.text + s.text else space_gap) * size
                and not parts[-1].endswith(" ")
                and text[:1] != " "
            ):  # a box's stand-in has no spaces of its own: any clear gap is one
                parts.append(" ")
        parts.append(text)
        prev = s
    cells.append("".join(parts).strip())
    return [c for c in cells if c]


def _line(group: list[Seg], cells: list[str], page: int, column: int) -> Line:
    # The size and weight of a line are those of most of its characters.
    weight: dict[float, int] = {}
    bold = 0
    total = 0
    for s in group:
        n = len(s.text)
        weight[s.size] = weight.get(s.size, 0) + n
        total += n
        bold += n if s.bold else 0
    return Line(
        page=page,
        x0=group[0].x0,
        x1=max(s.x1 for s in group),
        base=group[0].base,
        top=max(s.y1 for s in group),
        size=max(weight, key=weight.__getitem__),
        bold=total > 0 and bold >= 0.9 * total,
        text=" ".join(cells),
        cells=cells,
        column=column,
    )


def group_lines(segs: list[Seg], page: int, column: int, space_gap: float) -> list[Line]:
    """Runs grouped into lines by baseline, top to bottom, each cut into cells at wide gaps."""
    lines: list[list[Seg]] = []
    for s in sorted(segs, key=lambda s: (-s.base, s.x0)):
        if lines:
            cur = lines[-1]
            ref = cur[0]
            if abs(ref.base - s.base) <= 0.4 * max(ref.size, s.size):
                cur.append(s)
                continue
        lines.append([s])
    out: list[Line] = []
    for group in lines:
        group.sort(key=lambda s: s.x0)
        cells = _cells(group, space_gap)
        if cells:
            out.append(_line(group, cells, page, column))
    return out


def _with_rows(lines: list[Line], rows: list[Line]) -> list[Line]:
    """Table rows placed among the page's lines by height."""
    if not rows:
        return lines
    out: list[Line] = []
    pending = sorted(rows, key=lambda ln: -ln.base)
    for ln in lines:
        while pending and pending[0].base > ln.base and ln.column != 1:
            out.append(pending.pop(0))
        out.append(ln)
    return out + pending


def layout(page: Page, segs: list[Seg]) -> list[Line]:
    """The page's lines in reading order: spanning lines and columns, top to bottom, with the
    rows of ruled tables in their place."""
    if not segs:
        return []
    space_gap = _space_gap(segs)

    def group(run: list[Seg], number: int, column: int) -> list[Line]:
        return group_lines(run, number, column, space_gap)

    segs, rows = find_tables(page, segs, group)
    return _with_rows(_columns(page, segs, group), rows)


def _columns(page: Page, segs: list[Seg], group: Group) -> list[Line]:
    if not segs:
        return []
    gutter = _gutter(segs)
    if gutter is None:
        lines = group(segs, page.number, 0)
        edge = max(s.x1 for s in segs)
        for ln in lines:
            ln.col_x1 = edge
        return lines
    # A line may reach into the gutter; one over its middle spans both columns.
    mid = (gutter[0] + gutter[1]) / 2
    left = [s for s in segs if s.x1 <= mid]
    right = [s for s in segs if s.x0 >= mid]
    span = [s for s in segs if s.x0 < mid < s.x1]
    lcol = group(left, page.number, 0)
    rcol = group(right, page.number, 1)
    scol = group(span, page.number, 2)
    lx = max((s.x1 for s in left), default=0.0)
    rx = max((s.x1 for s in right), default=0.0)
    for ln in lcol:
        ln.col_x1 = lx
    for ln in rcol + scol:
        ln.col_x1 = rx
    ordered: list[Line] = []
    # A line spanning both columns (a heading) closes the columns above it.
    for s in sorted(scol, key=lambda ln: -ln.base):
        ordered += [ln for ln in lcol if ln.base > s.base]
        ordered += [ln for ln in rcol if ln.base > s.base]
        lcol = [ln for ln in lcol if ln.base <= s.base]
        rcol = [ln for ln in rcol if ln.base <= s.base]
        ordered.append(s)
    return ordered + lcol + rcol
