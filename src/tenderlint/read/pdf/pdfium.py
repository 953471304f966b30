"""Access to PDFium (pypdfium2): opening a document and the raw calls the reader makes."""

from __future__ import annotations

import ctypes
import re
from typing import Any

from tenderlint.read.failure import ReadFailure

_PDF_DATE = re.compile(r"^(?:D:)?((?:19|20)\d\d)(\d\d)(\d\d)")
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|,b$|-b$|\bbd\b", re.IGNORECASE)


def address(pointer: Any) -> int:
    """What a PDFium handle points at, as a number (0 for NULL). Not ``ctypes.cast``: its
    result and the pointer refer to each other, a cycle per call that only the cycle collector
    frees (a 400-page PDF left 96,000 objects and 24 MB to it)."""
    return ctypes.c_void_p.from_buffer(pointer).value or 0


class Pdfium:
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

    def open(self, data: bytes) -> Any:
        """The PdfDocument of ``data``, or ReadFailure saying why it cannot be opened."""
        try:
            return self.pdfium.PdfDocument(data)
        except self.pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == self.r.FPDF_ERR_PASSWORD:
                raise ReadFailure(
                    "encrypted PDF: a password is needed to open it; save an unprotected copy"
                ) from None
            if code == self.r.FPDF_ERR_SECURITY:
                raise ReadFailure(
                    "encrypted PDF with an unsupported security handler; save an unprotected copy"
                ) from None
            if b"%%EOF" not in data[-2048:]:
                raise ReadFailure(
                    "damaged PDF: the file is truncated (no end-of-file marker)"
                ) from None
            raise ReadFailure("damaged PDF: its structure cannot be parsed") from None

    def date(self, pdf: Any) -> str | None:
        """The document's ModDate, else its CreationDate, as yyyy-mm-dd ("D:20230512...")."""
        try:
            meta = pdf.get_metadata_dict()
        except self.pdfium.PdfiumError:
            return None
        for key in ("ModDate", "CreationDate"):
            m = _PDF_DATE.match(str(meta.get(key) or ""))
            if m and "01" <= m.group(2) <= "12" and "01" <= m.group(3) <= "31":
                return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
        return None

    def bounds(self, obj: Any) -> tuple[float, float, float, float]:
        """A page object's bounding box in its parent's space."""
        f = self.f
        self.r.FPDFPageObj_GetBounds(obj, *self.fp)
        return f[0].value, f[1].value, f[2].value, f[3].value

    def matrix(self, obj: Any) -> tuple[float, float, float, float, float, float]:
        """A page object's transformation matrix."""
        self.r.FPDFPageObj_GetMatrix(obj, self.mp)
        m = self.m
        return m.a, m.b, m.c, m.d, m.e, m.f

    def fill(self, obj: Any) -> tuple[int, int, int, int]:
        """A page object's fill colour (RGBA)."""
        u = self.u
        if not self.r.FPDFPageObj_GetFillColor(obj, *self.up):
            return 0, 0, 0, 255  # PDF's default fill colour is black
        return u[0].value, u[1].value, u[2].value, u[3].value

    def text(self, obj: Any, textpage: Any) -> str:
        """The text a text object shows."""
        n = self.r.FPDFTextObj_GetText(obj, textpage, self.buf, self.buf_len * 2)
        if n > self.buf_len * 2:  # long run: grow the buffer and ask again
            self.buf_len = n
            self.buf = (ctypes.c_ushort * n)()
            n = self.r.FPDFTextObj_GetText(obj, textpage, self.buf, self.buf_len * 2)
        if n <= 2:
            return ""
        return ctypes.string_at(self.buf, n - 2).decode("utf-16-le", errors="replace")

    def bold(self, obj: Any) -> bool:
        """Whether a text object's font is bold, by name, weight or flags (cached per font)."""
        r = self.r
        font = r.FPDFTextObj_GetFont(obj)
        key = address(font)
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
