"""OpenDocument text (.odt) into a Document: the body, then page headers, footers and notes.

The zip is opened with the same guards as a Word file (entry count, declared and actual
unzipped size, no DTDs or entities in any XML part).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tenderlint.model import Block, BlockKind, Document
from tenderlint.read.failure import Limits, ReadFailure
from tenderlint.read.normalise import normalise
from tenderlint.read.odt.body import OFFICE, Body, running_texts
from tenderlint.read.odt.styles import Styles
from tenderlint.read.ooxml.package import Package
from tenderlint.read.redaction import measure
from tenderlint.read.structure import Outline

_TEXT_TYPES = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.text-template",
    "application/vnd.oasis.opendocument.text-master",
)
_OTHER_TYPES = {
    "spreadsheet": "an OpenDocument spreadsheet",
    "presentation": "an OpenDocument presentation",
    "graphics": "an OpenDocument drawing",
}
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def _check_package(pkg: Package) -> None:
    """Refuse a zip that is not an unencrypted OpenDocument text, saying what it is."""
    mimetype = (pkg.read("mimetype") or b"").decode("ascii", errors="replace").strip()
    if mimetype and mimetype not in _TEXT_TYPES:
        kind = mimetype.rsplit(".", 1)[-1].split("-")[0]
        what = _OTHER_TYPES.get(kind, f"a {mimetype!r} file")
        raise ReadFailure(f"content is {what}, not an OpenDocument text; is it misnamed?")
    if not pkg.has("content.xml"):
        if pkg.has("word/document.xml"):
            raise ReadFailure("content is a Word document, not an OpenDocument text; save as .docx")
        raise ReadFailure("not an OpenDocument text (the zip has no content.xml)")
    manifest = pkg.read("META-INF/manifest.xml") or b""
    if b"encryption-data" in manifest:
        raise ReadFailure(
            "encrypted (password-protected) OpenDocument file: save an unprotected copy"
        )


def _plural(n: int, one: str) -> str:
    return f"{n} {one if n == 1 else one + 's'}"


def _warnings(body: Body) -> tuple[str, ...]:
    out: list[str] = []
    if body.changes:
        out.append(
            f"document has {_plural(body.changes, 'unaccepted tracked change')}: "
            "read as if accepted"
        )
    if body.comments:
        out.append(f"document has {_plural(body.comments, 'comment')}: not read as contract text")
    return tuple(out)


def _meta_title(pkg: Package) -> str | None:
    root = pkg.xml("meta.xml")
    el = root.find(f".//{_DC_TITLE}") if root is not None else None
    text = normalise(el.text or "") if el is not None else ""
    return text or None


def _after_body(outline: Outline, body: Body, styles_root: Any | None) -> tuple[Block, ...]:
    """The body's blocks, then notes located at the clause citing them, then the running
    headers and footers once each (they repeat on every page and must not split a clause)."""
    count = body.emitted
    for text, _cite in body.notes:
        outline.add(text, BlockKind.FOOTNOTE)
    for kind, text in running_texts(body, styles_root):
        outline.add(text, kind)
    blocks = list(outline.blocks())
    for i, (_text, cite) in enumerate(body.notes):
        at = count + i
        if cite is not None and cite < count and at < len(blocks):
            where = blocks[cite].location
            blocks[at] = replace(
                blocks[at],
                location=replace(blocks[at].location, clause=where.clause, heading=where.heading),
            )
    return tuple(blocks)


def read_odt(data: bytes, path: str, sha256: str, limits: Limits) -> Document:
    """Read an OpenDocument text into a Document."""
    pkg = Package(data, limits, ".odt")
    _check_package(pkg)
    content = pkg.xml("content.xml")
    styles_root = pkg.xml("styles.xml")
    if content is None:  # pragma: no cover - _check_package saw it
        raise ReadFailure("not an OpenDocument text (the zip has no content.xml)")
    office_body = content.find(f"{{{OFFICE}}}body")
    text_root = office_body.find(f"{{{OFFICE}}}text") if office_body is not None else None
    if text_root is None:
        for kind, what in _OTHER_TYPES.items():
            if office_body is not None and office_body.find(f"{{{OFFICE}}}{kind}") is not None:
                raise ReadFailure(f"content is {what}, not an OpenDocument text; is it misnamed?")
        raise ReadFailure("not an OpenDocument text (content.xml has no office:text)")
    styles = Styles([r for r in (styles_root, content) if r is not None])
    outline = Outline()
    body = Body(styles, outline)
    body.walk(text_root)
    blocks = _after_body(outline, body, styles_root)
    return Document(
        path=path,
        sha256=sha256,
        format="odt",
        blocks=blocks,
        pages=None,
        title=(outline.title() if body.titled else _meta_title(pkg) or outline.title()),
        redaction=measure(blocks),
        warnings=_warnings(body),
        measures={"tracked_changes": body.changes, "comments": body.comments},
    )
