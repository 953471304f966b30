"""A set's members read as one document in which each member is a part: the member's title is
the part's heading and its own clause tree sits below it, so the engine's sections, referenced
schedules ("as set out in Schedule 6" finds the member whose title is Schedule 6) and elements
spread over several documents work as they do in one document. Every block keeps its place in
its member (page, block, clause) and names the member, so evidence cites the document it is in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import PurePosixPath

from tenderlint.model import Block, BlockKind, Document, Location, Parties, Redaction
from tenderlint.sets.spec import Member


def part_title(doc: Document, rel: str) -> str:
    """What a member is called as a part of the set: its title, else its first heading, else
    its file name without the extension."""
    if doc.title and doc.title.strip():
        return " ".join(doc.title.split())
    for b in doc.blocks:
        if b.kind is BlockKind.HEADING and b.text.strip():
            return " ".join(b.text.split())[:200]
    return PurePosixPath(rel).stem


def digest(members: Sequence[Member]) -> str:
    """The sha256 of the set's content: each member's path and sha256, in set order."""
    h = hashlib.sha256()
    for m in members:
        h.update(f"{m.rel}\0{m.document.sha256}\0".encode())
    return h.hexdigest()


def combine(name: str, members: Sequence[Member], value: float | None = None) -> Document:
    """The members as one document, in the order given (the main document first).

    ``value`` is the contract's value to give the ``contract_value`` measure (the config's,
    else a notice's), as ``run.lint`` does for one document.
    """
    blocks: list[Block] = []
    for m in members:
        blocks += shift(_part(m), len(blocks))
    first = members[0].document if members else None
    measures: dict[str, float] = {}
    for m in members:
        for k, v in m.document.measures.items():
            measures[k] = measures.get(k, 0.0) + float(v)
    measures.pop("contract_value", None)  # a document's own value is not the set's
    if value is not None:
        measures["contract_value"] = value
    pages = [m.document.pages for m in members if m.document.pages is not None]
    return Document(
        path=f"set:{name}",
        sha256=digest(members),
        format="set",
        blocks=tuple(blocks),
        pages=sum(pages) if pages else None,
        title=first.title if first is not None else name,
        redaction=summed_redaction(members),
        measures=measures,
        parties=_parties(members),
    )


def _part(m: Member) -> list[Block]:
    """One member's body blocks under its part heading, located in the member."""
    doc = m.document
    body = [i for i, b in enumerate(doc.blocks) if b.kind.is_body]
    title = part_title(doc, m.rel)
    own = (
        body
        and doc.blocks[body[0]].kind is BlockKind.HEADING
        and _same(doc.blocks[body[0]].text, title)
    )
    out: list[Block] = []
    if not own:
        # The member has no title block of its own: the part heading stands for the file.
        loc = Location(block=0, heading=title, document=m.rel)
        out.append(Block(title, BlockKind.HEADING, loc, heading_level=1, parent=-1))
    # Parents index this part (its heading is 0); ``shift`` moves them into the whole. A
    # schedule or annex holds its blocks, so that a clause referring to it reads all of it; any
    # other member's top-level blocks stay at the top, so that each clause is its own section
    # as in the member alone (its title spans the member, which the engine skips as a title).
    top = 0 if is_part(title) else -1
    position = {doc_index: k + (0 if own else 1) for k, doc_index in enumerate(body)}
    for k, i in enumerate(body):
        b = doc.blocks[i]
        loc = replace(b.location, document=m.rel)
        if own and k == 0:
            out.append(replace(b, location=loc, heading_level=1, parent=-1))
            continue
        parent = position.get(b.parent, 0) if b.parent >= 0 else 0
        level = b.heading_level + 1 if b.kind is BlockKind.HEADING else b.heading_level
        out.append(replace(b, location=loc, heading_level=level, parent=parent or top))
    return out


_PART_TITLE = re.compile(
    r"^\W*(?:[\w-]+\s+){0,2}(?:schedule|annexe?|appendix|attachment)\s+"
    r"(?:[0-9]{1,3}[A-Z]?|[A-Z]{1,2})\b",
    re.IGNORECASE,
)


def is_part(title: str) -> bool:
    """Is a member a schedule, annex, appendix or attachment by its title ("Schedule 6: Data
    processing", "Call-Off Schedule 5 (Pricing)", "Annex B"), one that others refer to?"""
    return _PART_TITLE.match(title) is not None


def _same(a: str, b: str) -> bool:
    norm = re.compile(r"[\W_]+")
    return norm.sub(" ", a).strip().lower() == norm.sub(" ", b).strip().lower()


def shift(blocks: list[Block], offset: int) -> list[Block]:
    """A part's blocks moved to start at ``offset`` in the combined document."""
    return [replace(b, parent=b.parent + offset) if b.parent >= 0 else b for b in blocks]


def summed_redaction(members: Sequence[Member]) -> Redaction | None:
    """The members' redaction summed: markers, labels and boxes added, and the share of
    hidden text over all their text (each member's hidden characters worked back from its
    share of its own visible text). Pages are each member's own, so none are listed."""
    got = [(m, m.document.redaction) for m in members if m.document.redaction is not None]
    if not got:
        return None
    hidden = visible = 0.0
    for m in members:
        red = m.document.redaction
        seen = float(sum(len(b.text) for b in m.document.blocks if b.kind.is_body))
        visible += seen
        if red is not None and red.share < 1:
            hidden += red.share * seen / (1 - red.share)
    share = hidden / (hidden + visible) if hidden + visible else 0.0
    return Redaction(
        share=share,
        markers=sum(r.markers for _m, r in got),
        labelled=sum(r.labelled for _m, r in got),
        boxes=sum(r.boxes for _m, r in got),
        leaked=sum(r.leaked for _m, r in got),
    )


def _parties(members: Sequence[Member]) -> Parties | None:
    """The parties as the set names them: the first member (the main document first) whose
    parties were found from a parties block or definitions, else the first with any."""
    found = [m.document.parties for m in members if m.document.parties is not None]
    named = [p for p in found if not (p.buyer.inferred and p.supplier.inferred)]
    return (named or found)[0] if found else None
