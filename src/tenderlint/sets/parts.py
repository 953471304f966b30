"""The numbered parts a set refers to ("Schedule 6", "Annex B") and whether each is in the set,
from the members' titles and headings. A part that is referred to but not in the set is
reported once, as the finding ``SET-PART``, and a rule whose clause defers to it ("in
accordance with Schedule 6") is not reported as a plain missing: its elements may be there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tenderlint.model import BlockKind, Document, Evidence, Outcome, Result, Severity
from tenderlint.sets.spec import Member

if TYPE_CHECKING:
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Rule
    from tenderlint.model import DocType

RULE = "SET-PART"
TITLE = "Every schedule or annex the set refers to is in the set"
_KINDS = r"schedule|annexe?|appendix|attachment"
# The kind in any case ("SCHEDULE 6", "schedule 6"), the number as printed: "6", "6A", "B"
# (never "Schedule to this Contract").
_REF = re.compile(rf"\b((?i:{_KINDS}))\s+([0-9]{{1,3}}[A-Z]?|[A-Z]{{1,2}})\b(?![.-]?\d)")
# "Schedule 2 to the Procurement Act 2023", "Annex 1 of the Framework Agreement": another
# document's part, not one of this set's ("of this Contract" is this set's).
_ELSEWHERE = re.compile(r"\s*(?:of|to|in|under)\s+(?:the\s+)?(?!this\b)[A-Z][\w-]*", re.I)
MAX_QUOTES = 5

Part = tuple[str, str]  # ("schedule", "6")


@dataclass(frozen=True)
class Absent:
    """A part referred to and not in the set, with where it is referred to."""

    part: Part
    evidence: tuple[Evidence, ...]
    places: int

    @property
    def label(self) -> str:
        return f"{self.part[0].capitalize()} {self.part[1]}"


def _key(kind: str, ident: str) -> Part:
    k = kind.lower()
    return ("annex" if k.startswith("annex") else k, ident.upper())


def present(members: Sequence[Member]) -> set[Part]:
    """Parts the set holds: each member's title, and the headings and short title lines
    inside members that open a part ("Schedule 6: Data processing")."""
    out: set[Part] = set()
    for m in members:
        doc = m.document
        for text in (doc.title or "", m.rel.rsplit("/", 1)[-1], *m.titles):
            out.update(_key(k, i) for k, i in _REF.findall(text[:80]))
        for b in doc.blocks:
            if b.kind is BlockKind.HEADING or (len(b.text) < 120 and b.number):
                got = _REF.match(b.text.strip())
                if got:
                    out.add(_key(got.group(1), got.group(2)))
    return out


def absent(members: Sequence[Member], combined: Document) -> list[Absent]:
    """Parts the members' operative text refers to that the set does not hold."""
    have = present(members)
    found: dict[Part, list[Evidence]] = {}
    for b in combined.blocks:
        if not (b.kind.is_operative or b.kind is BlockKind.DEFINITION):
            continue
        for m in _REF.finditer(b.text):
            if _ELSEWHERE.match(b.text, m.end()):
                continue
            part = _key(m.group(1), m.group(2))
            if part[1] in ("X", "XX"):
                continue  # a placeholder ("Schedule XX"): DRAFT-001 and DRAFT-002 report it
            if part not in have:
                found.setdefault(part, []).append(Evidence(_quote(b.text, m.start()), b.location))
    return [
        Absent(part, tuple(ev[:MAX_QUOTES]), len(ev))
        for part, ev in sorted(found.items(), key=lambda pe: (pe[0][0], _order(pe[0][1])))
    ]


def _order(ident: str) -> tuple[int, str]:
    digits = re.match(r"\d+", ident)
    return (int(digits.group()) if digits else 10_000, ident)


def _quote(text: str, at: int) -> str:
    text = " ".join(text.split())
    if len(text) <= 300:
        return text
    lo = max(0, at - 100)
    return ("..." if lo else "") + text[lo : lo + 300] + "..."


def results(gaps: Iterable[Absent], set_name: str) -> list[Result]:
    """One ``SET-PART`` finding per part referred to but not in the set."""
    out = []
    for gap in gaps:
        where = ", ".join(e.location.short() for e in gap.evidence if e.location)
        more = (
            f" and {gap.places - len(gap.evidence)} more" if gap.places > len(gap.evidence) else ""
        )
        out.append(
            Result(
                rule=RULE,
                title=TITLE,
                outcome=Outcome.MISSING,
                severity=Severity.WARNING,
                message=f"{gap.label} is referred to but not in the set",
                reasons=(
                    f"referred to in {where}{more}",
                    f"add {gap.label} to the set {set_name!r} (its paths in the config, or "
                    "the files given with --set) so that its terms are checked with the rest; "
                    "rules whose clause defers to it are not reported as missing",
                ),
                evidence=gap.evidence,
            )
        )
    return out


def deferred(
    got: list[Result],
    rules: Sequence[Rule],
    combined: Document,
    gaps: Sequence[Absent],
    compiled: Compiled,
    doc_type: DocType,
) -> list[Result]:
    """Failing results whose clause defers to a part the set does not hold: a missing one
    becomes advice (info) and both say where the elements may be (brief 1.4 point 10)."""
    failing = [r for r in got if r.outcome in (Outcome.MISSING, Outcome.WEAK)]
    if not gaps or not failing:
        return got
    from tenderlint.engine import Index

    ix = Index(combined, compiled, doc_type)
    labels = {g.part: g.label for g in gaps}
    by_id = {r.id: r for r in rules}
    where = {(b.location.document, b.location.block): i for i, b in enumerate(ix.blocks)}
    out = []
    for r in got:
        rule = by_id.get(r.rule)
        if r not in failing or rule is None:
            out.append(r)
            continue
        blocks = {
            where[(e.location.document, e.location.block)]
            for e in r.evidence
            if e.location and (e.location.document, e.location.block) in where
        }
        for p in rule.topic:
            blocks.update(ix.block_at(s) for s in ix.hits(p).starts)
        named = _deferred_to(ix, sorted(blocks), labels)
        if not named:
            out.append(r)
            continue
        note = (
            f"the clause that deals with it refers to {' and '.join(named)}, which "
            "is not in the set: its elements may be there"
        )
        if r.outcome is Outcome.MISSING:
            out.append(replace(r, severity=Severity.INFO, reasons=(*r.reasons, note)))
        else:
            out.append(replace(r, reasons=(*r.reasons, note)))
    return out


def _deferred_to(ix: Index, blocks: Sequence[int], labels: dict[Part, str]) -> list[str]:
    """The absent parts named in the sections of ``blocks`` (each operative block's clause
    or heading section below its part heading)."""
    named: set[str] = set()
    ends = ix.subtree_end()
    for b in blocks:
        if not ix.blocks[b].kind.is_operative:
            continue
        chain = [b, *ix.ancestors(b)]
        # Below the part heading (the only heading at level 1 in a combined reading).
        top = ix.blocks[chain[-1]]
        under_part = top.kind is BlockKind.HEADING and top.heading_level == 1
        root = chain[-2] if len(chain) > 1 and under_part else chain[-1]
        text = " ".join(ix.blocks[i].text for i in range(root, ends[root] + 1))
        for m in _REF.finditer(text):
            part = _key(m.group(1), m.group(2))
            if part in labels and not _ELSEWHERE.match(text, m.end()):
                named.add(labels[part])
    return sorted(named)


if TYPE_CHECKING:
    from tenderlint.engine import Index
