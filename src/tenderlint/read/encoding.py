"""The character encoding of a text file (plain text, Markdown, HTML): bytes in, text out."""

from __future__ import annotations

import codecs
import re

from tenderlint.read.failure import ReadFailure

# <meta charset="utf-8"> or <meta http-equiv="Content-Type" content="text/html; charset=...">
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I
)
_CP1252_WARNING = "not valid UTF-8: decoded as Windows-1252 (cp1252); check quotes and symbols"


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with BOM; else cp1252 with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), []
    # UTF-32's little-endian mark begins with UTF-16's: test it first, or it reads as garbage.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        try:
            return data.decode("utf-32"), []
        except UnicodeDecodeError:
            raise ReadFailure("damaged UTF-32 text (it has a UTF-32 byte-order mark)") from None
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), []
    if b"\x00" in data[:4096]:
        raise ReadFailure("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [_CP1252_WARNING]


def decode_html(data: bytes) -> tuple[str, list[str]]:
    """Decode a web page: a byte-order mark first, then the page's own ``<meta charset>``,
    then as ``decode`` does. A declared charset that does not decode falls back with a
    warning rather than failing."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", errors="replace").lower()
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            codec = ""
        if codec and codec not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
            if codec in ("latin-1", "iso8859-1", "ascii"):
                # Browsers read pages labelled Latin-1 or ASCII as Windows-1252 (WHATWG).
                codec = "cp1252"
            if b"\x00" in data[:4096]:
                raise ReadFailure("binary content (NUL bytes), not text")
            try:
                return data.decode(codec), []
            except UnicodeDecodeError:
                text = data.decode(codec, errors="replace")
                return text, [
                    f"text does not match its declared charset {name}: some characters lost"
                ]
    return decode(data)
