"""The PDF reader: PDF bytes in, located blocks with pages, headings, clauses and redactions out.

How it reads, and why:

* Text comes from PDFium (pypdfium2) one *text object* at a time: a text object is one
  show-text operator, usually a line or a run of one font, with its bounds, font size, font and
  colour. That is 30-60 times faster than pdfminer/pdfplumber and than asking PDFium about every
  character, and gives everything layout needs. Characters are only fetched one by one on pages
  with redaction boxes, where the reader must know which characters a box covers.
* Lines are rebuilt from the objects by baseline, in columns: a clear vertical gutter with wide
  text on both sides makes a page two-column, read left column then right column.
* Running headers and footers are lines in the top or bottom margin whose text, digits
  ignored, repeats on at least 40% of pages; they are emitted once as HEADER/FOOTER blocks.
  Page numbers ("3", "Page 3 of 40", "- 3 -") in the margins are dropped.
* Lines join into paragraphs unless a vertical gap, a size change, an outdent, a clause number
  after a finished sentence, or a heading separates them; paragraphs continue across pages and
  columns when the sentence is unfinished. Headings are short lines in a bigger or bold font,
  or short capitalised lines.
* Line-end hyphens: see ``keep_line_end_hyphen``. Hyphens inside a line are always kept.
* Redaction boxes are filled near-black rectangles (paths) and Redact, black Square and black
  Highlight annotations. Text painted under a box, or in a dark colour over it, is hidden: each
  of its characters becomes "█" and it counts as leaked (recoverable). A box over no text stands
  for the number of characters its area would hold in the page's body font, written as "█".
  The shared marker scanner (read/redaction.py) then counts every redaction in the text.
"""

from __future__ import annotations

import ctypes
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tenderlint.model import BlockKind, Document
from tenderlint.read import Limits, ReadFailure
from tenderlint.read.redaction import LABEL, find_markers, measure
from tenderlint.read.structure import Outline, split_clause_number

BLOCK_CHAR = "\u2588"  # █: what a hidden character becomes in block text
# Characters PDFium puts where a line ends in a hyphen (it cannot tell a broken word from a
# compound), plus the hyphen-like characters a PDF may carry there itself.
_HYPHENS = "-\u00ad\u2010\u2011\x02\ufffe"
_BULLETS = "\u2022\u00b7\u25aa\u25e6\u2023\u2043\u25cf\u25a0\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u2013"
_BULLET = re.compile(rf"^([{_BULLETS}]|-(?=\s))\s*")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|pg\.?|p\.)\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014]$|^[ivxlc]{1,7}$",
    re.IGNORECASE,
)
_SCHEDULE = re.compile(
    r"^(schedule|annex|annexe|appendix|part|attachment)\s+[0-9A-Z]{1,4}\b", re.IGNORECASE
)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|,b$|-b$|\bbd\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
_CLOSERS = "\"')]\u2019\u201d "
_LEADER = re.compile(r"(?:\.\s*){4,}\s*\d{1,4}$|\s\d{1,4}$")

# Prefixes whose hyphen survives a line break whatever follows: "anti-bribery",
# "non-disclosure", "self-assessment", "cross-border", "post-termination", "third-party".
KEEP_PREFIXES = frozenset({"anti", "non", "self", "cross", "post", "well", "third"})
_VOWELS = "aeiou"

# Layout constants, in units of the font size unless stated.
_SPACE_GAP = 0.12  # a gap this wide between two objects on a line is a space
_CELL_GAP = 2.0  # a gap this wide separates table cells
_MARGIN = 0.15  # share of the page height at top and bottom where headers/footers live
_REPEAT = 0.4  # share of pages a margin line must appear on to be a running header/footer
_DARK = 80  # max RGB component of a "near black" fill
_WHOLE_PAGE = 0.9  # redacted share above which a page counts as redacted entirely


@dataclass(slots=True)
class _Seg:
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
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float
    z: int
    hidden: int = 0  # characters hidden under it
    over_light: float = 0.0  # width of light text painted over it (a label or a background)
    label_text: str = ""


@dataclass(slots=True)
class _Line:
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


@dataclass
class _Page:
    number: int
    width: float
    height: float
    bottom: float
    lines: list[_Line] = field(default_factory=list)
    chars: int = 0
    image_area: float = 0.0
    paths: int = 0
    rotated: int = 0
    leaked_boxes: int = 0
    boxes: int = 0


# -- PDFium access ------------------------------------------------------------------------------
class _Pdfium:
    """The raw PDFium calls the reader makes, with reusable out-parameters (speed)."""

    def __init__(self) -> None:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw

        self.pdfium = pdfium
        self.r = raw
        self.f = [ctypes.c_float() for _ in range(4)]
        self.fp = [ctypes.byref(v) for v in self.f]
        self.d = [ctypes.c_double() for _ in range(4)]
        self.dp = [ctypes.byref(v) for v in self.d]
        self.u = [ctypes.c_uint() for _ in range(4)]
        self.up = [ctypes.byref(v) for v in self.u]
        self.m = raw.FS_MATRIX()
        self.mp = ctypes.byref(self.m)
        self.buf_len = 4096
        self.buf = (ctypes.c_ushort * self.buf_len)()
        self.fonts: dict[int, bool] = {}

    def bounds(self, obj: Any) -> tuple[float, float, float, float]:
        f = self.f
        self.r.FPDFPageObj_GetBounds(obj, *self.fp)
        return f[0].value, f[1].value, f[2].value, f[3].value

    def matrix(self, obj: Any) -> tuple[float, float, float, float, float, float]:
        self.r.FPDFPageObj_GetMatrix(obj, self.mp)
        m = self.m
        return m.a, m.b, m.c, m.d, m.e, m.f

    def fill(self, obj: Any) -> tuple[int, int, int, int]:
        u = self.u
        if not self.r.FPDFPageObj_GetFillColor(obj, *self.up):
            return 0, 0, 0, 255  # PDF's default fill colour is black
        return u[0].value, u[1].value, u[2].value, u[3].value

    def text(self, obj: Any, textpage: Any) -> str:
        n = self.r.FPDFTextObj_GetText(obj, textpage, self.buf, self.buf_len * 2)
        if n > self.buf_len * 2:  # long run: grow the buffer and ask again
            self.buf_len = n
            self.buf = (ctypes.c_ushort * n)()
            n = self.r.FPDFTextObj_GetText(obj, textpage, self.buf, self.buf_len * 2)
        if n <= 2:
            return ""
        return ctypes.string_at(self.buf, n - 2).decode("utf-16-le", errors="replace")

    def bold(self, obj: Any) -> bool:
        r = self.r
        font = r.FPDFTextObj_GetFont(obj)
        key = ctypes.cast(font, ctypes.c_void_p).value or 0
        got = self.fonts.get(key)
        if got is None:
            n = r.FPDFFont_GetBaseFontName(font, None, 0)
            name = b""
            if n > 0:
                buf = ctypes.create_string_buffer(n)
                r.FPDFFont_GetBaseFontName(font, buf, n)
                name = buf.value
            weight = r.FPDFFont_GetWeight(font)
            flags = r.FPDFFont_GetFlags(font)
            got = bool(
                _BOLD_NAME.search(name.decode("latin-1")) or weight >= 600 or flags & (1 << 18)
            )
            self.fonts[key] = got
        return got


_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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


def _open(px: _Pdfium, data: bytes) -> Any:
    try:
        return px.pdfium.PdfDocument(data)
    except px.pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == px.r.FPDF_ERR_PASSWORD:
            raise ReadFailure(
                "encrypted PDF: a password is needed to open it; save an unprotected copy"
            ) from None
        if code == px.r.FPDF_ERR_SECURITY:
            raise ReadFailure(
                "encrypted PDF with an unsupported security handler; save an unprotected copy"
            ) from None
        if b"%%EOF" not in data[-2048:]:
            raise ReadFailure(
                "damaged PDF: the file is truncated (no end-of-file marker)"
            ) from None
        raise ReadFailure("damaged PDF: its structure cannot be parsed") from None


# -- one page -----------------------------------------------------------------------------------
def _walk(
    px: _Pdfium,
    count: int,
    get: Callable[[int], Any],
    m: _Matrix,
    textpage: Any,
    page: _Page,
    segs: list[_Seg],
    boxes: list[_Box],
    z: list[int],
    depth: int = 0,
) -> None:
    """Collect text runs, dark filled rectangles and image area, descending into forms."""
    r = px.r
    for i in range(count):
        obj = get(i)
        z[0] += 1
        kind = r.FPDFPageObj_GetType(obj)
        if kind == r.FPDF_PAGEOBJ_TEXT:
            a, b, c, d, _e, f = _mul(px.matrix(obj), m)
            if abs(b) > 0.05 * abs(a) or a <= 0:
                # Rotated text is a watermark or a margin note; it would scramble the lines.
                page.rotated += 1
                continue
            text = px.text(obj, textpage)
            if not text.strip():
                continue
            x0, y0, x1, y1 = _apply(m, px.bounds(obj))
            fs = px.f[0]
            r.FPDFTextObj_GetFontSize(obj, px.fp[0])
            size = fs.value * math.hypot(c, d) or (y1 - y0)
            page.chars += len(text)
            handle = ctypes.cast(obj, ctypes.c_void_p).value or 0
            segs.append(
                _Seg(x0, y0, x1, y1, f, text, round(size, 1), px.bold(obj), z[0], handle, obj)
            )
        elif kind == r.FPDF_PAGEOBJ_PATH:
            page.paths += 1
            fillmode = ctypes.c_int()
            stroke = ctypes.c_int()
            r.FPDFPath_GetDrawMode(obj, ctypes.byref(fillmode), ctypes.byref(stroke))
            if not fillmode.value or r.FPDFPath_CountSegments(obj) > 12:
                continue
            red, green, blue, alpha = px.fill(obj)
            if max(red, green, blue) > _DARK or alpha < 200:
                continue
            x0, y0, x1, y1 = _apply(m, px.bounds(obj))
            if x1 - x0 >= 3 and y1 - y0 >= 3:
                boxes.append(_Box(x0, y0, x1, y1, z[0]))
        elif kind == r.FPDF_PAGEOBJ_IMAGE:
            x0, y0, x1, y1 = _apply(m, px.bounds(obj))
            page.image_area += max(x1 - x0, 0) * max(y1 - y0, 0)
        elif kind == r.FPDF_PAGEOBJ_FORM and depth < 12:
            inner = _mul(px.matrix(obj), m)
            n = r.FPDFFormObj_CountObjects(obj)
            _walk(
                px,
                n,
                functools.partial(r.FPDFFormObj_GetObject, obj),
                inner,
                textpage,
                page,
                segs,
                boxes,
                z,
                depth + 1,
            )


def _annotation_boxes(px: _Pdfium, raw_page: Any, boxes: list[_Box]) -> None:
    """Redact annotations, and black Square or Highlight annotations, drawn over the page."""
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
                if max(px.u[0].value, px.u[1].value, px.u[2].value) > _DARK:
                    continue
            rect = r.FS_RECTF()
            if not r.FPDFAnnot_GetRect(annot, ctypes.byref(rect)):
                continue
            x0, x1 = sorted((rect.left, rect.right))
            y0, y1 = sorted((rect.bottom, rect.top))
            # Annotations are drawn above all page content.
            boxes.append(_Box(x0, y0, x1, y1, 1 << 30))
        finally:
            r.FPDFPage_CloseAnnot(annot)


def _overlaps(s: _Seg | _Box, b: _Box) -> bool:
    return s.x0 < b.x1 and s.x1 > b.x0 and s.y0 < b.y1 and s.y1 > b.y0


def _redact(px: _Pdfium, textpage: Any, page: _Page, segs: list[_Seg], boxes: list[_Box]) -> None:
    """Hide the text under redaction boxes and stand in for boxes over removed text.

    A box hides text painted before it, and dark text painted over it (black on black). Light
    text painted over a box is visible: a short one is the box's label ("s.43"), a long one
    means the box is a dark background (a table header), not a redaction.
    """
    r = px.r
    # Merge boxes drawn twice (fill then outline, or an annotation over a burnt-in box).
    merged: list[_Box] = []
    for b in sorted(boxes, key=lambda b: (b.z, -b.y1, b.x0)):
        for m in merged:
            ix = min(b.x1, m.x1) - max(b.x0, m.x0)
            iy = min(b.y1, m.y1) - max(b.y0, m.y0)
            if (
                ix > 0
                and iy > 0
                and ix * iy
                >= 0.8 * min((b.x1 - b.x0) * (b.y1 - b.y0), (m.x1 - m.x0) * (m.y1 - m.y0))
            ):
                m.x0, m.y0 = min(m.x0, b.x0), min(m.y0, b.y0)
                m.x1, m.y1 = max(m.x1, b.x1), max(m.y1, b.y1)
                m.z = max(m.z, b.z)
                break
        else:
            merged.append(b)
    boxes = merged
    hiding: dict[int, list[_Box]] = {}
    for s in segs:
        for b in boxes:
            if not _overlaps(s, b):
                continue
            if s.z < b.z:
                hiding.setdefault(id(s), []).append(b)
                continue
            red, green, blue, _a = px.fill(s.raw)
            if max(red, green, blue) <= _DARK:
                hiding.setdefault(id(s), []).append(b)
            else:
                b.over_light += min(s.x1, b.x1) - max(s.x0, b.x0)
                b.label_text += f" {s.text}"
    # Light text over a dark box is either the box's label ("s.43 FOIA", "Redacted") or the
    # box is a dark background (a table header) and no redaction at all.
    real = [
        b
        for b in boxes
        if not b.over_light
        or (b.over_light < 0.5 * (b.x1 - b.x0) and _looks_like_label(b.label_text))
    ]
    if not real:
        return
    if hiding:
        # Which characters belong to which text object: asked only on pages with boxes.
        chars: dict[int, list[int]] = {}
        for i in range(r.FPDFText_CountChars(textpage)):
            obj = ctypes.cast(r.FPDFText_GetTextObject(textpage, i), ctypes.c_void_p).value
            if obj:
                chars.setdefault(obj, []).append(i)
        rect = r.FS_RECTF()
        for s in segs:
            over = [b for b in hiding.get(id(s), ()) if b in real]
            if not over:
                continue
            out: list[str] = []
            for i in chars.get(s.handle, ()):
                ch = chr(r.FPDFText_GetUnicode(textpage, i))
                r.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(rect))
                cx = (rect.left + rect.right) / 2
                cy = (rect.top + rect.bottom) / 2
                hit = next((b for b in over if b.x0 <= cx <= b.x1 and b.y0 <= cy <= b.y1), None)
                if hit is not None and ch not in "\r\n":
                    out.append(BLOCK_CHAR)
                    hit.hidden += 1
                else:
                    out.append(ch)
            if out:
                s.text = "".join(out)
    sizes = Counter(round(s.size * 2) / 2 for s in segs if BLOCK_CHAR not in s.text)
    size = float(sizes.most_common(1)[0][0]) if sizes else 10.0
    for b in real:
        page.boxes += 1
        if b.hidden:
            page.leaked_boxes += 1
            continue
        if b.x1 - b.x0 < 10 or b.y1 - b.y0 < 5:
            continue  # a bullet or a rule, not a box over removed text
        # Text removed under the box: it stood for as many characters as its area holds in
        # the body font (an average character is about half an em wide, a line 1.2 em high).
        line_h = 1.2 * size
        rows = max(1, round((b.y1 - b.y0) / line_h))
        per_row = max(1, round((b.x1 - b.x0) / (0.5 * size)))
        # One run on the box's first line: one redaction, however many lines it covers.
        base = b.y1 - min(b.y1 - b.y0, line_h) + 0.25 * line_h
        # Sit on the baseline of text beside the box, so it joins that line.
        for s in segs:
            if abs(s.base - base) < 0.5 * line_h and s.y0 < b.y1 and s.y1 > b.y1 - line_h:
                base = s.base
                break
        segs.append(
            _Seg(b.x0, base - 0.2 * size, b.x1, base + 0.8 * size, base,
                 BLOCK_CHAR * (rows * per_row), size, False, b.z)
        )  # fmt: skip
        b.hidden += rows * per_row


def _looks_like_label(text: str) -> bool:
    low = text.lower()
    return bool(LABEL.search(text)) or any(w in low for w in ("redact", "exempt", "withheld"))


def _read_page(px: _Pdfium, pdf: Any, index: int) -> tuple[_Page, list[_Seg]]:
    r = px.r
    page_obj = pdf[index]
    try:
        left, bottom, right, top = page_obj.get_bbox()
        page = _Page(index + 1, right - left, top - bottom, bottom)
        textpage = page_obj.get_textpage()
        try:
            segs: list[_Seg] = []
            boxes: list[_Box] = []
            raw_page = page_obj.raw
            _walk(
                px,
                r.FPDFPage_CountObjects(raw_page),
                lambda k: r.FPDFPage_GetObject(raw_page, k),
                _IDENTITY,
                textpage.raw,
                page,
                segs,
                boxes,
                [0],
            )
            _annotation_boxes(px, raw_page, boxes)
            # Keep what is on the visible page (crop box).
            segs = [s for s in segs if s.x1 > left and s.x0 < right and s.y1 > bottom]
            boxes = [b for b in boxes if b.x1 > left and b.x0 < right and b.y1 > bottom]
            if boxes:
                _redact(px, textpage.raw, page, segs, boxes)
            for s in segs:
                s.raw = None
        finally:
            textpage.close()
    finally:
        page_obj.close()
    return page, segs


# -- layout: columns and lines ------------------------------------------------------------------
def _gutter(segs: Sequence[_Seg]) -> tuple[float, float] | None:
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


def _group_lines(segs: list[_Seg], page: int, column: int) -> list[_Line]:
    lines: list[list[_Seg]] = []
    for s in sorted(segs, key=lambda s: (-s.base, s.x0)):
        if lines:
            cur = lines[-1]
            ref = cur[0]
            if abs(ref.base - s.base) <= 0.4 * max(ref.size, s.size):
                cur.append(s)
                continue
        lines.append([s])
    out: list[_Line] = []
    for group in lines:
        group.sort(key=lambda s: s.x0)
        cells: list[str] = []
        parts: list[str] = []
        prev: _Seg | None = None
        for s in group:
            text = s.text.replace("\r", "").replace("\n", " ")
            if prev is not None:
                gap = s.x0 - prev.x1
                size = max(prev.size, s.size)
                if gap >= _CELL_GAP * size:
                    cells.append("".join(parts).strip())
                    parts = []
                elif gap > _SPACE_GAP * size and not parts[-1].endswith(" ") and text[:1] != " ":
                    parts.append(" ")
            parts.append(text)
            prev = s
        cells.append("".join(parts).strip())
        cells = [c for c in cells if c]
        if not cells:
            continue
        # The size and weight of a line are those of most of its characters.
        weight: dict[float, int] = {}
        bold = 0
        total = 0
        for s in group:
            n = len(s.text)
            weight[s.size] = weight.get(s.size, 0) + n
            total += n
            bold += n if s.bold else 0
        out.append(
            _Line(
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
        )
    return out


def _layout(page: _Page, segs: list[_Seg]) -> list[_Line]:
    """The page's lines in reading order: spanning lines and columns, top to bottom."""
    if not segs:
        return []
    gutter = _gutter(segs)
    if gutter is None:
        lines = _group_lines(segs, page.number, 0)
        edge = max(s.x1 for s in segs)
        for ln in lines:
            ln.col_x1 = edge
        return lines
    # A line may reach into the gutter; one over its middle spans both columns.
    mid = (gutter[0] + gutter[1]) / 2
    left = [s for s in segs if s.x1 <= mid]
    right = [s for s in segs if s.x0 >= mid]
    span = [s for s in segs if s.x0 < mid < s.x1]
    lcol = _group_lines(left, page.number, 0)
    rcol = _group_lines(right, page.number, 1)
    scol = _group_lines(span, page.number, 2)
    lx = max(s.x1 for s in left)
    rx = max(s.x1 for s in right)
    for ln in lcol:
        ln.col_x1 = lx
    for ln in rcol + scol:
        ln.col_x1 = rx
    ordered: list[_Line] = []
    # A line spanning both columns (a heading) closes the columns above it.
    for s in sorted(scol, key=lambda ln: -ln.base):
        ordered += [ln for ln in lcol if ln.base > s.base]
        ordered += [ln for ln in rcol if ln.base > s.base]
        lcol = [ln for ln in lcol if ln.base <= s.base]
        rcol = [ln for ln in rcol if ln.base <= s.base]
        ordered.append(s)
    return ordered + lcol + rcol


# -- running headers, footers and page numbers ----------------------------------------------------
def _key(text: str, size: float) -> str:
    """What repeats in a running header: the text with its digits (page numbers) ignored."""
    return f"{round(size)}:" + " ".join(re.sub(r"\d+", "#", text).split())


def _margin_lines(page: _Page) -> tuple[list[_Line], list[_Line]]:
    """The first and last few lines of a page when they sit in the top or bottom margin."""
    by_y = sorted(page.lines, key=lambda ln: -ln.base)
    top_edge = page.bottom + page.height * (1 - _MARGIN)
    bottom_edge = page.bottom + page.height * _MARGIN
    top = [ln for ln in by_y[:3] if ln.base >= top_edge]
    bottom = [ln for ln in by_y[-3:] if ln.base <= bottom_edge]
    return top, [ln for ln in bottom if ln not in top]


def _strip_running(pages: list[_Page]) -> dict[int, list[tuple[BlockKind, str]]]:
    """Remove running headers/footers and page numbers from the pages' lines.

    Returns the header/footer blocks to emit, by page: each distinct one once, on the page
    where it first appears. Page numbers are dropped.
    """
    counts: Counter[tuple[str, str]] = Counter()
    margins: list[tuple[list[_Line], list[_Line]]] = []
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
    need = max(2, math.ceil(_REPEAT * text_pages))
    emitted: set[tuple[str, str]] = set()
    out: dict[int, list[tuple[BlockKind, str]]] = {}
    for page, (top, bottom) in zip(pages, margins, strict=True):
        drop: set[int] = set()
        for where, lines in (("top", top), ("bottom", bottom)):
            kind = BlockKind.HEADER if where == "top" else BlockKind.FOOTER
            for ln in lines:
                keep: list[str] = []
                running_cells: list[str] = []
                number_cells = 0
                for cell in ln.cells:
                    if _PAGE_NUMBER.match(cell.strip()):
                        number_cells += 1
                    elif counts[(where, _key(cell, ln.size))] >= need:
                        running_cells.append(cell)
                    else:
                        keep.append(cell)
                for cell in running_cells:
                    key = (where, _key(cell, ln.size))
                    if key not in emitted:
                        emitted.add(key)
                        out.setdefault(page.number, []).append((kind, cell))
                if keep and number_cells:
                    # A number beside body text ("1  The Supplier shall") is a clause number.
                    keep = [c for c in ln.cells if c not in running_cells]
                if len(keep) == len(ln.cells):
                    continue
                if keep:
                    ln.cells = keep
                    ln.text = " ".join(keep)
                else:
                    drop.add(id(ln))
        if drop:
            page.lines = [ln for ln in page.lines if id(ln) not in drop]
    return out


# -- hyphenation ------------------------------------------------------------------------------
def keep_line_end_hyphen(left: str, right: str, vocabulary: Counter[str]) -> bool:
    """Whether the hyphen between ``left`` (at a line end) and ``right`` (next line) is real.

    PDFs do not say whether a line-end hyphen was put there by hyphenation or belongs to the
    word, so, without a dictionary:

    1. the document itself decides when it uses one of the spellings mid-line more often than
       the other ("sub-contractor" or "subcontractor");
    2. otherwise the hyphen is kept when the next part starts with a capital or a digit
       ("non-\\nUK", "Covid-\\n19"), when the first part is an acronym or has a digit
       ("GDPR-\\ncompliant"), when it is a prefix that keeps its hyphen ("anti-", "non-",
       "self-", "cross-", "post-", "well-", "third-"), or when a prefix ending in a vowel meets
       the same vowel ("co-\\noperate", "re-\\nenter", "pre-\\nexisting"), as English spells them;
    3. otherwise the word was broken by hyphenation and is joined ("in-\\ndemnify").
    """
    joined = (left + right).lower()
    hyphenated = f"{left}-{right}".lower()
    if vocabulary[hyphenated] != vocabulary[joined]:
        return vocabulary[hyphenated] > vocabulary[joined]
    if not right or not left:
        return True
    if right[0].isupper() or right[0].isdigit():
        return True
    if any(c.isdigit() for c in left) or any(c.isupper() for c in left[1:]):
        return True
    low = left.lower()
    if low in KEEP_PREFIXES:
        return True
    return low[-1] in _VOWELS and right[0].lower() == low[-1] and len(low) <= 4


def _vocabulary(pages: Iterable[_Page]) -> Counter[str]:
    """Words as the document spells them, hyphenated or not, to settle line-end hyphens.

    Line-end fragments ("in", "demnify") are counted too, but they are never what is asked.
    """
    text = "\n".join(ln.text for page in pages for ln in page.lines).lower()
    return Counter(_WORD.findall(text))


def _join(text: str, nxt: str, vocab: Counter[str]) -> str:
    """Append the next line of a paragraph, repairing a line-end hyphen."""
    if text and text[-1] in _HYPHENS:
        m = re.search(r"([A-Za-z0-9]+)[" + _HYPHENS + r"]$", text)
        n = re.match(r"[A-Za-z0-9]+", nxt)
        if m and n and m.group(1)[-1].isalpha():
            head = text[:-1]
            if keep_line_end_hyphen(m.group(1), n.group(0), vocab):
                return f"{head}-{nxt}"
            return head + nxt
        if m:  # "2019-\n2020": a range, not a hyphenated word
            return text[:-1] + "-" + nxt
        return text[:-1].rstrip() + " - " + nxt if text[:-1].strip() else nxt
    return f"{text} {nxt}"


# -- paragraphs -------------------------------------------------------------------------------
def _clean(text: str) -> str:
    """Make the marks PDFium puts on line-end hyphens into hyphens again."""
    return text.replace("\x02", "-").replace("\ufffe", "-")


_BLOCK_RANGE = re.compile("[\u2580-\u259f]")
# Words every bracketed or phrase marker contains (see redaction.MARKER).
_MARK_WORDS = ("redact", "withheld", "sensitive", "exempt", "confidential", "publication")


def _may_mark(text: str) -> bool:
    """A cheap test that passes every text the (slow) redaction marker scan could match."""
    if _BLOCK_RANGE.search(text):
        return True
    low = text.lower()
    return any(w in low for w in _MARK_WORDS)


def _ended(text: str) -> bool:
    """Whether a paragraph so far ends a sentence or a list item ("...; and")."""
    tail = text[-8:].rstrip(_CLOSERS)
    return tail[-1:] in (".", ";", ":", "!", "?") or tail.endswith((" and", " or"))


def _is_heading(ln: _Line, body: float) -> bool:
    text = ln.text.strip()
    if not text or len(text) > 120 or len(text.split()) > 16 or len(ln.cells) > 1:
        return False
    if text[0].islower() or BLOCK_CHAR in text:
        return False
    bigger = ln.size >= body * 1.12
    if text.endswith((",", ";")) or (text.endswith((".", ":")) and not bigger):
        return False
    if bigger or ln.bold:
        return any(c.isalpha() for c in text)
    letters = [c for c in text if c.isalpha()]
    _num, rest = split_clause_number(text)
    if len(letters) >= 4 and rest.isupper() and len(text.split()) <= 10:
        return True
    return bool(_SCHEDULE.match(text) and len(text.split()) <= 8)


def _heading_level(text: str, size: float, sizes: list[float]) -> int:
    number, _rest = split_clause_number(text)
    if number and number[0].isdigit():
        return number.rstrip(".").count(".") + 1
    if _SCHEDULE.match(text):
        return 1
    bigger = [s for s in sizes if s > size + 0.25]
    return min(len(set(bigger)) + 1, 3)


def _mode(values: Iterable[float], default: float) -> float:
    c = Counter(values)
    return c.most_common(1)[0][0] if c else default


def _page_list(numbers: Sequence[int]) -> str:
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


def _build(pages: list[_Page], outline: Outline) -> None:
    """Turn the pages' lines into headings and paragraphs, in reading order."""
    running = _strip_running(pages)
    vocab = _vocabulary(pages)
    lines = [ln for p in pages for ln in p.lines]
    body = _mode((ln.size for ln in lines for _ in range(len(ln.text) // 20 + 1)), 10.0)
    heading_sizes = sorted({ln.size for ln in lines if ln.size >= body * 1.12}, reverse=True)
    # The usual distance between the baselines of two lines of one paragraph.
    steps: list[float] = []
    for a, b in itertools.pairwise(lines):
        if a.page == b.page and a.column == b.column and abs(a.size - body) < 0.6:
            d = round(a.base - b.base, 1)
            if 0.9 * body <= d <= 2.5 * body:
                steps.append(d)
    leading = _mode(steps, body * 1.2)

    para: list[_Line] = []
    text = ""
    kind = BlockKind.PARAGRAPH
    depth = 0

    def flush() -> None:
        nonlocal para, text, kind, depth
        if para:
            body_text = text.strip()
            marks = find_markers(body_text) if _may_mark(body_text) else []
            whole = bool(marks) and all(m.whole_block for m in marks)
            outline.add(
                body_text,
                kind,
                page=para[0].page,
                depth=depth or None,
                redacted=whole,
            )
        para, text, kind, depth = [], "", BlockKind.PARAGRAPH, 0

    def starts_new(prev: _Line, ln: _Line, first: _Line) -> bool:
        ended = _ended(text)
        if kind is BlockKind.TABLE_ROW or len(ln.cells) >= 3:
            return True
        if abs(ln.size - prev.size) > 0.15 * max(prev.size, 1):
            return True
        if _BULLET.match(ln.text):
            return True
        number, _rest = split_clause_number(ln.text)
        if ln.page != prev.page or ln.column != prev.column:
            # Over a page or column break a paragraph goes on while its sentence does.
            return ended or number is not None or text.rstrip()[-1:] in ".!?"
        gap = prev.base - ln.base
        if gap < -0.5 * ln.size or gap > leading * 1.3 + 0.5:
            return True
        if number is not None and (ended or ln.x0 < prev.x0 - 2):
            return True
        if ln.x0 < prev.x0 - 2 and prev is not first:
            return True  # an outdent after a continuation line: hanging-indent clause
        if ln.x0 > prev.x0 + ln.size and prev is not first and kind is not BlockKind.LIST_ITEM:
            return True  # a first-line indent
        col_width = max(prev.col_x1 - min(prev.x0, first.x0), 1)
        return ended and prev.x1 < prev.col_x1 - 0.25 * col_width

    left_edge = _mode((round(ln.x0) for ln in lines), 0.0)
    # Running headers and footers are emitted once, where a page first shows them, between
    # paragraphs (a paragraph running over the page break is finished first).
    pending: list[tuple[BlockKind, str, int]] = []

    def emit_running() -> None:
        if not para:
            for k, t, p in pending:
                outline.add(t, k, page=p)
            pending.clear()

    page_no = 0
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln.page != page_no:
            for p in range(page_no + 1, ln.page + 1):
                got = sorted(running.get(p, ()), key=lambda kt: kt[0] is BlockKind.FOOTER)
                pending.extend((k, t, p) for k, t in got)
            page_no = ln.page
            emit_running()
        line_text = _clean(ln.text)
        if _is_heading(ln, body) and not (
            para and kind is not BlockKind.TABLE_ROW and not starts_new(para[-1], ln, para[0])
        ):
            flush()
            emit_running()
            heading = line_text
            # A heading wrapped over two lines in the same style is one heading.
            while i + 1 < len(lines):
                nx = lines[i + 1]
                if (
                    nx.page == ln.page
                    and nx.size == ln.size
                    and nx.bold == ln.bold
                    and 0 < ln.base - nx.base <= 1.6 * ln.size
                    and _is_heading(nx, body)
                    and split_clause_number(nx.text)[0] is None
                    and not _SCHEDULE.match(nx.text)
                    and (nx.text[:1].islower() or not split_clause_number(heading)[0])
                ):
                    heading = f"{heading} {_clean(nx.text)}"
                    ln = nx
                    i += 1
                else:
                    break
            outline.heading(heading, _heading_level(heading, ln.size, heading_sizes), page=ln.page)
            i += 1
            continue
        toc = ("...." in line_text or "\u2026" in line_text) and _LEADER.search(line_text)
        if len(ln.cells) >= 3 or toc:
            # Table rows, and contents entries, are not clauses.
            flush()
            emit_running()
            cells = ln.cells if len(ln.cells) >= 2 else [line_text]
            outline.add(" | ".join(_clean(c) for c in cells), BlockKind.TABLE_ROW, page=ln.page)
            i += 1
            continue
        if (
            para
            and not starts_new(para[-1], ln, para[0])
            and (kind is not BlockKind.LIST_ITEM or ln.x0 >= para[0].x0 - 2)
        ):
            para.append(ln)
            text = _join(text, line_text, vocab)
            i += 1
            continue
        flush()
        emit_running()
        bullet = _BULLET.match(line_text)
        if bullet:
            kind = BlockKind.LIST_ITEM
            depth = 1 + max(0, round((ln.x0 - left_edge) / 18))
            line_text = line_text[bullet.end() :]
        para = [ln]
        text = line_text
        i += 1
    flush()
    last = pages[-1].number if pages else 0
    for p in range(page_no + 1, last + 1):
        pending.extend((k, t, p) for k, t in running.get(p, ()))
    emit_running()


# -- the reader -------------------------------------------------------------------------------
def read_pdf(data: bytes, path: str, sha256: str, limits: Limits) -> Document:
    """Read a PDF into a Document, or raise ReadFailure with a one-line reason."""
    px = _Pdfium()
    pdf = _open(px, data)
    try:
        n = len(pdf)
        if n == 0:
            raise ReadFailure("PDF has no pages")
        if n > limits.max_pages:
            raise ReadFailure(f"PDF has {n} pages, over the {limits.max_pages} page limit")
        pages: list[_Page] = []
        unreadable: list[int] = []
        for index in range(n):
            try:
                page, segs = _read_page(px, pdf, index)
            except px.pdfium.PdfiumError:
                unreadable.append(index + 1)
                continue
            page.lines = _layout(page, segs)
            pages.append(page)
    finally:
        pdf.close()
    return _document(pages, unreadable, n, data, path, sha256)


def _document(
    pages: list[_Page], unreadable: list[int], n: int, data: bytes, path: str, sha256: str
) -> Document:
    warnings: list[str] = []
    measures: dict[str, float] = {}
    text_pages = [p for p in pages if p.lines]
    no_text = [
        p.number
        for p in pages
        if not p.lines and (p.image_area >= 0.1 * p.width * p.height or p.paths >= 200)
    ]
    if not text_pages:
        if unreadable and not no_text:
            raise ReadFailure("damaged PDF: no page could be read")
        raise ReadFailure("no extractable text: scanned image? run OCR first")
    if no_text:
        measures["image_only_pages"] = len(no_text)
        warnings.append(
            f"{len(no_text)} of {n} pages are images with no text layer "
            f"(page{'s' if len(no_text) > 1 else ''} {_page_list(no_text)}): "
            "their text was not read; run OCR first"
        )
    if unreadable:
        plural = "s" if len(unreadable) > 1 else ""
        warnings.append(f"page{plural} {_page_list(unreadable)} could not be read (damaged)")
    if b"%%EOF" not in data[-2048:]:
        warnings.append("the file looks truncated (no end-of-file marker): text may be missing")
    rotated = [p.number for p in pages if p.rotated]
    if rotated:
        plural = "s" if len(rotated) > 1 else ""
        warnings.append(
            f"rotated text on page{plural} {_page_list(rotated)} was not read "
            "(a watermark or a margin note?)"
        )
    leaked = [p for p in pages if p.leaked_boxes]
    leaked_n = sum(p.leaked_boxes for p in leaked)
    if leaked_n:
        nums = _page_list([p.number for p in leaked])
        where = f"page{'s' if len(leaked) > 1 else ''} {nums}"
        if leaked_n == 1:
            warnings.append(f"1 redaction box on {where} has text still under it (recoverable)")
        else:
            warnings.append(
                f"{leaked_n} redaction boxes on {where} have text still under them (recoverable)"
            )

    outline = Outline()
    _build(pages, outline)
    blocks = outline.blocks()
    per_page, whole = _page_redaction(pages)
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


def _page_redaction(pages: list[_Page]) -> tuple[tuple[tuple[int, float], ...], tuple[int, ...]]:
    per_page: list[tuple[int, float]] = []
    whole: list[int] = []
    for p in pages:
        hidden = 0
        visible = 0
        for ln in p.lines:
            marks = find_markers(ln.text) if _may_mark(ln.text) else []
            hidden += sum(m.hidden for m in marks)
            visible += len(ln.text) - sum(m.end - m.start for m in marks)
        if hidden:
            share = round(hidden / (hidden + visible), 4)
            per_page.append((p.number, share))
            if share >= _WHOLE_PAGE:
                whole.append(p.number)
    return tuple(per_page), tuple(whole)


__all__ = ["BLOCK_CHAR", "KEEP_PREFIXES", "keep_line_end_hyphen", "read_pdf"]
