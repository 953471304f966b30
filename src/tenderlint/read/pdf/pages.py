"""A PDF's pages read and laid out into lines, on the cores the run leaves idle when the
document is long: pages are independent until paragraphs are built, and reading them (PDFium
calls for every text object, then the line layout) is most of the time a long PDF takes."""

from __future__ import annotations

from typing import Any

from tenderlint.forked import share
from tenderlint.read.pdf.lines import layout
from tenderlint.read.pdf.page import read_page
from tenderlint.read.pdf.pdfium import Pdfium
from tenderlint.read.pdf.shapes import Page

# Below this many pages per process a fork and the pages' round trip cost more than they save.
MIN_PAGES_EACH = 40


def read_pages(px: Pdfium, pdf: Any, n: int, processes: int) -> tuple[list[Page], list[int]]:
    """Pages 1..``n`` of ``pdf``, laid out, in order, and the numbers of the pages PDFium
    could not read; up to ``processes`` processes share the work."""

    def one(index: int) -> Page | None:
        try:
            page, segs = read_page(px, pdf, index)
        except px.pdfium.PdfiumError:
            return None
        page.lines = layout(page, segs)
        return page

    got = share(n, one, min(processes, n // MIN_PAGES_EACH), Page | None)
    pages = [p for p in got if p is not None]
    return pages, [i + 1 for i, p in enumerate(got) if p is None]
