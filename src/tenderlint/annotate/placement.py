"""Where model wording goes: after the weak clause, at the end of a section, or at the end."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, assert_never

from tenderlint.annotate.locate import locate, outside_textbox, text_of
from tenderlint.annotate.target import Target
from tenderlint.annotate.wording import cite, one_line, short
from tenderlint.engine.compile import Compiled
from tenderlint.engine.index import Index
from tenderlint.engine.matcher import Atom, compile_atom
from tenderlint.lang.nouns import (
    All,
    AnyOf,
    Compare,
    Condition,
    Count,
    Fact,
    Frame,
    Mentions,
    Near,
    Not,
    Pattern,
    Phrase,
    Regex,
    Rule,
)
from tenderlint.lang.walk import flatten, walk_patterns
from tenderlint.model import BlockKind, Result
from tenderlint.read.ooxml.names import (
    CUSTOM_XML,
    INS,
    MOVE_TO,
    SDT_CONTENT,
    SECT_PR,
    TBL,
    TC,
    TR,
    P,
)

_DEFINITION = re.compile(
    r'^(?:[\w.()]+\s+)?"[^"]{1,80}"\s+(?:means|includes|has the meaning|shall mean)\b', re.I
)
# Words too common in contract headings to say which section a requirement belongs in.
# fmt: off
_GENERIC = frozenset((
    "and", "the", "for", "with", "from", "into", "its", "their", "this", "that", "other",
    "general", "provisions", "services", "service", "contract", "contracts", "supplier",
    "authority", "buyer", "customer", "party", "parties", "terms", "clause", "clauses",
    "schedule", "schedules", "requirements", "requirement", "obligations", "information",
    "management", "public",
))
# fmt: on


@dataclass(frozen=True)
class Plan:
    """Where one rule's model wording goes: after ``after`` (None: the end of the body),
    formatted like ``template`` (a w:p) unless ``plain``; ``where`` tells the lawyer."""

    after: Any | None
    template: Any | None
    plain: bool
    where: str


def _looked_for(cond: Condition) -> list[Pattern]:
    """The patterns a requirement looks for (both sides of a "near"), for matching headings."""
    if isinstance(cond, Mentions | Count):
        return [p for p in walk_patterns(cond.patterns) if not isinstance(p, Near)]
    if isinstance(cond, All | AnyOf):
        return [p for c in cond.items for p in _looked_for(c)]
    if isinstance(cond, Frame):
        # A duty's action and objects say what the clause is about; its party does not.
        said = (*((cond.action,) if cond.action is not None else ()), *cond.objects)
        return [p for p in walk_patterns(said) if not isinstance(p, Near)]
    if isinstance(cond, Not | Compare | Fact):
        # What a clause must not say is no sign of where it belongs, and a comparison's
        # phrases only say where its quantity is.
        return []
    assert_never(cond)


def _block_point(el: Any) -> Any:
    """The block-level element a new paragraph can follow: a table for its rows, the body
    paragraph for a text box, and out of content controls it ends."""
    node = el
    if node.tag == TR:
        node = next(node.iterancestors(TBL), node)
    node = outside_textbox(node)
    while True:
        parent = node.getparent()
        if parent is None or parent.tag not in (SDT_CONTENT, CUSTOM_XML, INS, MOVE_TO):
            break
        if node.getnext() is not None:
            break
        node = parent.getparent() if parent.tag == SDT_CONTENT else parent
        if node is None:  # pragma: no cover - sdtContent always has an sdt
            break
    return node


def _row_plan(row: Any, quote: str) -> Plan | None:
    """Wording for a weak table row (a requirement in a schedule, say) goes into the row's
    cell that holds the quotation, not after a table that may run for pages. The quotation
    can span the row ("R1 | The Supplier shall..."): of the cells it touches, the one with
    the most text holds the requirement itself."""
    cells = [tc for tc in row.iter(TC) if next(tc.iterancestors(TR), None) is row]
    found = locate(row, quote)
    touched = cells
    if found is not None:
        first = next(found.first.iterancestors(TC), None)
        last_cell = next(found.last.iterancestors(TC), None)
        if first in cells and last_cell in cells:
            touched = cells[cells.index(first) : cells.index(last_cell) + 1]
    cell = max(touched, key=lambda tc: len(text_of(tc)), default=None)
    paras = [c for c in cell if c.tag == P] if cell is not None else []
    if paras:
        return Plan(paras[-1], paras[-1], False, "in the same table row")
    return None


class Planner:
    """Plans where each rule's wording goes, made before anything in the draft changes."""

    def __init__(self, target: Target, compiled: Compiled) -> None:
        self.target = target
        self.doc = target.doc
        self.elements = target.elements
        self.compiled = compiled
        self._index: Index | None = None

    def index(self) -> Index:
        """The engine's index of the document (clauses and sections), built on first use."""
        if self._index is None:
            self._index = Index(self.doc, self.compiled)
        return self._index

    def _clamp(self, last: int, first: int) -> int:
        while last > first and (last >= len(self.elements) or self.elements[last] is None):
            last -= 1
        return last

    def _plan_after(self, last: int, where: str) -> Plan:
        point = _block_point(self.elements[last])
        heading = self.doc.blocks[last].kind is BlockKind.HEADING
        template = point if point.tag == P else None
        return Plan(point, template, heading or template is None, where)

    def weak_plan(self, result: Result) -> Plan | None:
        """After the weak clause: the last block of the clause that holds the first evidence
        (with its sub-clauses), stretched over later evidence in the same section, since the
        unit found weak can be a whole section; a heading stands for its whole section."""
        located = [
            e.location.block - 1
            for e in result.evidence
            if e.location is not None
            and 1 <= e.location.block <= len(self.elements)
            and self.elements[e.location.block - 1] is not None
        ]
        # A definition ("Exit Plan" means...) is where a weak duty is named, not where its
        # wording belongs: the wording follows the first operative clause of the evidence,
        # or goes where a missing requirement's would.
        located = [e for e in located if not _DEFINITION.match(self.doc.blocks[e].text)]
        if not located:
            return None
        b = located[0]
        last = self._clamp(self._clause_end(b, located[1:]), b)
        block = self.doc.blocks[last]
        if self.elements[last].tag == TR and last == b:
            plan = _row_plan(self.elements[last], result.evidence[0].quote)
            if plan is not None:
                return plan
        return self._plan_after(last, f"after {cite(block.text, block.location)}")

    def _clause_end(self, b: int, later: Sequence[int]) -> int:
        """The last block of the section (for a heading) or outermost clause holding block
        ``b``, stretched over the clauses of ``later`` evidence in the same section."""
        ix = self.index()
        if self.doc.blocks[b].kind is BlockKind.HEADING:
            return ix.section_unit(b).last
        # The outermost clause holding the evidence, so the wording never splits a list
        # of sub-clauses or bullets: "1.2 The Supplier shall: (a)... (b)..." as a whole.
        clause_last, section_of = ix.clause_last(), ix.section_of()
        last = clause_last[(ix.clause_ancestors(b) or [b])[-1]]
        for e in later:
            if e > b and section_of[e] == section_of[b]:
                last = max(last, clause_last[(ix.clause_ancestors(e) or [e])[-1]])
        return last

    def section_plan(self, rule: Rule) -> Plan:
        """At the end of the most relevant section, else at the end of the body.

        Each heading is scored: the requirement's own ``in section`` patterns decide
        outright; then the rule's theme as a phrase; then the patterns the requirement looks
        for (a "Freedom of Information" heading for FOI rules); then single key words from
        the theme and tags that are not generic contract words. The first heading with the
        best positive score wins, since main clauses come before schedules.
        """
        h = self._best_heading(rule)
        if h is None:
            return self._end_plan()
        last = self._clamp(self.index().section_unit(h).last, h)
        return self._plan_after(last, f"at the end of “{short(self.doc.blocks[h].text)}”")

    def _end_plan(self) -> Plan:
        body = self.target.body
        children = [c for c in body if c.tag != SECT_PR]
        last = children[-1] if children else None
        template = last if last is not None and last.tag == P else None
        plain = template is None
        if template is not None:
            b = self.target.block_of.get(template)
            plain = b is not None and self.doc.blocks[b].kind is BlockKind.HEADING
        return Plan(None, template, plain, "at the end of the document")

    def _atoms(self, patterns: Sequence[Pattern], phrases_only: bool) -> list[Atom]:
        out: list[Atom] = []
        for p in patterns:
            for c in flatten(p, self.compiled.sets):
                if isinstance(c, Phrase) or (isinstance(c, Regex) and not phrases_only):
                    out.append(compile_atom(0, c))
        return out

    def _best_heading(self, rule: Rule) -> int | None:
        req = rule.requirement
        scope = self._atoms(req.sections, False) if req else []
        # Only the phrases of what the requirement looks for: its expressions can be
        # structural (a line start, a number) and would match every heading.
        looked = self._atoms(_looked_for(req.condition), True) if req else []
        theme = one_line(rule.theme).lower()
        words = {
            word
            for word in re.findall(r"[a-z]{3,}", f"{theme} {' '.join(rule.tags)}".lower())
            if word not in _GENERIC
        }
        best: tuple[int, int] | None = None
        for i, el in enumerate(self.elements):
            block = self.doc.blocks[i]
            if el is None or block.kind is not BlockKind.HEADING:
                continue
            if i == 0 and block.text == self.doc.title:
                continue  # the title's "section" is the whole opening of the document
            text = block.text
            lower = text.lower()
            score = 0
            if any(a.search(text) for a in scope):
                score += 100
            if theme and theme in lower:
                score += 10
            if any(a.search(text) for a in looked):
                score += 5
            score += sum(1 for word in words if re.search(rf"\b{re.escape(word)}", lower))
            if score and (best is None or score > best[0]):
                best = (score, i)
        return best[1] if best else None
