"""One page read through PDFium: its objects walked into text runs, dark boxes and images."""

from __future__ import annotations

import ctypes
import functools
import math
from collections.abc import Callable
from typing import Any

from tenderlint.read.pdf.pdfium import Pdfium, address
from tenderlint.read.pdf.redaction import DARK, redact
from tenderlint.read.pdf.removed import inline_stand_ins
from tenderlint.read.pdf.running import STAMP
from tenderlint.read.pdf.shapes import Box, Page, Seg

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_MAX_FORM_DEPTH = 12  # forms nest; a cycle or a hostile file must not recurse for ever
_THIN = 2.5  # a drawn line or bar this thin (points) is a rule, perhaps a table's border
_MAX_RULED_SEGMENTS = 400  # a longer path is a drawing, not a table grid


def _mul(m: _Matrix, n: _Matrix) -> _Matrix:
    """The matrix that applies ``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: _Matrix, box: tuple[float, float, float, float]) -> tuple[float, ...]:
    if m is _IDENTITY:
        return box
    a, b, c, d, e, f = m
    xs = []
    ys = []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _covered(box: Box, covers: list[Box]) -> bool:
    """Whether a light rectangle painted later hides (most of) a dark box: a form field or a
    signature panel drawn dark, then white, is not a redaction anyone sees."""
    area = (box.x1 - box.x0) * (box.y1 - box.y0)
    for c in covers:
        if c.z > box.z:
            ix = min(box.x1, c.x1) - max(box.x0, c.x0)
            iy = min(box.y1, c.y1) - max(box.y0, c.y0)
            if ix > 0 and iy > 0 and ix * iy >= 0.9 * area:
                return True
    return False


class _Walker:
    """Collects a page's text runs, dark filled rectangles and image area, into forms."""

    def __init__(self, px: Pdfium, textpage: Any, page: Page) -> None:
        self.px = px
        self.textpage = textpage
        self.page = page
        self.segs: list[Seg] = []
        self.boxes: list[Box] = []
        self.covers: list[Box] = []  # opaque light rectangles, which hide what is under them
        self.z = 0  # painting order: later objects are drawn over earlier ones

    def walk(self, count: int, get: Callable[[int], Any], m: _Matrix, depth: int = 0) -> None:
        """Walk ``count`` objects got by index with ``get``, placed by matrix ``m``."""
        r = self.px.r
        for i in range(count):
            obj = get(i)
            self.z += 1
            kind = r.FPDFPageObj_GetType(obj)
            if kind == r.FPDF_PAGEOBJ_TEXT:
                self._text(obj, m)
            elif kind == r.FPDF_PAGEOBJ_PATH:
                self._path(obj, m)
            elif kind == r.FPDF_PAGEOBJ_IMAGE:
                x0, y0, x1, y1 = _apply(m, self.px.bounds(obj))
                self.page.image_area += max(x1 - x0, 0) * max(y1 - y0, 0)
            elif kind == r.FPDF_PAGEOBJ_FORM and depth < _MAX_FORM_DEPTH:
                inner = _mul(self.px.matrix(obj), m)
                n = r.FPDFFormObj_CountObjects(obj)
                self.walk(n, functools.partial(r.FPDFFormObj_GetObject, obj), inner, depth + 1)

    def _text(self, obj: Any, m: _Matrix) -> None:
        px = self.px
        a, b, c, d, _e, f = _mul(px.matrix(obj), m)
        if abs(b) > 0.05 * abs(a) or a <= 0:
            # Rotated text is a watermark or a margin note; it would scramble the lines. A
            # signing service's stamp up the margin is noise nobody need be told of.
            if not STAMP.match(px.text(obj, self.textpage).strip()):
                self.page.rotated += 1
            return
        text = px.text(obj, self.textpage)
        if not text.strip():
            return
        x0, y0, x1, y1 = _apply(m, px.bounds(obj))
        fs = px.f[0]
        px.r.FPDFTextObj_GetFontSize(obj, px.fp[0])
        size = fs.value * math.hypot(c, d) or (y1 - y0)
        self.page.chars += len(text)
        handle = address(obj)
        self.segs.append(
            Seg(x0, y0, x1, y1, f, text, round(size, 1), px.bold(obj), self.z, handle, obj)
        )

    def _path(self, obj: Any, m: _Matrix) -> None:
        r = self.px.r
        self.page.paths += 1
        fillmode = ctypes.c_int()
        stroke = ctypes.c_int()
        r.FPDFPath_GetDrawMode(obj, ctypes.byref(fillmode), ctypes.byref(stroke))
        if not fillmode.value and not stroke.value:
            return  # a clipping path: nothing is drawn
        segments = r.FPDFPath_CountSegments(obj)
        x0, y0, x1, y1 = _apply(m, self.px.bounds(obj))
        red, green, blue, alpha = self.px.fill(obj) if fillmode.value else (255, 255, 255, 0)
        if segments > 5:
            if segments <= _MAX_RULED_SEGMENTS:
                self._polyline(obj, m, segments)
        elif x1 - x0 <= _THIN or y1 - y0 <= _THIN:
            self.page.edges.append((x0, y0, x1, y1))  # a rule: a line or a thin bar
        elif stroke.value:
            # A stroked rectangle (a cell's border) gives four edges, as in pdfplumber. A filled
            # one does not, unlike pdfplumber: Word shades a cell line by line, and each
            # shaded line read as a frame would cut the cell into rows of their own.
            self.page.edges += [
                (x0, y0, x1, y0), (x0, y1, x1, y1), (x0, y0, x0, y1), (x1, y0, x1, y1)
            ]  # fmt: skip
        if not fillmode.value or segments > 12 or alpha < 200 or x1 - x0 < 3 or y1 - y0 < 3:
            return
        if max(red, green, blue) > DARK:
            if segments <= 5:
                self.covers.append(Box(x0, y0, x1, y1, self.z))
            return
        self.boxes.append(Box(x0, y0, x1, y1, self.z))

    def _polyline(self, obj: Any, m: _Matrix, segments: int) -> None:
        """The straight horizontal and vertical strokes of a path drawn as one object (a table
        grid drawn in one go), as edges."""
        r = self.px.r
        a, b, c, d, e, f = _mul(self.px.matrix(obj), m)
        x = ctypes.c_float()
        y = ctypes.c_float()
        prev: tuple[float, float] | None = None
        for i in range(segments):
            seg = r.FPDFPath_GetPathSegment(obj, i)
            r.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
            px_, py_ = a * x.value + c * y.value + e, b * x.value + d * y.value + f
            kind = r.FPDFPathSegment_GetType(seg)
            if kind == r.FPDF_SEGMENT_LINETO and prev is not None:
                lx0, lx1 = sorted((prev[0], px_))
                ly0, ly1 = sorted((prev[1], py_))
                if lx1 - lx0 <= _THIN or ly1 - ly0 <= _THIN:
                    self.page.edges.append((lx0, ly0, lx1, ly1))
            prev = (px_, py_)

    def annotation_boxes(self, raw_page: Any) -> None:
        """Redact annotations, and black Square or Highlight annotations, over the page."""
        px = self.px
        r = px.r
        for i in range(r.FPDFPage_GetAnnotCount(raw_page)):
            annot = r.FPDFPage_GetAnnot(raw_page, i)
            if not annot:
                continue
            try:
                sub = r.FPDFAnnot_GetSubtype(annot)
                if sub not in (r.FPDF_ANNOT_REDACT, r.FPDF_ANNOT_SQUARE, r.FPDF_ANNOT_HIGHLIGHT):
                    continue
                if sub != r.FPDF_ANNOT_REDACT:
                    which = (
                        r.FPDFANNOT_COLORTYPE_InteriorColor
                        if sub == r.FPDF_ANNOT_SQUARE
                        else r.FPDFANNOT_COLORTYPE_Color
                    )
                    if not r.FPDFAnnot_GetColor(annot, which, *px.up):
                        continue
                    if max(px.u[0].value, px.u[1].value, px.u[2].value) > DARK:
                        continue
                rect = r.FS_RECTF()
                if not r.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
                    continue
                x0, x1 = sorted((rect.left, rect.right))
                y0, y1 = sorted((rect.bottom, rect.top))
                # Annotations are drawn above all page content.
                self.boxes.append(Box(x0, y0, x1, y1, 1 << 30))
            finally:
                r.FPDFPage_CloseAnnot(annot)


def read_page(px: Pdfium, pdf: Any, index: int) -> tuple[Page, list[Seg]]:
    """Page ``index`` (0-based) of ``pdf`` and its text runs, redaction boxes applied."""
    r = px.r
    page_obj = pdf[index]
    try:
        left, bottom, right, top = page_obj.get_bbox()
        page = Page(index + 1, right - left, top - bottom, bottom)
        textpage = page_obj.get_textpage()
        try:
            raw_page = page_obj.raw
            walker = _Walker(px, textpage.raw, page)
            walker.walk(
                r.FPDFPage_CountObjects(raw_page),
                lambda k: r.FPDFPage_GetObject(raw_page, k),
                _IDENTITY,
            )
            walker.annotation_boxes(raw_page)
            # Keep what is on the visible page (crop box).
            segs = [s for s in walker.segs if s.x1 > left and s.x0 < right and s.y1 > bottom]
            boxes = [
                b
                for b in walker.boxes
                if b.x1 > left and b.x0 < right and b.y1 > bottom and not _covered(b, walker.covers)
            ]
            if boxes:
                redact(px, textpage.raw, page, segs, boxes)
                inline_stand_ins(page, segs)
            for s in segs:
                s.raw = None
        finally:
            textpage.close()
    finally:
        page_obj.close()
    return page, segs
