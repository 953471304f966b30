"""Reading documents: any supported file in, one located ``Document`` out, or one clear error.

The format is decided by the file's content, checked against its name, so a PDF named
``.docx`` is an error rather than a crash. Heavy libraries are imported by the format modules
only when a file of that format is read, to keep start-up fast.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from tenderlint.model import Document, ReadError
from tenderlint.read import heap
from tenderlint.read.failure import (
    DEFAULT_MAX_BYTES,
    Limits,
    ReadFailure,
    check_lines,
    check_text,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "Limits",
    "ReadFailure",
    "display_path",
    "read_document",
    "sniff",
    "try_read",
]

SUFFIXES = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".odt": "odt",
}
_LEGACY = {
    ".doc": "legacy Word .doc files are not supported: save it as .docx",
    ".rtf": "RTF files are not supported: save it as .docx",
    ".pages": "Pages files are not supported: export it as .docx or PDF",
}


def sniff(data: bytes) -> str | None:
    """Name the format of ``data`` from its first bytes, or None when it is not recognised."""
    head = data[:1024]
    if head.lstrip(b"\x00\t\r\n ").startswith(b"%PDF-") or b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    return None


def _describe(kind: str | None) -> str:
    return {
        "pdf": "a PDF",
        "zip": "a zip archive",
        "ole": "an encrypted or legacy Office file",
        "rtf": "an RTF document",
    }.get(kind or "", "text")


def read_document(path: Path, display: str, limits: Limits | None = None) -> Document:
    """Read ``path`` into a Document; raise ReadFailure with a clear message if it cannot be.

    ``display`` is the relative POSIX path used in every message and report.
    """
    limits = limits or Limits()
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        hint = _LEGACY.get(path.suffix.lower())
        raise ReadFailure(hint or f"unsupported file type {path.suffix or '(no extension)'!r}")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ReadFailure("no such file") from None
    except OSError as exc:
        raise ReadFailure(f"cannot open: {exc.strerror or exc}") from None
    if not path.is_file():
        raise ReadFailure("not a regular file")
    if size == 0:
        raise ReadFailure("empty file")
    if size > limits.max_bytes:
        raise ReadFailure(
            f"file is {size / 1048576:.1f} MB, over the {limits.max_bytes / 1048576:.0f} MB limit"
        )
    try:
        with open(path, "rb") as fh:  # read-only: input files are never written
            data = fh.read()
    except OSError as exc:
        raise ReadFailure(f"cannot open: {exc.strerror or exc}") from None
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data)
    if fmt in ("markdown", "text") and kind is None:
        # A line of text is a paragraph; a web page's lines are not (minified pages are one).
        check_lines(data, limits)
    if fmt == "docx":
        if kind == "ole":
            raise ReadFailure(
                "encrypted (password-protected) or legacy Word file: save an unprotected .docx"
            )
        if kind != "zip":
            raise ReadFailure(f"content is {_describe(kind)}, not a Word document; is it misnamed?")
        from tenderlint.read import docx as reader

        doc = reader.read_docx(data, display, sha, limits)
    elif fmt == "pdf":
        if kind != "pdf":
            raise ReadFailure(f"content is {_describe(kind)}, not a PDF; is it misnamed?")
        from tenderlint.read import pdf as pdf_reader

        doc = pdf_reader.read_pdf(data, display, sha, limits)
    elif fmt == "odt":
        if kind != "zip":
            raise ReadFailure(
                f"content is {_describe(kind)}, not an OpenDocument text; is it misnamed?"
            )
        from tenderlint.read import odt as odt_reader

        doc = odt_reader.read_odt(data, display, sha, limits)
    elif fmt == "html":
        if kind is not None:
            raise ReadFailure(f"content is {_describe(kind)}, not a web page; is it misnamed?")
        from tenderlint.read import html as html_reader

        doc = html_reader.read_html(data, display, sha)
    else:
        if kind is not None:
            raise ReadFailure(f"content is {_describe(kind)}, not text; is it misnamed?")
        from tenderlint.read import text as text_reader

        doc = text_reader.read_text(data, display, sha, markdown=fmt == "markdown")
    if size >= heap.TRIM_BYTES:
        heap.hand_back_freed_memory()
    if not any(b.kind.is_body and b.text for b in doc.blocks):
        raise ReadFailure("no text found in the document")
    check_text(doc.blocks, limits)
    from tenderlint.read.parties import find_parties

    return replace(doc, parties=find_parties(doc))


def display_path(path: Path, root: Path | None = None) -> str:
    """A relative POSIX path for reports: relative to ``root`` (default: the working directory)."""
    base = root or Path.cwd()
    try:
        rel = os.path.relpath(path.resolve(), base.resolve())
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return Path(rel).as_posix()


def try_read(path: Path, display: str, limits: Limits | None = None) -> Document | ReadError:
    """Read a document, turning every failure, expected or not, into a ReadError value."""
    try:
        return read_document(path, display, limits)
    except ReadFailure as exc:
        return ReadError(display, str(exc))
    except RecursionError:
        return ReadError(display, "document structure is nested too deeply to read")
    except MemoryError:
        return ReadError(display, "document is too large to read in memory")
    except Exception as exc:  # a reader bug must not crash a run or pass a file as clean
        return ReadError(display, f"could not read ({type(exc).__name__}: {exc})")
