"""Ruled tables: found from the rules PDFium gives, cut into cells by pdfplumber's table finder.

A page is a candidate when it has at least three horizontal and three vertical rules (a table
of two rows and two columns has that many). pdfplumber's finder (merge the edges, find their
intersections, the cells they close, the tables the cells make) then runs on those edges only:
the text stays PDFium's, so no page is parsed a second time by pdfminer, which would cost
tenfold. Each row becomes one line of the page carrying its cells, in reading order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, cast

from tenderlint.read.pdf.shapes import Line, Page, Seg, TableRow

_TOLERANCE = 3  # pdfplumber's default snap, join and intersection tolerance (points)
_MIN_EDGE = 3  # pdfplumber's default minimum edge length


def _candidate(edges: Sequence[tuple[float, float, float, float]]) -> bool:
    """Whether a page's rules could make a table of two rows and two columns (cheap)."""
    across = sum(1 for x0, _y0, x1, _y1 in edges if x1 - x0 >= _MIN_EDGE)
    down = sum(1 for _x0, y0, _x1, y1 in edges if y1 - y0 >= _MIN_EDGE)
    return across >= 3 and down >= 3


def _edge(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    """A rule as pdfplumber's edge: top-down coordinates (y negated), one orientation."""
    horizontal = x1 - x0 >= y1 - y0
    if horizontal:
        y = (y0 + y1) / 2
        x0, x1, top, bottom = x0, x1, -y, -y
    else:
        x = (x0 + x1) / 2
        x0, x1, top, bottom = x, x, -y1, -y0
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": "h" if horizontal else "v",
    }


Cell = tuple[float, float, float, float]  # x0, top, x1, bottom (top-down)
Group = Callable[[list[Seg], int, int], list[Line]]  # runs, page, column -> lines


def _grids(page: Page) -> list[list[list[Cell | None]]]:
    """The page's tables as rows of cells (None where a merged cell spans), top to bottom."""
    from pdfplumber import table as finder

    edges = [_edge(*e) for e in page.edges]
    edges = finder.merge_edges(edges, _TOLERANCE, _TOLERANCE, _TOLERANCE, _TOLERANCE)
    edges = [
        e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= _MIN_EDGE
    ]
    points = finder.edges_to_intersections(edges, _TOLERANCE, _TOLERANCE)
    cells = finder.intersections_to_cells(points)
    grids: list[list[list[Cell | None]]] = []
    for group in finder.cells_to_tables(cells):
        # Rows need no page: the finder's Table only groups the cells.
        rows = [list(row.cells) for row in finder.Table(cast(Any, None), group).rows]
        width = max(sum(1 for c in row if c is not None) for row in rows)
        if len(rows) >= 2 and width >= 2:  # a framed paragraph or a one-row box is no table
            grids.append(rows)
    return grids


def _inside(s: Seg, cell: Cell) -> bool:
    x = (s.x0 + s.x1) / 2
    y = -(s.y0 + s.y1) / 2
    return cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]


def _row(
    page: Page, grid_row: list[Cell | None], segs: list[Seg], group: Group
) -> tuple[list[list[str]], list[Seg], list[Cell]]:
    """The lines of text of each cell of a row, the runs they came from and the row's cells."""
    texts: list[list[str]] = []
    used: list[Seg] = []
    for cell in grid_row:
        inner = [s for s in segs if _inside(s, cell)] if cell is not None else []
        used += inner
        texts.append([ln.text for ln in group(inner, page.number, 0)])
    return texts, used, [c for c in grid_row if c is not None]


def _bold(segs: list[Seg]) -> bool:
    chars = sum(len(s.text) for s in segs)
    return chars > 0 and sum(len(s.text) for s in segs if s.bold) >= 0.9 * chars


def _table(
    page: Page, number: int, grid: list[list[Cell | None]], segs: list[Seg], group: Group
) -> tuple[list[Line], set[int]]:
    """One line per row of a table that holds text, and the ids of the runs it took."""
    columns = tuple(round(c[0]) if c else -1 for c in grid[0])
    lines: list[Line] = []
    taken: set[int] = set()
    for r, grid_row in enumerate(grid):
        texts, used, boxes = _row(page, grid_row, segs, group)
        if not any(texts):
            continue
        taken.update(id(s) for s in used)
        sizes = Counter(s.size for s in used for _ in range(len(s.text)))
        top = -min(c[1] for c in boxes)
        cells = [" ".join(c) for c in texts]
        lines.append(
            Line(
                page=page.number,
                x0=min(c[0] for c in boxes),
                x1=max(c[2] for c in boxes),
                base=top - 0.01 * r,  # rows keep their order whatever their text
                top=top,
                size=sizes.most_common(1)[0][0],
                bold=False,
                text=" | ".join(c for c in cells if c),
                cells=[c for c in cells if c],
                column=0,
                row=TableRow(
                    cells=texts,
                    table=(page.number, number),
                    first=not lines,
                    columns=columns,
                    bottom=-max(c[3] for c in boxes),
                    bold=_bold(used),
                    spanned=tuple(k for k, c in enumerate(grid_row) if c is None),
                ),
            )
        )
    if len(lines) < 2:
        return [], set()  # one row of text in a frame: leave it to the running text
    return lines, taken


def find_tables(page: Page, segs: list[Seg], group: Group) -> tuple[list[Seg], list[Line]]:
    """Take the text of the page's ruled tables out of ``segs``; return the other runs and
    one line per table row, its cells' lines of text in order.

    ``group`` turns a cell's runs into lines (``lines.group_lines``).
    """
    if not _candidate(page.edges):
        return segs, []
    rows: list[Line] = []
    taken: set[int] = set()
    for number, grid in enumerate(_grids(page)):
        free = [s for s in segs if id(s) not in taken]
        lines, used = _table(page, number, grid, free, group)
        rows += lines
        taken |= used
    if not rows:
        return segs, []
    page.tables += len({ln.row.table for ln in rows if ln.row is not None})
    return [s for s in segs if id(s) not in taken], rows
