"""Rows of ruled tables into blocks: each row with its cells and its table's header row.

A table's first row is its header when it reads as one (labels over rows that are not all
labels: ``structure.header_row``). A table that runs on from one page to the next (same
columns, nothing between but running headers and footers) keeps its header, and a header row
the producer repeats at the top of the new page is not read twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tenderlint.read.pdf.shapes import Line, TableRow
from tenderlint.read.structure import Outline, header_row

Join = Callable[[str, str], str]


def _spread(cells: tuple[str, ...], spanned: tuple[int, ...]) -> tuple[str, ...]:
    """A header row with each merged cell's label over every column it spans, so each column
    of the rows below has its label."""
    out = list(cells)
    for k in sorted(spanned):
        if k > 0:
            out[k] = out[k - 1]
    return tuple(out)


def _same_columns(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 for x, y in zip(a, b, strict=True))


class Rows:
    """Emits the rows of ruled tables to an outline, keeping each table's header."""

    def __init__(self, outline: Outline, join: Join) -> None:
        self.outline = outline
        self.join = join  # joins a cell's lines, repairing line-end hyphens
        self.header: tuple[str, ...] = ()
        self.last: TableRow | None = None  # the last table's row, while nothing else follows
        self.last_page = 0

    def interrupt(self) -> None:
        """Body text came after the table: a table on the next page is a new one."""
        self.last = None

    def _cells(self, row: TableRow) -> tuple[str, ...]:
        out: list[str] = []
        for lines in row.cells:
            text = ""
            for ln in lines:
                text = self.join(text, ln) if text else ln
            out.append(text.strip())
        return tuple(out)

    def add(self, lines: Sequence[Line]) -> None:
        """Emit the rows of one table on one page (``lines``, each with its ``row``)."""
        rows = [ln.row for ln in lines if ln.row is not None]
        if not rows:
            return
        cells = [self._cells(r) for r in rows]
        page = lines[0].page
        last = self.last
        if (
            last is not None
            and page == self.last_page + 1
            and _same_columns(last.columns, rows[0].columns)
        ):
            # The table runs on from the page before: its header still holds.
            if _spread(cells[0], rows[0].spanned) == self.header:
                cells = cells[1:]  # the header row repeated
            for c in cells:
                self.outline.row(c, page=page)
        else:
            # A header row the file marks by setting it bold, over rows that are not, or one
            # that reads as labels over rows that do not.
            marked = rows[0].bold and not all(r.bold for r in rows[1:])
            own = tuple(c for k, c in enumerate(cells[0]) if k not in rows[0].spanned)
            first_is_header = len(rows) > 1 and (marked or header_row(own, cells[1:]))
            if first_is_header:
                cells[0] = _spread(cells[0], rows[0].spanned)
            self.outline.table()
            self.header = cells[0] if first_is_header else ()
            for n, c in enumerate(cells):
                self.outline.row(c, header=first_is_header and n == 0, page=page)
        self.last = rows[-1]
        self.last_page = page
