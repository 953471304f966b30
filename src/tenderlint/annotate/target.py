"""The draft being annotated: its package copy, main part, related parts and block elements."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from typing import Any

from lxml import etree

from tenderlint.annotate.formatting import Formatting
from tenderlint.annotate.locate import outside_textbox
from tenderlint.annotate.result import AnnotateError
from tenderlint.model import BlockKind, Document
from tenderlint.read.ooxml.names import BODY, RELATIONSHIP, SECT_PR, P
from tenderlint.read.ooxml.package import PackageCopy, rel_target, rels_name
from tenderlint.read.ooxml.xml import serialise


class Target:
    """The main part of the copy, the parts related to it and the elements of its blocks."""

    def __init__(self, pkg: PackageCopy, doc: Document, elements: Sequence[Any]) -> None:
        self.pkg = pkg
        self.doc = doc
        self.elements = list(elements)
        self.main = self._main_part()
        raw = pkg.read(self.main) or b""
        self.strict = b"purl.oclc.org/ooxml/wordprocessingml" in raw
        root = next((e.getroottree().getroot() for e in self.elements if e is not None), None)
        if root is None:  # only notes had text: nothing is anchored on the body's elements
            root = pkg.xml(self.main)
        self.root: Any = root
        self.body: Any = root.find(BODY) if root is not None else None
        if self.body is None:
            raise AnnotateError("not a Word document (its main part has no body)")
        self.base = posixpath.dirname(self.main)
        self.rels_name = rels_name(self.main)
        self.rels = pkg.xml(self.rels_name)
        self.related: list[tuple[str, str]] = []  # (type, part) of the main part's relations
        if self.rels is not None:
            for rel in self.rels.iter(RELATIONSHIP):
                typ = (rel.get("Type") or "").rsplit("/", 1)[-1]
                if rel.get("TargetMode") != "External":
                    self.related.append((typ, rel_target(self.base, rel)))
        self.targets = {typ: name for typ, name in reversed(self.related)}  # first of each
        self.fmt = Formatting(self.part("styles"), self.part("numbering"))
        self.block_of = {el: i for i, el in enumerate(self.elements) if el is not None}

    def _main_part(self) -> str:
        rels = self.pkg.xml("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(RELATIONSHIP):
                if (rel.get("Type") or "").endswith("/officeDocument"):
                    name = rel_target("", rel)
                    if self.pkg.has(name):
                        return name
        return "word/document.xml"

    def part(self, typ: str) -> Any | None:
        """The parsed part the main part relates to as ``typ``, if any."""
        name = self.targets.get(typ)
        return self.pkg.xml(name) if name else None

    def element(self, block: int | None) -> Any | None:
        """The w:p or w:tr of 1-based block ``block`` in the main story, if it has one."""
        if block is None or not 1 <= block <= len(self.elements):
            return None
        el = self.elements[block - 1]
        return None if el is None else outside_textbox(el)

    def title_element(self) -> Any:
        """The document's title paragraph, else its first body paragraph."""
        blocks = self.doc.blocks
        title = self.doc.title
        for i, el in enumerate(self.elements):
            kind, text = blocks[i].kind, blocks[i].text
            if el is not None and title and kind is BlockKind.HEADING and text == title:
                return outside_textbox(el)
        first = next((e for e in self.elements if e is not None), None)
        if first is not None:
            return outside_textbox(first)
        para = next(self.body.iter(P), None)
        if para is None:
            para = etree.SubElement(self.body, P)
            sect = self.body.find(SECT_PR)
            if sect is not None:
                sect.addprevious(para)
        return para

    def write(self, name: str, root: Any, strict: bool | None = None) -> None:
        """Write part ``name`` from its tree, in the package's own namespaces by default."""
        self.pkg.write(name, serialise(root, self.strict if strict is None else strict))

    def free_name(self, name: str) -> str:
        """``name``, numbered when the package already has such a part."""
        # An unreferenced comments.xml left in the package by some tool is not ours to reuse.
        stem, n = name[: -len(".xml")], 1
        while self.pkg.has(name):
            name = f"{stem}{n}.xml"
            n += 1
        return name
