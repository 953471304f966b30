"""Playbook grading (brief 1.3): a rule written with core and preferred elements is satisfied
(preferred, or acceptable with advice), weak, missing or in conflict.

A rule opens on an operative passage that mentions its topic. Its elements are looked for in
that passage's section (the clause with its sub-clauses and sibling clauses, or the heading's
section) and in the schedules the section refers to (brief 1.4 point 10). The pack's hedges
count only inside the duty they qualify (``conditions`` reads them in each frame: point 11); a
rule's own weakeners, wording about its duty, count in that section. Contrary wording anywhere
in operative text is a conflict.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from tenderlint.engine.conditions import HEDGED, MET, NOT_MET, Verdict
from tenderlint.engine.evidence import MAX_EVIDENCE, evidence_at, hit_text, quote
from tenderlint.engine.units import Span, Unit
from tenderlint.lang.describe import describe_pattern
from tenderlint.lang.nouns import Check, Rule, shown
from tenderlint.model import BlockKind, Evidence, Outcome, Position, Result

if TYPE_CHECKING:
    from tenderlint.engine.conditions import Evaluator
    from tenderlint.engine.index import Index
    from tenderlint.lang.nouns import Condition, Pattern
    from tenderlint.model import DocType


class Grader(Protocol):
    """What a playbook needs from the rule evaluator of its document (``grade.RuleEvaluator``):
    the index, the condition evaluator, applicability, anchors and the shape of a result."""

    ix: Index
    ev: Evaluator

    def result(
        self,
        rule: Rule,
        outcome: Outcome,
        reasons: list[str],
        evidence: list[Evidence],
        *,
        position: Position | None = None,
        advice: list[str] | None = None,
    ) -> Result: ...

    def for_this_type(self, doc_type: DocType | None) -> bool: ...

    def anchors(self, cond: Condition) -> list[Pattern] | None: ...

    def limit_reason(self, check: Check) -> str: ...


# A member's title as a clause names it: without "Schedule 2 -" and the like, two to six words,
# and not a word for the whole set ("the Contract", "the Core Terms", "the Tender").
_PART_PREFIX = re.compile(
    r"^\W*(?:(?:schedule|annexe?|appendix|attachment|part)\s+[\w.]{1,4}\W*)?", re.I
)
_WHOLE = frozenset({"contract", "agreement", "terms", "conditions", "tender", "document"})


def _member_name(title: str) -> str | None:
    name = " ".join(_PART_PREFIX.sub("", title).split())
    words = name.lower().split()
    if not 1 <= len(words) <= 6 or words[-1] in _WHOLE or not name[:1].isupper():
        return None
    return name


_REFERENCE = re.compile(
    r"\b(schedule|annex|annexe|appendix|attachment)\s+([0-9]{1,3}[A-Z]?|[A-Z]{1,2})\b", re.I
)


@dataclass(frozen=True)
class Graded:
    """One candidate section graded: each element's verdict and the weakeners found."""

    scope: tuple[Unit, ...]
    core: tuple[tuple[Check, Verdict], ...]
    preferred: tuple[tuple[Check, Verdict], ...]
    weakeners: tuple[tuple[Check, Span], ...]

    def score(self) -> tuple[int, bool, int, int, int]:
        core = sum(v.status for _c, v in self.core)
        preferred = sum(v.status for _c, v in self.preferred)
        size = sum(u.end - u.start for u in self.scope)
        # A section that deals with the duty, even only in weak wording, says more than one
        # that merely mentions the topic.
        return (core, self.opened, -len(self.weakeners), preferred, -size)

    @property
    def opened(self) -> bool:
        """Does any core element appear, even hedged, or the rule's own weak wording? A clause
        that is only hedged is weak, not missing; a mere mention is missing (brief 1.3)."""
        return any(v.status > NOT_MET for _c, v in self.core) or bool(self.weakeners)

    @property
    def satisfied(self) -> bool:
        return all(v.status == MET for _c, v in self.core) and not self.weakeners

    @property
    def perfect(self) -> bool:
        """Satisfied at the preferred position: no larger section can score higher."""
        return self.opened and self.satisfied and all(v.status == MET for _c, v in self.preferred)


class Playbook:
    """Grades playbook rules on one indexed document, for a ``Grader``."""

    def __init__(self, rev: Grader) -> None:
        self.rev = rev
        self.ix = rev.ix
        self.ev = rev.ev
        # One Playbook grades every rule of a document: what depends on the document alone
        # (runs of operative text, sections, the parts a section refers to) is worked out once.
        self._operative: dict[tuple[int, int], list[Unit]] = {}
        self._sections: dict[int, tuple[int, int]] = {}
        self._parts: dict[tuple[int, int], list[Unit]] = {}
        self._part_headings: list[tuple[int, tuple[str, str]]] | None = None
        self._members: list[tuple[re.Pattern[str], int, int]] | None = None

    def grade(self, rule: Rule) -> Result:
        rev = self.rev
        conflict, evidence = self._conflicts(rule)
        if conflict:
            return rev.result(rule, Outcome.CONFLICT, conflict, evidence)
        anchors = self._anchors(rule)
        scopes = self._scopes(anchors)
        if not rule.topic and not any(shown(c.condition) for c in self._checks(rule.core)):
            # Met by silence ("no placeholders", "nothing designated"): the whole document.
            scopes = [(self.ix.document_unit(),)]
        best = self._best_scope(rule, scopes)
        if best is None or not best.opened:
            return rev.result(rule, Outcome.MISSING, self._missing(rule, anchors), [])
        evidence = self._evidence(best)
        if best.satisfied:
            advice = [_advice(c, v) for c, v in best.preferred if v.status != MET]
            position = Position.ACCEPTABLE if advice else Position.PREFERRED
            return rev.result(
                rule, Outcome.SATISFIED, [], evidence, position=position, advice=advice
            )
        reasons = [_shortfall(c, v) for c, v in best.core if v.status != MET]
        for check, span in best.weakeners:
            reasons.append(f'{check.label} "{hit_text(self.ix, span)}"')
        advice = [_advice(c, v) for c, v in best.preferred if v.status != MET]
        return rev.result(rule, Outcome.WEAK, reasons, evidence, advice=advice)

    def _best_scope(self, rule: Rule, scopes: list[tuple[Unit, ...]]) -> Graded | None:
        """The best-scoring section. Sections are graded smallest first and the first perfect
        one ends the search: the score breaks ties by smaller size, then by order, so no
        section after it could win (a long contract has hundreds of candidate sections)."""
        by_size = sorted(scopes, key=lambda scope: sum(u.end - u.start for u in scope))
        best: Graded | None = None
        for scope in by_size:
            graded = self._grade_scope(rule, scope)
            if best is None or graded.score() > best.score():
                best = graded
            if graded.perfect:
                break
        return best

    # -- the rule's checks for this document type --------------------------------------------
    def _checks(self, checks: tuple[Check, ...]) -> list[Check]:
        return [c for c in checks if self.rev.for_this_type(c.doc_type)]

    # -- conflict ----------------------------------------------------------------------------
    def _conflicts(self, rule: Rule) -> tuple[list[str], list[Evidence]]:
        reasons: list[str] = []
        evidence: list[Evidence] = []
        doc = self.ix.document_unit()
        for check in self._checks(rule.conflicts):
            for unit in self._units_with_anchor(check, self._operative_units(doc)):
                v = self.ev.verdict(check.condition, unit)
                if v.status > NOT_MET and v.span is not None and not _only_weaker(v):
                    reasons.append(f'{check.label}: "{hit_text(self.ix, v.span)}"')
                    evidence.append(evidence_at(self.ix, v.span))
                    break
        for check in rule.limits:
            ok, span = self.ev.holds(check.condition, doc)
            if not ok:
                reasons.append(self.rev.limit_reason(check))
                if span:
                    evidence.append(evidence_at(self.ix, span))
        return reasons, evidence

    def _units_with_anchor(self, check: Check, units: list[Unit]) -> list[Unit]:
        """The units that hold a word the check cannot hold without (a frame's action, one of
        the phrases it mentions): contrary wording is looked for there only."""
        anchors = self.rev.anchors(check.condition)
        if anchors is None:
            return units
        ix = self.ix
        blocks = sorted({ix.block_at(s) for p in anchors for s in ix.hits(p).starts})
        out = []
        for u in units:
            i = bisect_left(blocks, u.first)
            if i < len(blocks) and blocks[i] <= u.last:
                out.append(u)
        return out

    def _operative_units(self, within: Unit) -> list[Unit]:
        """Runs of operative blocks (not headings, definitions, contents or notes)."""
        got = self._operative.get((within.first, within.last))
        if got is None:
            got = self._operative[(within.first, within.last)] = self._operative_runs(within)
        return got

    def _operative_runs(self, within: Unit) -> list[Unit]:
        ix = self.ix
        out: list[Unit] = []
        first = None
        for b in range(within.first, within.last + 1):
            if ix.operative[b]:
                first = b if first is None else first
                continue
            if first is not None:
                out.append(ix.unit(first, b - 1, "section"))
                first = None
        if first is not None:
            out.append(ix.unit(first, within.last, "section"))
        return out

    # -- where the rule opens ----------------------------------------------------------------
    def _anchors(self, rule: Rule) -> list[int]:
        """Operative blocks that mention the rule's topic (or, with no topic, its core)."""
        ix = self.ix
        patterns = list(rule.topic)
        if not patterns:
            for check in self._checks(rule.core):
                patterns.extend(self.rev.anchors(check.condition) or [])
        blocks: set[int] = set()
        for p in patterns:
            for s in ix.hits(p).starts:
                b = ix.block_at(s)
                if ix.operative[b]:
                    blocks.add(b)
        return sorted(blocks)

    def _scopes(self, anchors: list[int]) -> list[tuple[Unit, ...]]:
        seen: dict[tuple[int, int], tuple[Unit, ...]] = {}
        # Anchors come in order and every section holds its own anchor, so an anchor inside
        # a section already seen is one at or before the furthest section end so far.
        reach = -1
        for b in sorted(anchors):
            if b <= reach:
                continue
            first, last = self._section(b)
            reach = max(reach, last)
            unit = self.ix.unit(first, last, "section")
            seen[(first, last)] = (unit, *self._referenced_parts(unit))
        return list(seen.values())

    def _section(self, b: int) -> tuple[int, int]:
        """The first and last block of ``b``'s section. Numbered clauses that stand at the top
        with no heading or clause above them ("35.3", "35.4" quoted from a contract) are one
        section when they share their first number, as clause 35's siblings would be."""
        got = self._sections.get(b)
        if got is None:
            got = self._sections[b] = self._find_section(b)
        return got

    def _find_section(self, b: int) -> tuple[int, int]:
        ix = self.ix
        root = self.section_root(b)
        ends = ix.subtree_end()
        first, last = root, ends[root]
        prefix = _clause_head(ix.blocks[root].location.clause)
        if ix.parents()[root] >= 0 or prefix is None:
            return first, last
        parents = ix.parents()
        while first > 0:
            p = first - 1
            while p > 0 and parents[p] >= 0:
                p -= 1  # to the top-level block whose subtree holds the previous block
            if parents[p] >= 0 or _clause_head(ix.blocks[p].location.clause) != prefix:
                break
            first = p
        while last + 1 < len(ix.blocks):
            nxt = last + 1
            if parents[nxt] >= 0 or _clause_head(ix.blocks[nxt].location.clause) != prefix:
                break
            last = ends[nxt]
        return first, last

    def section_root(self, b: int) -> int:
        """The block whose subtree is ``b``'s section: the nearest heading that is not the
        document's title, else the outermost numbered clause above it, else ``b``."""
        ix = self.ix
        n = len(ix.blocks)
        ends = ix.subtree_end()
        outermost = b
        for a in ix.ancestors(b):
            if ix.blocks[a].kind is BlockKind.HEADING:
                if ends[a] - a < 0.8 * n or n < 10:
                    return a
                break
            outermost = a
        return outermost

    def _referenced_parts(self, unit: Unit) -> list[Unit]:
        """Schedules and annexes the section refers to ("as set out in Schedule 6")."""
        got = self._parts.get((unit.start, unit.end))
        if got is None:
            got = self._parts[(unit.start, unit.end)] = self._find_parts(unit)
        return got

    def _find_parts(self, unit: Unit) -> list[Unit]:
        ix = self.ix
        named = [
            ix.unit(first, last, "section")
            for name, first, last in self._named_members()
            if not first <= unit.first <= last and name.search(ix.text, unit.start, unit.end)
        ]
        wanted = {
            (m.group(1).lower().rstrip("e"), m.group(2).upper())
            for m in _REFERENCE.finditer(ix.text, unit.start, unit.end)
        }
        if not wanted:
            return named
        if self._part_headings is None:  # headings that open a schedule or annex, in order
            self._part_headings = []
            for b, block in enumerate(ix.blocks):
                m = _REFERENCE.match(block.text) if block.kind is BlockKind.HEADING else None
                if m:
                    self._part_headings.append(
                        (b, (m.group(1).lower().rstrip("e"), m.group(2).upper()))
                    )
        return named + [
            ix.unit(b, ix.subtree_end()[b], "section")
            for b, key in self._part_headings
            if key in wanted and not unit.first <= b <= unit.last
        ]

    def _named_members(self) -> list[tuple[re.Pattern[str], int, int]]:
        """In a set, each member a clause can name ("as described in the Specification", "the
        Order Form"): a pattern for "the" and its title, and its first and last block."""
        if self._members is None:
            self._members = []
            ranges: dict[str, list[int]] = {}
            for b, block in enumerate(self.ix.blocks):
                if block.location.document is not None:
                    ranges.setdefault(block.location.document, []).append(b)
            for blocks in ranges.values() if len(ranges) > 1 else ():
                name = _member_name(self.ix.blocks[blocks[0]].text)
                if name:
                    the = re.compile(rf"\bthe\s+{re.escape(name)}\b", re.IGNORECASE)
                    self._members.append((the, blocks[0], blocks[-1]))
        return self._members

    # -- grading a section -------------------------------------------------------------------
    def _grade_scope(self, rule: Rule, scope: tuple[Unit, ...]) -> Graded:
        core = tuple((c, self._best(c, scope)) for c in self._checks(rule.core))
        preferred = tuple((c, self._best(c, scope)) for c in self._checks(rule.preferred))
        # A rule's own weakeners are wording about this duty (a narrowed scope, a veto, a
        # carve-out of its object): they count in the section that states the duty and the
        # schedules it refers to, never in an unrelated clause elsewhere.
        weakeners: list[tuple[Check, Span]] = []
        for check in self._checks(rule.weak):
            v = self._best(check, scope)
            # Weak wording is weak even when a hedge qualifies it too ("may withdraw ... at its
            # discretion"): a frame met only in a hedged form still counts here.
            if v.status > NOT_MET and v.span is not None:
                weakeners.append((check, v.span))
        return Graded(scope, core, preferred, tuple(weakeners))

    def _best(self, check: Check, scope: tuple[Unit, ...]) -> Verdict:
        best = Verdict(NOT_MET)
        for unit in scope:
            v = self.ev.verdict(check.condition, unit)
            if v.status > best.status:
                best = v
            if best.status == MET:
                break
        return best

    # -- reasons and evidence ----------------------------------------------------------------
    def _evidence(self, graded: Graded) -> list[Evidence]:
        spans = [v.span for _c, v in (*graded.core, *graded.preferred) if v.span is not None]
        spans += [span for _c, span in graded.weakeners]
        out: list[Evidence] = []
        seen: set[Span] = set()
        for span in spans:
            sentence = self.ev.duties.sentence_of(span[0])
            if sentence in seen:
                continue
            seen.add(sentence)
            out.append(evidence_at(self.ix, span))
        return out[:MAX_EVIDENCE]

    def _missing(self, rule: Rule, anchors: list[int]) -> list[str]:
        ix = self.ix
        sets = ix.compiled.sets
        topic = " or ".join(describe_pattern(p, sets) for p in rule.topic) or "the requirement"
        reasons = [f"looked in every operative clause for {topic} and a duty about it"]
        core = self._checks(rule.core)
        if anchors:
            b = anchors[0]
            loc = ix.blocks[b].location
            first = core[0].label if core else "a duty"
            reasons.append(
                f'closest: {loc.short()} "{quote(ix, (ix.starts[b], ix.ends[b]))}" mentions '
                f"{topic} but imposes no {_bare(first or 'duty')}"
            )
            return reasons
        for p in rule.topic:
            for s in ix.hits(p).starts:
                b = ix.block_at(s)
                kind = ix.blocks[b].kind
                if kind is not BlockKind.HEADING and kind.is_operative:
                    continue
                what = {
                    BlockKind.DEFINITION: "a definition",
                    BlockKind.HEADING: "a heading",
                    BlockKind.CONTENTS: "the contents",
                    BlockKind.NOTE: "a drafting note",
                }.get(kind, "text that is not operative")
                loc = ix.blocks[b].location
                where = f'{what} ({loc.short()}): "{quote(ix, (s, s + 1))}"'
                reasons.append(f"{topic} is mentioned only in {where}")
                return reasons
        return reasons


def _only_weaker(v: Verdict) -> bool:
    """A contrary frame read only as a recommendation or an intention ("the Supplier should
    not be prevented from ...") is no contrary term; one hedged by a qualifier still is."""
    return any(w.endswith(", not a duty") for w in v.why)


def _clause_head(clause: str | None) -> str | None:
    """The first number of a dotted clause path ("35" of "35.3(a)"), None for others."""
    m = re.match(r"(\d+)\.\d", clause or "")
    return m.group(1) if m else None


def _bare(label: str) -> str:
    """A noun phrase without its leading article: "a duty to X" -> "duty to X"."""
    return re.sub(r"^(?:a|an|the)\s+", "", label)


def _shortfall(check: Check, v: Verdict) -> str:
    label = _bare(check.label or "core element")
    if v.status == HEDGED:
        return f"{label}: " + "; ".join(v.why)
    return f"no {label}"


def _advice(check: Check, v: Verdict) -> str:
    label = _bare(check.label or "preferred element")
    if v.status == HEDGED:
        return f"{label}: " + "; ".join(v.why)
    return f"add {label}"


__all__ = ["MET", "Graded", "Playbook"]
