"""Running headers, footers and page numbers: found in the margins, taken out of the lines.

They are lines in the top or bottom margin whose text, digits ignored, repeats on at least
40% of pages; each is emitted once as a HEADER/FOOTER block. Page numbers ("3", "Page 3 of
40", "- 3 -") in the margins are dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from tenderlint.model import BlockKind
from tenderlint.read.pdf.shapes import Line, Page

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pg\.?|p\.)\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$|^[ivxlc]{1,7}$",
    re.IGNORECASE,
)
# A signing service's stamp ("DocuSign Envelope ID: 9D69A644-...") is running text wherever
# it sits and however few pages carry it.
STAMP = re.compile(
    r"^(?:DocuSign Envelope ID|Docusign Envelope ID|Adobe Sign Transaction (?:ID|Number)"
    r"|Signature Request ID)\s*:\s*[0-9A-Za-z-]{8,}$"
)
_MARGIN = 0.15  # share of the page height at top and bottom where headers/footers live
_REPEAT = 0.4  # share of pages a margin line must appear on to be a running header/footer

Running = dict[int, list[tuple[BlockKind, str]]]  # page -> header/footer blocks first shown there


def _key(text: str, size: float) -> str:
    """What repeats in a running header: the text with its digits (page numbers) ignored."""
    return f"{round(size)}:" + " ".join(re.sub(r"\d+", "#", text).split())


def _margin_lines(page: Page) -> tuple[list[Line], list[Line]]:
    """The first and last few lines of a page when they sit in the top or bottom margin."""
    # A table's rows are never running text, even a header row repeated at the top of a page.
    by_y = sorted((ln for ln in page.lines if ln.row is None), key=lambda ln: -ln.base)
    top_edge = page.bottom + page.height * (1 - _MARGIN)
    bottom_edge = page.bottom + page.height * _MARGIN
    top = [ln for ln in by_y[:3] if ln.base >= top_edge]
    bottom = [ln for ln in by_y[-3:] if ln.base <= bottom_edge]
    return top, [ln for ln in bottom if ln not in top]


class _Stripper:
    """Takes the running cells out of margin lines, noting each one the first time."""

    def __init__(self, counts: Counter[tuple[str, str]], need: int) -> None:
        self.counts = counts
        self.need = need
        self.emitted: set[tuple[str, str]] = set()
        self.out: Running = {}

    def strip(self, page: Page, where: str, ln: Line) -> bool:
        """Strip line ``ln`` at ``where`` ("top"/"bottom"); True when nothing is left of it."""
        kind = BlockKind.HEADER if where == "top" else BlockKind.FOOTER
        keep: list[str] = []
        running_cells: list[str] = []
        number_cells = 0
        for cell in ln.cells:
            if _PAGE_NUMBER.match(cell.strip()):
                number_cells += 1
            elif self.counts[(where, _key(cell, ln.size))] >= self.need or STAMP.match(cell):
                running_cells.append(cell)
            else:
                keep.append(cell)
        for cell in running_cells:
            key = (where, _key(cell, ln.size))
            if key not in self.emitted:
                self.emitted.add(key)
                self.out.setdefault(page.number, []).append((kind, cell))
        if keep and number_cells:
            # A number beside body text ("1  The Supplier shall") is a clause number.
            keep = [c for c in ln.cells if c not in running_cells]
        if len(keep) == len(ln.cells):
            return False
        if keep:
            ln.cells = keep
            ln.text = " ".join(keep)
            return False
        return True


def strip_running(pages: list[Page]) -> Running:
    """Remove running headers/footers and page numbers from the pages' lines.

    Returns the header/footer blocks to emit, by page: each distinct one once, on the page
    where it first appears. Page numbers are dropped.
    """
    counts: Counter[tuple[str, str]] = Counter()
    margins: list[tuple[list[Line], list[Line]]] = []
    text_pages = 0
    for page in pages:
        top, bottom = _margin_lines(page)
        margins.append((top, bottom))
        if page.lines:
            text_pages += 1
        seen: set[tuple[str, str]] = set()
        for where, lines in (("top", top), ("bottom", bottom)):
            for ln in lines:
                for cell in ln.cells:
                    seen.add((where, _key(cell, ln.size)))
        counts.update(seen)
    stripper = _Stripper(counts, max(2, math.ceil(_REPEAT * text_pages)))
    for page, (top, bottom) in zip(pages, margins, strict=True):
        drop: set[int] = set()
        for where, lines in (("top", top), ("bottom", bottom)):
            for ln in lines:
                if stripper.strip(page, where, ln):
                    drop.add(id(ln))
        if drop:
            page.lines = [ln for ln in page.lines if id(ln) not in drop]
    return stripper.out
