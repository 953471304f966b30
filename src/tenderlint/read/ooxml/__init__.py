"""Office Open XML shared by the DOCX reader and annotate: names, safe XML and the zip package.

``names`` holds the namespaces and tags, ``xml`` parses parts safely and writes them back,
``package`` opens the zip with guards against hostile files and rebuilds an edited copy.
"""

from __future__ import annotations

from tenderlint.read.ooxml.package import Package, PackageCopy
from tenderlint.read.ooxml.xml import parse_xml, serialise

__all__ = ["Package", "PackageCopy", "parse_xml", "serialise"]
