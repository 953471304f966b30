"""A whole Word package into a Document: the main part, then headers, footers and notes."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from tenderlint.model import Block, BlockKind, Document, Location
from tenderlint.read.docx.body import Body, maybe_marker, whole_redaction
from tenderlint.read.docx.numbering import Numbering
from tenderlint.read.docx.paragraph import Paragraphs, Seen
from tenderlint.read.docx.styles import Styles, int_value
from tenderlint.read.failure import Limits, ReadFailure
from tenderlint.read.normalise import normalise
from tenderlint.read.ooxml.names import DC, ID, TYPE, w
from tenderlint.read.ooxml.package import Package
from tenderlint.read.redaction import measure


class _Main:
    """The main document part with the parts it relates to, and the walk over its body."""

    def __init__(self, pkg: Package, main: str, keep: bool) -> None:
        self.pkg = pkg
        rels = pkg.rels(main)
        self.targets = {rid: target for rid, _typ, target in rels}
        by_type: dict[str, str] = {}
        for _rid, typ, target in rels:
            by_type.setdefault(typ, target)
        self.by_type = by_type
        styles = Styles(self.part("styles", "word/styles.xml"))
        numbering = Numbering(self.part("numbering", "word/numbering.xml"), styles)
        self.seen = Seen()
        self.body = Body(Paragraphs(styles, numbering, self.seen), self.seen, keep)

    def part(self, typ: str, default: str | None = None) -> Any | None:
        """The parsed part of relationship type ``typ``; a package with no relationships at
        all falls back on the part's usual name."""
        name = self.by_type.get(typ)
        if name is None and default and not self.by_type and self.pkg.has(default):
            name = default
        return self.pkg.xml(name) if name else None


def _main_part(pkg: Package) -> str:
    for _rid, typ, target in pkg.rels(""):
        if typ == "officeDocument" and pkg.has(target):
            return target
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    names = set(pkg.names())
    if "xl/workbook.xml" in names:
        raise ReadFailure("content is an Excel workbook, not a Word document; is it misnamed?")
    if "ppt/presentation.xml" in names:
        raise ReadFailure("content is a PowerPoint file, not a Word document; is it misnamed?")
    if "mimetype" in names or "content.xml" in names:
        raise ReadFailure("content is an OpenDocument file, not a Word document; save as .docx")
    raise ReadFailure("not a Word document (the zip has no word/document.xml)")


def _count_comments(main: _Main, doc_root: Any) -> int:
    root = main.part("comments")
    if root is not None:
        return sum(1 for _ in root.iter(w("comment")))
    # No comments part: count the distinct comments the text still cites.
    return len({el.get(ID) for el in doc_root.iter(w("commentReference"))})


def _core_date(pkg: Package) -> str | None:
    """dcterms:modified, else dcterms:created, as yyyy-mm-dd ("2023-05-12T10:00:00Z")."""
    name = next((t for _r, typ, t in pkg.rels("") if typ == "core-properties"), None)
    root = pkg.xml(name or "docProps/core.xml")
    if root is None:
        return None
    for tag in ("modified", "created"):
        el = root.find(f"{{{DCTERMS}}}{tag}")
        m = _W3C_DATE.match((el.text or "").strip()) if el is not None else None
        if m and "01" <= m.group(2) <= "12" and "01" <= m.group(3) <= "31":
            return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None


_W3C_DATE = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)")
DCTERMS = "http://purl.org/dc/terms/"


def _core_title(pkg: Package) -> str | None:
    name = next((t for _r, typ, t in pkg.rels("") if typ == "core-properties"), None)
    root = pkg.xml(name or "docProps/core.xml")
    if root is None:
        return None
    el = root.find(f"{{{DC}}}title")
    text = normalise(el.text or "") if el is not None else ""
    return text or None


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


class _Extra:
    """Blocks after the body (headers, footers, notes), located at the clause citing them."""

    def __init__(self, body_blocks: list[Block]) -> None:
        self.body_blocks = body_blocks
        self.blocks: list[Block] = []

    def add(self, text: str, kind: BlockKind, cite: int | None = None) -> None:
        text = normalise(text)
        if not text:
            return
        body = self.body_blocks
        at = body[cite].location if cite is not None and cite < len(body) else None
        self.blocks.append(
            Block(
                text,
                kind,
                Location(
                    block=len(body) + len(self.blocks) + 1,
                    clause=at.clause if at else None,
                    heading=at.heading if at else None,
                ),
                redacted=whole_redaction(text),
            )
        )


def _running(main: _Main, extra: _Extra) -> None:
    # Running headers and footers repeat on every page of every section: each distinct line
    # is kept once, after the body, so it cannot interrupt a clause.
    seen: set[tuple[str, str]] = set()
    parts_done: set[str] = set()
    for kind_name in ("header", "footer"):
        kind = BlockKind.HEADER if kind_name == "header" else BlockKind.FOOTER
        for which, rid in main.seen.header_ids:
            target = main.targets.get(rid)
            if which != kind_name or not target or target in parts_done:
                continue
            parts_done.add(target)
            part = main.pkg.xml(target)
            if part is None:
                continue
            for text in main.body.story_texts(part):
                key = (kind_name, normalise(text))
                if key[1] and key not in seen:
                    seen.add(key)
                    extra.add(text, kind)


def _notes(main: _Main, extra: _Extra) -> None:
    # Footnotes and endnotes are contract text (obligations hide there); each note is one
    # block, located at the clause that cites it.
    for typ, tag in (("footnotes", "footnote"), ("endnotes", "endnote")):
        part = main.part(typ)
        if part is None:
            continue
        notes = []
        for el in part.iter(w(tag)):
            if (el.get(TYPE) or "normal") != "normal":
                continue  # separators and continuation notices
            nid = el.get(ID) or ""
            notes.append((int_value(nid, 0) or 0, nid, el))
        for _n, nid, el in sorted(notes, key=lambda n: n[0]):
            extra.add(
                " ".join(main.body.story_texts(el)),
                BlockKind.FOOTNOTE,
                main.body.note_refs.get((tag, nid)),
            )


def _warnings(seen: Seen, comments: int) -> tuple[str, ...]:
    warnings: list[str] = []
    if seen.revisions:
        warnings.append(
            f"document has {_plural(seen.revisions, 'unaccepted tracked change')}: "
            "read as if accepted"
        )
    if comments:
        warnings.append(f"document has {_plural(comments, 'comment')}: not read as contract text")
    if seen.leaked:
        warnings.append(
            f"{_plural(seen.leaked, 'redaction')} {'is' if seen.leaked == 1 else 'are'}"
            " black shading over text that is still in the file and can be recovered"
        )
    if seen.alt_chunks:
        warnings.append(
            f"document embeds {_plural(seen.alt_chunks, 'imported file')} (altChunk) "
            "whose text was not read"
        )
    if seen.placeholders:
        warnings.append(
            f"{_plural(seen.placeholders, 'content control')} still "
            f"{'shows its' if seen.placeholders == 1 else 'show their'} placeholder text"
        )
    return tuple(warnings)


def read_package(
    data: bytes, path: str, sha256: str, limits: Limits, *, keep: bool
) -> tuple[Document, list[Any]]:
    """The Document of a .docx and the element of each block (None when ``keep`` is false,
    or for blocks outside the main story)."""
    pkg = Package(data, limits)
    name = _main_part(pkg)
    root = pkg.xml(name)
    if root is None or root.tag != w("document"):
        raise ReadFailure("not a Word document (its main part is not a w:document)")
    main = _Main(pkg, name, keep)
    comments = _count_comments(main, root)  # before the body walk frees the tree
    main.body.walk(root)
    body_blocks = list(main.body.outline.blocks())
    elements: list[Any] = list(main.body.elements)
    if len(body_blocks) != len(elements):  # pragma: no cover - an invariant of Body._emit
        raise ReadFailure("internal error: blocks and elements out of step")
    extra = _Extra(body_blocks)
    _running(main, extra)
    _notes(main, extra)
    elements.extend([None] * len(extra.blocks))
    blocks = (*body_blocks, *extra.blocks)
    seen = main.seen
    # The marker scanner is the slow part of measuring; a document with no possible marker
    # has no redaction to measure.
    maybe = any(b.kind.is_body and maybe_marker(b.text) for b in blocks)
    redaction = measure(blocks) if maybe else None
    if redaction is not None and seen.boxes:
        redaction = replace(redaction, boxes=seen.boxes, leaked=seen.leaked)
    doc = Document(
        path=path,
        sha256=sha256,
        format="docx",
        blocks=blocks,
        pages=None,
        title=main.body.title or _core_title(pkg) or main.body.outline.title(),
        redaction=redaction,
        warnings=_warnings(seen, comments),
        measures={"tracked_changes": seen.revisions, "comments": comments},
        date=_core_date(pkg),
    )
    return doc, elements
