"""Comments: the comments part, the w:id counter, and the markers anchoring each comment."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from typing import Any

from lxml import etree

from tenderlint.annotate.locate import (
    field_bounds,
    home,
    locate,
    paragraphs_of,
    run_text,
    split_run,
)
from tenderlint.annotate.result import AUTHOR, INITIALS, AnnotateError
from tenderlint.annotate.target import Target
from tenderlint.read.ooxml.names import (
    AUTHOR_ATTR,
    COMMENT,
    COMMENTS_CT,
    CT,
    ID,
    PKG_REL,
    PPR,
    PSTYLE,
    R_,
    RANGE_END,
    RANGE_START,
    REFERENCE,
    RELATIONSHIP,
    RPR,
    RSTYLE,
    STRICT,
    VAL,
    XML_SPACE,
    P,
    R,
    T,
    W,
    w,
)
from tenderlint.read.ooxml.xml import clean_text

Runs = list[tuple[str, bool]]  # one comment paragraph: (text, bold) runs


class Ids:
    """New w:id values. Comment and revision ids share this counter, so new ones collide
    with no comment, revision or bookmark of the document or its notes."""

    def __init__(self, target: Target, comments: Any | None) -> None:
        top = -1
        for tree in (target.root, comments):
            if tree is None:
                continue
            for el in tree.iter():
                value = el.get(ID) if isinstance(el.tag, str) else None
                if value and value.lstrip("-").isdigit():
                    top = max(top, int(value))
        for typ, name in target.related:
            if typ in ("footnotes", "endnotes", "header", "footer"):
                for m in re.finditer(rb':id="(\d{1,9})"', target.pkg.read(name) or b""):
                    top = max(top, int(m.group(1)))
        self._next = top + 1

    def new(self) -> str:
        """One past the last id given out."""
        n = self._next
        self._next += 1
        return str(n)


def _marker(tag: str, cid: str) -> Any:
    el = etree.Element(tag)
    el.set(ID, cid)
    return el


class Comments:
    """The draft's comments part with tenderlint's comments added, and their anchors."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.name = target.targets.get("comments")
        self.root: Any | None = target.pkg.xml(self.name) if self.name else None

    def mark(self, container: Any, quote: str | None, cid: str) -> None:
        """Anchor comment ``cid`` on the quoted runs of ``container``, else on all of it."""
        found = locate(container, quote) if quote else None
        if found is None:
            self._mark_whole(container, cid)
            return
        first, first_at, last, last_at = found.first, found.first_at, found.last, found.last_at
        first_p, last_p = home(first), home(last)
        bounds = field_bounds(first_p)
        if first in bounds:
            first, first_at = bounds[first][0], 0
        if last_p is not first_p:
            bounds = field_bounds(last_p)
        if last in bounds:
            last = bounds[last][1]
            last_at = len(run_text(last)) - 1
        # Split the runs so that the comment covers exactly the quotation.
        if 0 <= last_at < len(run_text(last)) - 1:
            split_run(last, last_at + 1)
        if first_at > 0:
            second = split_run(first, first_at)
            if second is not None:
                if last is first:
                    last = second
                first = second
        first.addprevious(_marker(RANGE_START, cid))
        end = _marker(RANGE_END, cid)
        last.addnext(end)
        self._reference_after(end, cid)

    def _mark_whole(self, container: Any, cid: str) -> None:
        paras = paragraphs_of(container)
        if not paras:
            return
        first, last = paras[0], paras[-1]
        ppr: Any = first.find(PPR)
        first.insert(first.index(ppr) + 1 if ppr is not None else 0, _marker(RANGE_START, cid))
        end = _marker(RANGE_END, cid)
        last.append(end)
        self._reference_after(end, cid)

    def _reference_after(self, end: Any, cid: str) -> None:
        # The reference run goes in the paragraph itself, not inside a hyperlink or someone
        # else's tracked insertion, so rejecting their change cannot delete our comment.
        para = home(end)
        top = end
        while top.getparent() is not None and top.getparent() is not para:
            top = top.getparent()
        run = etree.Element(R_)
        if "CommentReference" in self.target.fmt.ids:
            rpr = etree.SubElement(run, RPR)
            etree.SubElement(rpr, RSTYLE).set(VAL, "CommentReference")
        etree.SubElement(run, REFERENCE).set(ID, cid)
        top.addnext(run)

    def add(self, cid: str, paragraphs: Sequence[Runs]) -> None:
        """Add comment ``cid`` to the comments part: paragraphs of (text, bold) runs."""
        if self.root is None:
            self.root = etree.Element(w("comments"), nsmap={"w": W, "r": R})
        styles = self.target.fmt.ids
        c = etree.SubElement(self.root, COMMENT)
        c.set(ID, cid)
        c.set(AUTHOR_ATTR, AUTHOR)
        c.set(w("initials"), INITIALS)
        for k, runs in enumerate(paragraphs):
            p = etree.SubElement(c, P)
            if "CommentText" in styles:
                ppr = etree.SubElement(p, PPR)
                etree.SubElement(ppr, PSTYLE).set(VAL, "CommentText")
            if k == 0:
                ref = etree.SubElement(p, R_)
                if "CommentReference" in styles:
                    rpr = etree.SubElement(ref, RPR)
                    etree.SubElement(rpr, RSTYLE).set(VAL, "CommentReference")
                etree.SubElement(ref, w("annotationRef"))
            for text, bold in runs:
                r = etree.SubElement(p, R_)
                if bold:
                    etree.SubElement(etree.SubElement(r, RPR), w("b"))
                t = etree.SubElement(r, T)
                t.text = clean_text(text)
                t.set(XML_SPACE, "preserve")

    def write(self) -> None:
        """Write the comments part when it has any comment, related and typed if it is new."""
        if self.root is None or not len(self.root):
            return
        name = self.name
        if name is None:
            name = self.target.free_name(posixpath.join(self.target.base, "comments.xml"))
            self._relate(name)
        self.target.write(name, self.root)
        self._content_type(name)

    def _relate(self, name: str) -> None:
        target = self.target
        rels = target.rels
        if rels is None:
            rels = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        used = {rel.get("Id") for rel in rels}
        n = len(used) + 1
        while f"rId{n}" in used:
            n += 1
        rel = etree.SubElement(rels, RELATIONSHIP)
        rel.set("Id", f"rId{n}")
        kind = STRICT[R] if target.strict else R
        rel.set("Type", f"{kind}/comments")
        rel.set("Target", posixpath.relpath(name, target.base or "."))
        target.write(target.rels_name, rels, strict=False)

    def _content_type(self, name: str) -> None:
        types = self.target.pkg.xml("[Content_Types].xml")
        if types is None:
            raise AnnotateError("not a Word document (the zip has no [Content_Types].xml)")
        part = "/" + name
        for o in types.iter(f"{{{CT}}}Override"):
            if (o.get("PartName") or "").lower() == part.lower():
                if o.get("ContentType") == COMMENTS_CT:
                    return
                o.set("ContentType", COMMENTS_CT)
                break
        else:
            o = etree.SubElement(types, f"{{{CT}}}Override")
            o.set("PartName", part)
            o.set("ContentType", COMMENTS_CT)
        self.target.write("[Content_Types].xml", types, strict=False)
