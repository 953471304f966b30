"""The PDF reader: PDF bytes in, located blocks with pages, headings, clauses and redactions out.

How it reads, and why:

* Text comes from PDFium (pypdfium2) one *text object* at a time (``pdfium``, ``page``): a
  text object is one show-text operator, usually a line or a run of one font, with its
  bounds, font size, font and colour. That is 30-60 times faster than pdfminer/pdfplumber
  and than asking PDFium about every character, and gives everything layout needs.
  Characters are only fetched one by one on pages with redaction boxes, where the reader
  must know which characters a box covers (``redaction``).
* Lines are rebuilt from the objects by baseline, in columns (``lines``); running headers,
  footers and page numbers are taken out of the margins (``running``); lines join into
  headings and paragraphs (``paragraphs``), repairing line-end hyphens (``hyphens``).
* Redaction boxes are filled near-black rectangles (paths) and Redact, black Square and black
  Highlight annotations; see ``redaction`` for what they hide and stand for.
"""

from __future__ import annotations

from dataclasses import replace

from tenderlint.model import Document
from tenderlint.read.failure import Limits, ReadFailure
from tenderlint.read.pdf.hyphens import KEEP_PREFIXES, keep_line_end_hyphen
from tenderlint.read.pdf.ligatures import damage_warnings
from tenderlint.read.pdf.pages import read_pages
from tenderlint.read.pdf.paragraphs import build
from tenderlint.read.pdf.pdfium import Pdfium
from tenderlint.read.pdf.redaction import page_redaction
from tenderlint.read.pdf.removed import block_stand_ins
from tenderlint.read.pdf.shapes import BLOCK_CHAR, Page
from tenderlint.read.pdf.streams import scan
from tenderlint.read.redaction import measure
from tenderlint.read.structure import Outline

__all__ = ["BLOCK_CHAR", "KEEP_PREFIXES", "keep_line_end_hyphen", "read_pdf"]


def read_pdf(data: bytes, path: str, sha256: str, limits: Limits) -> Document:
    """Read a PDF into a Document, or raise ReadFailure with a one-line reason."""
    found = scan(data, limits)  # before PDFium: it would inflate a bomb in memory
    if found.corrupt:
        raise ReadFailure(
            f"damaged PDF: {found.corrupt} of its {found.count} compressed streams are corrupt, "
            "so text would be missing or wrong; export or save it again"
        )
    px = Pdfium()
    pdf = px.open(data)
    try:
        n = len(pdf)
        if n == 0:
            raise ReadFailure("PDF has no pages")
        if n > limits.max_pages:
            raise ReadFailure(f"PDF has {n} pages, over the {limits.max_pages} page limit")
        pages, unreadable = read_pages(px, pdf, n, limits.page_processes)
        dated = px.date(pdf)
    finally:
        pdf.close()
    block_stand_ins(pages)
    doc = replace(_document(pages, unreadable, n, data, path, sha256), date=dated)
    if found.missing:
        lost = f"{len(found.missing)} object{'s' if len(found.missing) > 1 else ''}"
        warning = f"damaged PDF: it refers to {lost} it does not contain, so text may be missing"
        doc = replace(doc, warnings=(*doc.warnings, warning))
    return doc


def _page_list(numbers: list[int]) -> str:
    """ "3, 5-7" for pages 3, 5, 6 and 7."""
    out: list[str] = []
    nums = sorted(set(numbers))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ", ".join(out)


def _pages(numbers: list[int]) -> str:
    return f"page{'s' if len(numbers) > 1 else ''} {_page_list(numbers)}"


def _warnings(
    pages: list[Page], unreadable: list[int], n: int, data: bytes
) -> tuple[list[str], dict[str, float], int]:
    """The document's warnings, its measures and how many boxes leaked their text; raises
    ReadFailure when no page has text."""
    warnings: list[str] = []
    measures: dict[str, float] = {}
    no_text = [
        p.number
        for p in pages
        if not p.lines and (p.image_area >= 0.1 * p.width * p.height or p.paths >= 200)
    ]
    if not any(p.lines for p in pages):
        if unreadable and not no_text:
            raise ReadFailure("damaged PDF: no page could be read")
        raise ReadFailure("no extractable text: scanned image? run OCR first")
    if no_text:
        measures["image_only_pages"] = len(no_text)
        warnings.append(
            f"{len(no_text)} of {n} pages are images with no text layer "
            f"({_pages(no_text)}): their text was not read; run OCR first"
        )
    if unreadable:
        warnings.append(f"{_pages(unreadable)} could not be read (damaged)")
    if b"%%EOF" not in data[-2048:]:
        warnings.append("the file looks truncated (no end-of-file marker): text may be missing")
    rotated = [p.number for p in pages if p.rotated]
    if rotated:
        warnings.append(
            f"rotated text on {_pages(rotated)} was not read (a watermark or a margin note?)"
        )
    leaked = [p.number for p in pages if p.leaked_boxes]
    leaked_n = sum(p.leaked_boxes for p in pages)
    if leaked_n == 1:
        warnings.append(
            f"1 redaction box on {_pages(leaked)} has text still under it (recoverable)"
        )
    elif leaked_n:
        warnings.append(
            f"{leaked_n} redaction boxes on {_pages(leaked)} have text still under them"
            " (recoverable)"
        )
    return warnings, measures, leaked_n


def _document(
    pages: list[Page], unreadable: list[int], n: int, data: bytes, path: str, sha256: str
) -> Document:
    warnings, measures, leaked_n = _warnings(pages, unreadable, n, data)
    outline = Outline()
    damage = build(pages, outline)
    warnings += damage_warnings(damage)
    blocks = outline.blocks()
    per_page, whole = page_redaction(pages)
    redaction = measure(blocks, leaked=leaked_n, per_page=per_page, whole_pages=whole)
    boxes = sum(p.boxes for p in pages)
    if redaction is not None and boxes:
        # Box redactions are in the text as "█" runs, which the marker scan has counted.
        redaction = replace(redaction, boxes=boxes)
    return Document(
        path=path,
        sha256=sha256,
        format="pdf",
        blocks=blocks,
        pages=n,
        title=outline.title(),
        redaction=redaction,
        warnings=tuple(warnings),
        measures=measures,
    )
