"""The working records of the PDF reader: text runs, boxes, lines and pages as they are read.

They are mutable on purpose: redaction rewrites a run's text, box merging grows a box, and
running-header removal trims a page's lines, each in place while a page is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BLOCK_CHAR = "\u2588"  # █: what a hidden character becomes in block text


@dataclass(slots=True)
class Seg:
    """A run of text on one baseline: one PDF text object, or a redaction box's stand-in."""

    x0: float
    y0: float
    x1: float
    y1: float
    base: float
    text: str
    size: float
    bold: bool
    z: int
    handle: int = 0  # PDFium text object address, while the page is open
    raw: Any = None
    dark: bool = True


@dataclass(slots=True)
class Box:
    """A filled dark rectangle or redaction annotation that may hide text."""

    x0: float
    y0: float
    x1: float
    y1: float
    z: int
    hidden: int = 0  # characters hidden under it
    over_light: float = 0.0  # width of light text painted over it (a label or a background)
    label_text: str = ""


@dataclass(slots=True)
class TableRow:
    """A row of a ruled table: each cell's lines of text, and what ties it to its table."""

    cells: list[list[str]]  # per column (aligned to the table's columns), the cell's lines
    table: tuple[int, int]  # (page, index on the page)
    first: bool  # the table's first row on this page
    columns: tuple[int, ...]  # the left edges of the table's columns: a table's signature
    bottom: float  # the row's lower edge (PDF space)
    bold: bool = False  # all its text is bold (a header row, as Word sets one)
    spanned: tuple[int, ...] = ()  # columns a cell to their left spans (merged cells)


@dataclass(slots=True)
class Line:
    """A line of text rebuilt from the runs on one baseline of one column."""

    page: int
    x0: float
    x1: float
    base: float
    top: float
    size: float
    bold: bool
    text: str
    cells: list[str]
    column: int  # 0 single column or left, 1 right, 2 spanning a two-column page
    col_x1: float = 0.0  # right edge of the line's column
    row: TableRow | None = None  # set when the line is a row of a ruled table


@dataclass
class Page:
    """One page: its size, its lines in reading order, and what was seen on it."""

    number: int
    width: float
    height: float
    bottom: float
    lines: list[Line] = field(default_factory=list)
    chars: int = 0
    image_area: float = 0.0
    paths: int = 0
    rotated: int = 0
    leaked_boxes: int = 0
    boxes: int = 0
    tables: int = 0  # ruled tables read as rows and cells
    removed: list[Box] = field(default_factory=list)  # dark boxes over no text, to judge
    # Horizontal and vertical rules drawn on the page (x0, y0, x1, y1): table borders.
    edges: list[tuple[float, float, float, float]] = field(default_factory=list)
