"""The outline of a document: every reader feeds it blocks in reading order, with what its format
knows, and gets back located blocks in a clause tree.

Readers say what they see (a heading and its level, a list label Word rendered, a bold line, a
table row and whether it is a header row, a contents entry, a drafting note); the outline turns
that into what a lawyer cites ("14.2(b)", "Schedule 6, paragraph 3"), each block's parent in the
tree, its heading path, contents entries, drafting notes and definition entries, the same way
for every format (``tree`` and ``roles`` hold the reasoning).
"""

from __future__ import annotations

from collections.abc import Sequence

from tenderlint.model import Block, BlockKind
from tenderlint.read.kinds import Item
from tenderlint.read.normalise import normalise
from tenderlint.read.numbers import label_number
from tenderlint.read.numbers import split_clause_number as split_clause_number
from tenderlint.read.tree import build

__all__ = ["Outline", "header_like", "header_row", "split_clause_number"]


def header_like(cells: Sequence[str]) -> bool:
    """Whether a row reads as a header: a short label in every column."""
    filled = [c for c in cells if c]
    if len(filled) < 2 or len(filled) < len(cells):
        return False
    for c in filled:
        if len(c) > 60 or len(c.split()) > 6 or c[-1] in ".;" or not c[0].isalpha():
            return False
    return True


def header_row(first: Sequence[str], rest: Sequence[Sequence[str]]) -> bool:
    """Whether a table's first row is its header when the file does not say: labels over
    rows that are not all labels themselves ("Name | Jo Smith" rows are a form, not a table
    with a header)."""
    return bool(rest) and header_like(first) and not all(header_like(r) for r in rest[:5])


class Outline:
    """Collects blocks in reading order; ``blocks()`` gives them located, in a clause tree."""

    def __init__(self) -> None:
        self._items: list[Item] = []
        self._header: tuple[str, ...] = ()
        self._built: tuple[Block, ...] | None = None

    def __len__(self) -> int:
        return len(self._items)

    # -- headings -------------------------------------------------------------------------
    def heading(
        self,
        text: str,
        level: int,
        *,
        page: int | None = None,
        number: str | None = None,
        line: int | None = None,
        title: bool = False,
    ) -> None:
        """Add a heading at outline ``level`` (1 = top); ``number`` is a list label the
        source rendered ("2.1"); ``title`` says the source marks it as the document title."""
        text = normalise(text)
        if not text:
            return
        if number and not text.startswith(number):
            text = f"{number} {text}"
        self._items.append(
            Item(
                text,
                BlockKind.HEADING,
                page=page,
                line=line,
                heading=max(level, 1),
                title=title,
                number=label_number(number) if number else None,
            )
        )
        self._built = None

    # -- body text ------------------------------------------------------------------------
    def add(
        self,
        text: str,
        kind: BlockKind = BlockKind.PARAGRAPH,
        *,
        page: int | None = None,
        number: str | None = None,
        depth: int | None = None,
        redacted: bool = False,
        line: int | None = None,
        style: str | None = None,
        bold: bool = False,
        contents: bool = False,
        note: bool = False,
        cells: Sequence[str] = (),
        header: Sequence[str] = (),
        term: str | None = None,
        typed: bool = True,
    ) -> None:
        """Add a body block.

        ``number`` is a list label the source rendered ("1.2.", "b)"), ``depth`` its list
        level (1 = outermost) and ``style`` the item style its number format gives (alpha,
        roman, upper, upper-roman, digit), which settles an ambiguous "(i)"; without a label,
        a number typed at the start of the text is recognised. ``bold``: the whole line is
        bold (a numbered or short bold line can be a title). ``contents`` and ``note`` mark
        a table-of-contents entry or a drafting note the source recognised by its style (the
        kinds CONTENTS and NOTE say the same). ``cells``/``header`` are a table row's cells
        and its table's header row (a TABLE_ROW without cells is split at " | "); ``term``
        is the term a DEFINITION entry defines. ``typed`` False says the reader found that a
        number opening the text is not a clause number (a date, a figure), so none is read.
        """
        text = normalise(text)
        if not text:
            return
        if kind is BlockKind.TABLE_ROW or (kind is BlockKind.DEFINITION and cells):
            row = tuple(normalise(c) for c in cells) or tuple(text.split(" | "))
            got = self._row_item(row, page, line, redacted)
            got.text, got.kind = text, kind
            if header:
                got.header = tuple(normalise(c) for c in header)
            got.term = normalise(term) if term else None
            self._items.append(got)
            self._built = None
            return
        num = label_number(number, style) if number else None
        self._items.append(
            Item(
                text,
                kind,
                page=page,
                line=line,
                redacted=redacted,
                number=num,
                depth=depth,
                bold=bold,
                contents=contents or kind is BlockKind.CONTENTS,
                note=note or kind is BlockKind.NOTE,
                term=normalise(term) if term else None,
                read_number=typed,
            )
        )
        self._built = None

    # -- tables ---------------------------------------------------------------------------
    def table(self, header: Sequence[str] = ()) -> tuple[str, ...]:
        """A new table starts (``header``: its header cells, if already known); rows after
        this carry its header row. Returns the header of the table before, so a reader can
        hand back to an outer table when a nested one ends."""
        before, self._header = self._header, tuple(normalise(c) for c in header)
        return before

    def row(
        self,
        cells: Sequence[str],
        *,
        header: bool = False,
        page: int | None = None,
        line: int | None = None,
        redacted: bool = False,
    ) -> bool:
        """Add one table row (one block: its text joins the cells with " | "). ``header``
        marks a header row; later rows of the table carry its cells. False if empty."""
        cells_n = tuple(normalise(c) for c in cells)
        if not any(cells_n):
            return False
        if header:
            self._header = cells_n
        self._items.append(self._row_item(cells_n, page, line, redacted))
        self._built = None
        return True

    def _row_item(
        self, cells: tuple[str, ...], page: int | None, line: int | None, redacted: bool
    ) -> Item:
        return Item(
            " | ".join(cells).strip(),
            BlockKind.TABLE_ROW,
            page=page,
            line=line,
            redacted=redacted,
            cells=cells,
            header=self._header,
        )

    # -- out ------------------------------------------------------------------------------
    def blocks(self) -> tuple[Block, ...]:
        """The blocks in reading order, each with its parent, number, clause and heading."""
        if self._built is None:
            self._built = build(self._items)
        return self._built

    def title(self) -> str | None:
        """What the document calls itself: its title, its first heading, or its first line."""
        blocks = self.blocks()
        for it, b in zip(self._items, blocks, strict=True):
            if it.role == "title" or it.title:
                return b.text
        for b in blocks:
            if b.kind is BlockKind.HEADING:
                return b.text
        for b in blocks:
            if b.kind.is_body:
                return b.text[:120]
        return None
