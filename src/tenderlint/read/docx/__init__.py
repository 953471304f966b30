"""Word .docx files into located blocks, read from the package's XML with zipfile and lxml.

``styles`` and ``numbering`` resolve what styles.xml and numbering.xml say, ``text`` and
``paragraph`` read one w:p, ``body`` walks a story into blocks, and ``document`` reads the
whole package: main part, headers, footers and notes.
"""

from __future__ import annotations

from typing import Any

from tenderlint.model import Document
from tenderlint.read.docx.document import read_package
from tenderlint.read.docx.numbering import clause_token, format_number
from tenderlint.read.failure import Limits
from tenderlint.read.ooxml.package import Package as _Package  # noqa: F401  (tests bound its budget)
from tenderlint.read.ooxml.xml import parse_xml

__all__ = ["clause_token", "format_number", "parse_xml", "read_docx", "read_docx_elements"]


def read_docx_elements(
    data: bytes, path: str, sha256: str, limits: Limits
) -> tuple[Document, list[Any]]:
    """Read a .docx and return the Document with, for each block, the element it came from.

    ``elements[i]`` is the lxml ``w:p`` or ``w:tr`` element of ``document.blocks[i]`` (for a
    paragraph that absorbed earlier ones through a deleted paragraph mark, the one whose mark
    survives), or None for header, footer, footnote and endnote blocks. The elements belong to
    one parsed tree of the main document part (``elements[i].getroottree()``), so a caller can
    anchor comments or insert revisions there and write the part back into a copy of the
    package. Raises ReadFailure with a one-line message for any file that cannot be read.
    """
    return read_package(data, path, sha256, limits, keep=True)


def read_docx(data: bytes, path: str, sha256: str, limits: Limits) -> Document:
    """Read a .docx into a Document: body in reading order, then headers, footers and notes."""
    return read_package(data, path, sha256, limits, keep=False)[0]
