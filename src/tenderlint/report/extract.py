"""Rendering of ``tenderlint extract``: the blocks and measures a rule author needs to see."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tenderlint.model import Block, Document, Evidence, Location, Parties, ReadError, Redaction


def location_dict(loc: Location) -> dict[str, Any]:
    out: dict[str, Any] = {
        "page": loc.page,
        "block": loc.block,
        "clause": loc.clause,
        "heading": loc.heading,
    }
    if loc.document is not None:  # in a set: the member the text is in
        out["document"] = loc.document
    return out


def redaction_dict(r: Redaction) -> dict[str, Any]:
    return {
        "share": r.share,
        "markers": r.markers,
        "labelled": r.labelled,
        "unlabelled": r.unlabelled,
        "boxes": r.boxes,
        "leaked": r.leaked,
        "per_page": [{"page": p, "share": s} for p, s in r.per_page],
        "whole_pages": list(r.whole_pages),
    }


def evidence_dict(e: Evidence) -> dict[str, Any]:
    return {"quote": e.quote, "location": location_dict(e.location) if e.location else None}


def parties_dict(p: Parties) -> dict[str, Any]:
    """The parties as ``documents[].parties`` of the JSON report (report.schema.json)."""
    return {
        party.role: {
            "names": list(party.names),
            "inferred": party.inferred,
            "evidence": [evidence_dict(e) for e in party.evidence],
        }
        for party in (p.buyer, p.supplier)
    }


def parties_lines(p: Parties | None) -> list[str]:
    """The "parties:" section of the text output: each side's names, then where they are."""
    if p is None:
        return ["  parties: none named"]
    out = ["  parties:"]
    for party in (p.buyer, p.supplier):
        names = ", ".join(party.names) if party.names else "(not named)"
        out.append(f"    {party.role}: {names}" + (" (inferred)" if party.inferred else ""))
        for e in party.evidence:
            where = e.location.short() if e.location else ""
            out.append(f"      {where:<14} {e.quote}")
    return out


def document_dict(doc: Document) -> dict[str, Any]:
    return {
        "path": doc.path,
        "sha256": doc.sha256,
        "format": doc.format,
        "pages": doc.pages,
        "title": doc.title,
        "date": doc.date,
        "warnings": list(doc.warnings),
        "redaction": redaction_dict(doc.redaction) if doc.redaction else None,
        "measures": dict(sorted(doc.measures.items())),
        "parties": parties_dict(doc.parties) if doc.parties else None,
        "blocks": [block_dict(b) for b in doc.blocks],
    }


def block_dict(b: Block) -> dict[str, Any]:
    """A block as extract shows it: its place in the clause tree, and a table row's cells and
    header row or the term a definition defines where it has them."""
    out: dict[str, Any] = {
        "text": b.text,
        "kind": b.kind.value,
        "level": b.level,
        "redacted": b.redacted,
        "location": location_dict(b.location),
        "number": b.number,
        "parent": b.parent,
    }
    if b.cells:
        out["cells"] = list(b.cells)
        out["header"] = list(b.header)
    if b.term:
        out["term"] = b.term
    return out


def render_extract(docs: Sequence[Document], errors: Sequence[ReadError], fmt: str) -> str:
    """Blocks with locations, as aligned text or as JSON."""
    if fmt == "json":
        payload = {
            "documents": [document_dict(d) for d in sorted(docs, key=lambda d: d.path)],
            "errors": [
                {"path": e.path, "message": e.message} for e in sorted(errors, key=lambda e: e.path)
            ],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    out: list[str] = []
    for doc in sorted(docs, key=lambda d: d.path):
        pages = f", {doc.pages} pages" if doc.pages is not None else ""
        out.append(f"{doc.path}  ({doc.format}{pages}, {len(doc.blocks)} blocks)")
        if doc.title:
            out.append(f"  title: {doc.title}")
        if doc.redaction:
            r = doc.redaction
            out.append(
                f"  redaction: {r.share:.1%} of text, {r.markers} redactions, "
                f"{r.labelled} labelled"
                + (f", {r.leaked} with text still under the box" if r.leaked else "")
            )
        for name, value in sorted(doc.measures.items()):
            out.append(f"  {name}: {value:g}")
        for w in doc.warnings:
            out.append(f"  warning: {w}")
        out.extend(parties_lines(doc.parties))
        out.extend(tree_lines(doc.blocks))
        out.append("")
    return "\n".join(out)


def tree_lines(blocks: Sequence[Block]) -> list[str]:
    """One line per block: number, clause path, page and kind, then the text indented by its
    depth in the clause tree (a definition shows its term, a header row says so)."""
    depth = [0] * len(blocks)
    wide = min(max((len(b.location.clause or "") for b in blocks), default=0) + 3, 40)
    paged = any(b.location.page is not None for b in blocks)
    out = []
    for i, b in enumerate(blocks):
        if 0 <= b.parent < i:
            depth[i] = depth[b.parent] + 1
        loc = b.location
        where = f"cl.{loc.clause}" if loc.clause else ""
        page = (f"p.{loc.page}" if loc.page is not None else "").ljust(6) if paged else ""
        flags = "".join(
            (
                " [redacted]" if b.redacted else "",
                f" [term: {b.term}]" if b.term else "",
                " [header row]" if b.cells and b.cells == b.header else "",
            )
        )
        indent = "  " * min(depth[i], 12)
        out.append(
            f"  {loc.block:>5}  {where:<{wide}} {page}{b.kind.value:<10} {indent}{b.text}{flags}"
        )
    return out
