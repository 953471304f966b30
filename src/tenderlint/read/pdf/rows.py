"""Rows of ruled tables into blocks: each row with its cells and its table's header row.

The first row of a table is its header. A table that runs on from the foot of one page to the
top of the next (same columns, nothing between but running headers) keeps its header, and a
header row the producer repeats there is not read twice. A two-column table of terms and their
meanings ("Term | Definition", or rows whose second cell says "means ...") gives definition
entries, each term with its meaning, in reading order.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tenderlint.model import BlockKind
from tenderlint.read.pdf.shapes import Line, TableRow
from tenderlint.read.structure import Outline

_TERM_HEADS = re.compile(
    r"^(?:defined\s+)?(?:term|terms|expression|word|abbreviation|acronym|name)s?$", re.IGNORECASE
)
_MEANING_HEADS = re.compile(
    r"^(?:definition|definitions|meaning|meanings|description|interpretation|explanation)$",
    re.IGNORECASE,
)
_MEANS = re.compile(r"^(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to|includes)\b", re.I)
_QUOTES = "\"'\u201c\u201d\u2018\u2019 "

Join = Callable[[str, str], str]


def _same_columns(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 for x, y in zip(a, b, strict=True))


class Rows:
    """Emits the rows of ruled tables to an outline, keeping each table's header."""

    def __init__(self, outline: Outline, join: Join) -> None:
        self.outline = outline
        self.join = join
        self.header: tuple[str, ...] = ()
        self.last: TableRow | None = None  # the last row emitted, while nothing else follows
        self.last_page = 0
        self.definitions = False

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

    def _continues(self, ln: Line, row: TableRow) -> bool:
        last = self.last
        return (
            last is not None
            and ln.page == self.last_page + 1
            and _same_columns(last.columns, row.columns)
        )

    def add(self, ln: Line) -> None:
        """Emit the table row ``ln``."""
        row = ln.row
        assert row is not None
        cells = self._cells(row)
        if row.first and not (self.last is not None and row.table == self.last.table):
            if self._continues(ln, row):
                if cells == self.header:
                    self._seen(ln, row)
                    return  # the header row repeated on the new page
            else:
                self._open(ln, row, cells)
                return
        self._emit(ln, cells, self.header)
        self._seen(ln, row)

    def _open(self, ln: Line, row: TableRow, cells: tuple[str, ...]) -> None:
        """The first row of a new table: its header, unless it already defines a term."""
        filled = [c for c in cells if c]
        self._seen(ln, row)
        if len(filled) == 2 and _MEANS.match(filled[1]):
            self.header = ()
            self.definitions = True
            self._emit(ln, cells, ())
            return
        self.header = cells
        self.definitions = (
            len(filled) == 2
            and bool(_TERM_HEADS.match(filled[0]))
            and bool(_MEANING_HEADS.match(filled[1]))
        )
        self.outline.add(
            " | ".join(filled), BlockKind.TABLE_ROW, page=ln.page, cells=cells, typed=False
        )

    def _seen(self, ln: Line, row: TableRow) -> None:
        self.last = row
        self.last_page = ln.page

    def _emit(self, ln: Line, cells: tuple[str, ...], header: tuple[str, ...]) -> None:
        filled = [c for c in cells if c]
        text = " | ".join(filled)
        if len(filled) == 2 and (self.definitions or _MEANS.match(filled[1])):
            term = filled[0].strip(_QUOTES)
            self.outline.add(
                text,
                BlockKind.DEFINITION,
                page=ln.page,
                cells=cells,
                header=header,
                term=term,
                typed=False,
            )
            return
        self.outline.add(
            text, BlockKind.TABLE_ROW, page=ln.page, cells=cells, header=header, typed=False
        )
