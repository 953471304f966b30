"""Rules to results: applicability, the units that meet a rule's requirement, grading each
against its strong and weak checks, and the result with its reasons and evidence."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import assert_never

from tenderlint.engine.compile import Compiled
from tenderlint.engine.conditions import Evaluator, threshold_of
from tenderlint.engine.evidence import MAX_EVIDENCE, evidence_at, hit_text, quote
from tenderlint.engine.facts import document_facts
from tenderlint.engine.index import Index
from tenderlint.engine.matcher import compile_atom
from tenderlint.engine.naming import own_names, party_names
from tenderlint.engine.playbook import Playbook
from tenderlint.engine.units import Span, Unit
from tenderlint.forked import share
from tenderlint.lang.describe import check_label, describe, describe_pattern
from tenderlint.lang.nouns import (
    All,
    AnyOf,
    Check,
    Compare,
    Condition,
    Count,
    Fact,
    Frame,
    Mentions,
    Not,
    Pattern,
    Rule,
)
from tenderlint.lang.vocab import MEASURES
from tenderlint.lang.walk import concrete, tests_frames, walk_condition
from tenderlint.model import (
    BlockKind,
    DocType,
    Document,
    Evidence,
    Outcome,
    Position,
    Result,
    Severity,
    Trigger,
)


@dataclass
class _Candidate:
    unit: Unit
    witness: Span | None
    failed: list[tuple[Check, str]] = field(default_factory=list)
    weakeners: list[tuple[Check, Span | None]] = field(default_factory=list)
    passed: list[tuple[Check, Span | None]] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return len(self.failed) + len(self.weakeners)


@dataclass(frozen=True)
class Context:
    """What the engine knows about the document besides its text."""

    doc_type: DocType
    doc_type_reason: str = ""
    facts: Mapping[str, str] = field(default_factory=dict)  # the config's [facts]


# A heading of this many words or more describes the service or lot rather than labels a topic.
_DESCRIPTIVE_HEADING = 6


def _describes(heading: str) -> bool:
    return len(re.findall(r"[A-Za-z]{2,}", heading)) >= _DESCRIPTIVE_HEADING


class RuleEvaluator:
    """Evaluates rules on one indexed document."""

    def __init__(self, index: Index, context: Context) -> None:
        self.ix = index
        self.facts = document_facts(index.doc, context.facts)
        self.ev = Evaluator(index, self.facts)
        self.ctx = context
        self.sets = index.compiled.sets
        self._trigger: Trigger | None = None  # the rule being evaluated's trigger, once read
        self._service: list[Unit] | None = None
        self._scope_note: str | None = None
        self._names = party_names(index.doc)
        self._playbook: Playbook | None = None  # grades every playbook rule of the document

    # -- public ----------------------------------------------------------------------------
    def evaluate(self, rule: Rule) -> Result:
        self._trigger = None
        self._scope_note = self._out_of_scope(rule)
        na = self._not_applicable(rule)
        if na is not None:
            return self.result(rule, Outcome.NOT_APPLICABLE, [na], [])
        if rule.playbook:
            if self._playbook is None:
                self._playbook = Playbook(self)
            return self._playbook.grade(rule)
        doc = self.ix.document_unit()
        reasons: list[str] = []
        evidence: list[Evidence] = []
        for pro in rule.prohibitions:
            if not self.for_this_type(pro.doc_type):
                continue
            for unit, span in self._matches(pro.unit, pro.condition)[:3]:
                label = pro.label or describe(pro.condition, self.sets)
                reasons.append(f'{label}: "{hit_text(self.ix, span or (unit.start, unit.end))}"')
                evidence.append(evidence_at(self.ix, span or (unit.start, unit.end)))
        for check in rule.limits:
            ok, span = self.ev.holds(check.condition, doc)
            if not ok:
                reasons.append(self.limit_reason(check))
                if span:
                    evidence.append(evidence_at(self.ix, span))
        if reasons:
            if rule.requirement is not None:
                best, _near = self._best(rule)
                if best is not None and best.problems == 0:
                    reasons.append("a clause that meets the requirement is also present")
                    evidence.append(
                        evidence_at(self.ix, best.witness or (best.unit.start, best.unit.end))
                    )
            return self.result(rule, Outcome.CONFLICT, reasons, evidence)
        if rule.requirement is None:
            cand = self._grade(rule, _Candidate(doc, None))
            if cand.problems == 0:
                ev = [evidence_at(self.ix, s) for _c, s in cand.passed if s][:MAX_EVIDENCE]
                return self.result(rule, Outcome.SATISFIED, [], ev)
            return self.result(rule, Outcome.WEAK, *self._weak_reasons(cand))
        best, near_misses = self._best(rule)
        if best is None:
            return self.result(rule, Outcome.MISSING, self._missing_reasons(rule, near_misses), [])
        if best.problems == 0:
            ev = self._candidate_evidence(best)
            return self.result(rule, Outcome.SATISFIED, [], ev)
        reasons, ev = self._weak_reasons(best)
        return self.result(rule, Outcome.WEAK, reasons, ev)

    # -- applicability ---------------------------------------------------------------------
    def _not_applicable(self, rule: Rule) -> str | None:
        dt = self.ctx.doc_type
        if dt is DocType.UNKNOWN:
            if rule.applies_to != frozenset({DocType.TENDER, DocType.CONTRACT}):
                only = "/".join(sorted(t.value for t in rule.applies_to))
                return (
                    f"wrong document type: the rule applies to {only}s only and the document "
                    "type is unknown (set --doc-type)"
                )
        elif dt not in rule.applies_to:
            only = " and ".join(sorted(t.value + "s" for t in rule.applies_to))
            why = f" ({self.ctx.doc_type_reason})" if self.ctx.doc_type_reason else ""
            return f"wrong document type: the rule applies to {only}; this is a {dt.value}{why}"
        evidence: list[Evidence] = []
        labels: list[str] = []
        for trig in rule.triggers:
            if not self.for_this_type(trig.doc_type):
                continue
            ok, span, aside = self._trigger_met(trig)
            label = check_label(trig, self.sets)
            if not ok:
                why = f"not met: no {_bare(label)} in the text"
                if aside is not None:
                    why += f'; set aside a conditional clause: "{quote(self.ix, aside)}"'
                self._trigger = Trigger(False, why)
                return f"trigger not met: {label}"
            labels.append(label)
            if span is not None:
                evidence.append(evidence_at(self.ix, span))
        if labels:
            self._trigger = Trigger(True, "met: " + "; ".join(labels), tuple(evidence))
        return None

    def _out_of_scope(self, rule: Rule) -> str | None:
        """Why a rule that is mandatory only in some scope is a recommendation here, or None."""
        missing = [
            check_label(c, self.sets)
            for c in rule.mandatory
            if not self.ev.holds(c.condition, self.ix.document_unit())[0]
        ]
        if not missing:
            return None
        configured = "; set [facts] in the config if it is" if not self.ctx.facts else ""
        return f"a recommendation here: mandatory for {' and '.join(missing)}{configured}"

    def _trigger_met(self, trig: Check) -> tuple[bool, Span | None, Span | None]:
        """A trigger is met by text about the service: operative text or a definition, not a
        heading, contents line or drafting note, and not a conditional clause ("if the
        Supplier uses AI ...") that only shows the document addresses the topic (brief 1.6).
        Returns whether it is met, the passage that meets it, and a conditional passage set
        aside."""
        if not isinstance(trig.condition, Mentions | All | AnyOf | Frame):
            ok, span = self.ev.holds(trig.condition, self.ix.document_unit())
            return ok, span, None
        aside: Span | None = None
        for unit in self.service_units():
            ok, span = self.ev.holds(trig.condition, unit)
            if ok and span is None:
                return True, None, None  # met by what no passage shows ("not ...", a fact)
            while ok and span is not None:
                sentence = self.ix.sentence_at(span[0])
                if not _CONDITIONAL.match(self.ix.text, sentence[0]):
                    return True, span, None
                aside = aside or span
                rest = Unit(
                    sentence[1], unit.end, self.ix.block_at(sentence[1]), unit.last, "section"
                )
                if rest.start >= rest.end:
                    break
                ok, span = self.ev.holds(trig.condition, rest)
        return False, None, aside

    def service_units(self) -> list[Unit]:
        """Runs of blocks that can say what the service is: operative text, definitions, and
        headings that describe rather than label ("Schedule 4 - Performance Standards (Household
        Waste Collection Service for Residents)", a lot's description; not "Artificial
        Intelligence", which only shows the document addresses the topic)."""
        if self._service is None:
            ix = self.ix
            out: list[Unit] = []
            first = None
            for b, block in enumerate(ix.blocks):
                if (
                    block.kind.is_operative
                    or block.kind is BlockKind.DEFINITION
                    or (block.kind is BlockKind.HEADING and _describes(block.text))
                ):
                    first = b if first is None else first
                elif first is not None:
                    out.append(ix.unit(first, b - 1, "section"))
                    first = None
            if first is not None:
                out.append(ix.unit(first, len(ix.blocks) - 1, "section"))
            self._service = out
        return self._service

    # -- matching units --------------------------------------------------------------------
    def anchors(self, cond: Condition) -> list[Pattern] | None:
        """Patterns one of which every matching unit must contain, or None if unknowable."""
        if isinstance(cond, Mentions):
            return list(cond.patterns) if cond.scope is None else None
        if isinstance(cond, Count):
            positive = not isinstance(cond.n, int) or cond.n >= 1
            return list(cond.patterns) if cond.op == ">=" and positive else None
        if isinstance(cond, Frame):
            # A duty's action word is in every unit that states it; an object may be in a
            # definition elsewhere ("act on" has no action word), so it anchors nothing.
            return [cond.action] if cond.action is not None else None
        if isinstance(cond, Compare | Not | Fact):
            return None
        if isinstance(cond, All):
            options = [a for a in (self.anchors(c) for c in cond.items) if a is not None]
            if not options:
                return None
            return min(options, key=lambda ps: sum(len(self.ix.hits(p)) for p in ps))
        if isinstance(cond, AnyOf):
            out: list[Pattern] = []
            for c in cond.items:
                a = self.anchors(c)
                if a is None:
                    return None
                out.extend(a)
            return out
        assert_never(cond)

    def _candidate_units(self, kind: str, cond: Condition) -> list[Unit]:
        anchors = self.anchors(cond)
        if anchors is None:
            return self.ix.all_units(kind)
        seen: dict[tuple[int, int], Unit] = {}
        for p in anchors:
            h = self.ix.hits(p)
            for s in h.starts:
                for u in self.ix.units_at(s, kind):
                    seen.setdefault((u.start, u.end), u)
        return sorted(seen.values(), key=lambda u: (u.start, u.end))

    def _matches(self, kind: str, cond: Condition) -> list[tuple[Unit, Span | None]]:
        out = []
        for u in self._candidate_units(kind, cond):
            ok, w = self.ev.holds(cond, u)
            if ok:
                out.append((u, w))
        out.sort(key=lambda uw: (uw[0].start, uw[0].end))
        if kind == "clause":
            # A clause and its parent clause are both graded: the parent may hold the
            # deadline in a sub-clause, the child the precise duty; the best decides.
            return out
        # A section (or sentence) that contains another matching one says less about the
        # requirement than the innermost: a document title's "section" is the whole document.
        return [
            (u, w)
            for u, w in out
            if not any(
                v is not u
                and u.start <= v.start
                and v.end <= u.end
                and (v.start, v.end) != (u.start, u.end)
                for v, _ in out
            )
        ]

    def _in_scope(self, rule: Rule, unit: Unit) -> bool:
        req = rule.requirement
        if req is None or not req.sections:
            return True
        for h in self.ix.section_ancestors(unit.first):
            hs, he = self.ix.starts[h], self.ix.ends[h]
            if any(self.ix.hits(p).first_in(hs, he) for p in req.sections):
                return True
        heading = self.ix.blocks[unit.first].location.heading or ""
        return any(self._pattern_in_text(p, heading) for p in req.sections)

    def _pattern_in_text(self, p: Pattern, text: str) -> bool:
        return any(compile_atom(0, c).search(text) for c in concrete(p, self.sets))

    def _best(self, rule: Rule) -> tuple[_Candidate | None, list[str]]:
        req = rule.requirement
        assert req is not None
        near: list[str] = []
        matches: list[tuple[Unit, Span | None]] = []
        for unit, witness in self._matches(req.unit, req.condition):
            if not self._in_scope(rule, unit):
                if len(near) < 2:
                    loc = self.ix.blocks[unit.first].location
                    near.append(
                        f"{loc.short()} matches but is outside the section "
                        f"{' or '.join(describe_pattern(p, self.sets) for p in req.sections)}: "
                        f'"{quote(self.ix, witness or (unit.start, unit.end))}"'
                    )
                continue
            matches.append((unit, witness))
        if not matches:
            near.extend(self._near_misses(rule))
            return None, near
        # Smallest first: the first candidate with no problem is the best there can be (every
        # such candidate passed every check), so grading can stop there.
        matches.sort(key=lambda uw: (uw[0].end - uw[0].start, uw[0].start))
        cands: list[_Candidate] = []
        for unit, witness in matches:
            cand = self._grade(rule, _Candidate(unit, witness))
            if cand.problems == 0:
                return cand, near
            cands.append(cand)
        best = min(
            cands,
            key=lambda c: (c.problems, -len(c.passed), c.unit.end - c.unit.start, c.unit.start),
        )
        return best, near

    def for_this_type(self, doc_type: DocType | None) -> bool:
        return doc_type is None or doc_type is self.ctx.doc_type

    def _grade(self, rule: Rule, cand: _Candidate) -> _Candidate:
        for check in rule.strong:
            if not self.for_this_type(check.doc_type):
                continue
            ok, span = self.ev.holds(check.condition, cand.unit)
            if ok:
                cand.passed.append((check, span))
            else:
                cand.failed.append((check, self._failed_reason(check, cand.unit)))
        for check in rule.weak:
            if not self.for_this_type(check.doc_type):
                continue
            ok, span = self.ev.holds(check.condition, cand.unit)
            if ok:
                cand.weakeners.append((check, span))
        return cand

    def _near_misses(self, rule: Rule) -> list[str]:
        """The unit that came closest to matching: it met some conditions of the requirement."""
        req = rule.requirement
        assert req is not None
        parts = req.condition.items if isinstance(req.condition, All) else ()
        if len(parts) < 2:
            return []
        best: tuple[int, Unit, list[Condition], Span | None] | None = None
        for unit in self._candidate_units(req.unit, AnyOf(tuple(parts)))[:2000]:
            met, missed, wit = 0, [], None
            for c in parts:
                ok, w = self.ev.holds(c, unit)
                if ok:
                    met += 1
                    wit = wit or w
                else:
                    missed.append(c)
            if met and (best is None or met > best[0]):
                best = (met, unit, missed, wit)
        if best is None:
            return []
        _met, unit, missed, wit = best
        loc = self.ix.blocks[unit.first].location
        lacks = "; ".join(describe(c, self.sets) for c in missed)
        return [
            f'closest: {loc.short()} "{quote(self.ix, wit or (unit.start, unit.end))}" '
            f"does not mention {lacks}"
        ]

    # -- reasons ---------------------------------------------------------------------------
    def _failed_reason(self, check: Check, unit: Unit) -> str:
        label = check_label(check, self.sets)
        # The first quantity test in the condition explains it, even inside "or"/"and".
        cond = next(
            (
                c
                for c in walk_condition(check.condition)
                if isinstance(c, Compare) and c.subject not in MEASURES
            ),
            check.condition,
        )
        if isinstance(cond, Compare) and cond.subject not in MEASURES:
            found = self.ev.relevant_quantities(cond, unit)
            placeholders = [f for f in found if f.placeholder]
            real = [f for f in found if not f.placeholder]
            limit = threshold_of(cond.value, self.ix.compiled.params)
            if real:
                side = "over" if cond.op in ("<=", "<") else "under"
                if cond.op == "=":
                    side = "not"
                shown = ", ".join(f'"{f.text}"' for f in real[:3])
                verb = "is" if len(real) == 1 else "are"
                return f"no {label}: {shown} {verb} {side} {limit.text}"
            if placeholders:
                return f'no {label}: "{placeholders[0].text}" is a placeholder left in brackets'
        return f"no {label}"

    def limit_reason(self, check: Check) -> str:
        """ "redacted share of the text is 15.2%, over the limit of 10%"."""
        cond = check.condition
        assert isinstance(cond, Compare)
        value, _spans = self.ix.measure(cond.subject)
        limit = threshold_of(cond.value, self.ix.compiled.params)
        shown = f"{value:.1f}%" if MEASURES.get(cond.subject) == "percentage" else f"{value:g}"
        what = check.label or cond.subject.replace("_", " ")
        side = {"<=": "over the limit of", "<": "not under", ">=": "under the minimum of",
                ">": "not over", "=": "not"}[cond.op]  # fmt: skip
        return f"{what} is {shown}, {side} {limit.text}"

    def _weak_reasons(self, cand: _Candidate) -> tuple[list[str], list[Evidence]]:
        reasons = [why for _c, why in cand.failed]
        evidence = self._candidate_evidence(cand)
        for check, span in cand.weakeners:
            label = check_label(check, self.sets)
            if span:
                reasons.append(f'{label} "{hit_text(self.ix, span)}"')
                ev = evidence_at(self.ix, span)
                if ev not in evidence:
                    evidence.append(ev)
            else:
                reasons.append(label)
        return reasons, evidence[:MAX_EVIDENCE]

    def _candidate_evidence(self, cand: _Candidate) -> list[Evidence]:
        spans: list[Span] = []
        if cand.witness or cand.unit.kind != "document":
            spans.append(cand.witness or (cand.unit.start, cand.unit.end))
        spans += [s for _c, s in cand.passed if s]
        out: list[Evidence] = []
        seen_sentences: set[Span] = set()
        for s in spans:
            sent = self.ix.sentence_at(s[0])
            if sent in seen_sentences:
                continue
            seen_sentences.add(sent)
            out.append(evidence_at(self.ix, s))
        return out[:MAX_EVIDENCE]

    def _missing_reasons(self, rule: Rule, near: list[str]) -> list[str]:
        req = rule.requirement
        assert req is not None
        where = {
            "sentence": "every sentence",
            "clause": "every clause",
            "paragraph": "every paragraph",
            "section": "every section",
            "row": "every table row",
            "document": "the whole document",
        }[req.unit]
        if req.sections:
            names = " or ".join(describe_pattern(p, self.sets) for p in req.sections)
            where += f" under headings matching {names}"
        looked = f"looked in {where} for {describe(req.condition, self.sets)}"
        return [looked, *near]

    def result(
        self,
        rule: Rule,
        outcome: Outcome,
        reasons: list[str],
        evidence: list[Evidence],
        *,
        position: Position | None = None,
        advice: list[str] | None = None,
    ) -> Result:
        severity = rule.severity_for(outcome)
        if self._scope_note is not None and outcome.is_failure:
            # Out of the scope that makes the rule mandatory: a recommendation (brief 1.4.7).
            severity = Severity.INFO
            reasons = [*reasons, self._scope_note]
        message = rule.messages.get(outcome) or _default_message(rule, outcome)
        own = self._own_names
        return Result(
            rule=rule.id,
            title=rule.title,
            outcome=outcome,
            severity=severity,
            message=own(message),
            reasons=tuple(own(r) for r in reasons),
            evidence=tuple(evidence[:MAX_EVIDENCE]),
            suggestion=rule.suggestion if outcome.is_failure else None,
            theme=rule.theme,
            position=position,
            advice=tuple(own(a) for a in advice or ()),
            trigger=self._trigger,
        )

    def _own_names(self, text: str) -> str:
        """A finding names the parties as the document does: "the Council", not "the
        Authority" (brief 1.5), where the document names them."""
        return own_names(self._names, text)


def _default_message(rule: Rule, outcome: Outcome) -> str:
    prefix = {
        Outcome.SATISFIED: "Met",
        Outcome.WEAK: "Weak",
        Outcome.MISSING: "Missing",
        Outcome.CONFLICT: "Conflict",
        Outcome.NOT_APPLICABLE: "Not applicable",
        Outcome.WAIVED: "Waived",
    }[outcome]
    return f"{prefix}: {rule.title}"


# About 60 pages: below it a fork and the results' round trip cost more than they save.
_SHARED_CHARS = 150_000


def evaluate(
    doc: Document,
    compiled: Compiled,
    context: Context,
    rules: Iterable[Rule] | None = None,
    processes: int = 1,
) -> list[Result]:
    """One Result per rule for ``doc``, in rule id order; a long document's rules are shared
    by up to ``processes`` processes (the results are the same)."""
    index = Index(doc, compiled, context.doc_type)
    return evaluate_index(index, context, rules if rules is not None else compiled.rules, processes)


def evaluate_index(
    index: Index, context: Context, rules: Iterable[Rule], processes: int = 1
) -> list[Result]:
    """``evaluate`` on a document already indexed."""
    ev = RuleEvaluator(index, context)
    chosen = list(rules)
    if processes > 1 and len(index.text) >= _SHARED_CHARS:
        # Every sentence's frames are read here, once, and the children forked after inherit
        # them (sharing the reading itself cost more in sending frames back than it saved);
        # meanwhile children forked at once take the rules that test no frame.
        order = sorted(chosen, key=tests_frames)
        got = share(
            len(order),
            lambda i: ev.evaluate(order[i]),
            processes,
            Result,
            prepare=lambda: ev.ev.duties.frames_acting(None),
            unprepared=sum(not tests_frames(r) for r in order),
        )
        by_id = {r.rule: r for r in got}
        return [by_id[r.id] for r in chosen]
    return [ev.evaluate(r) for r in chosen]


# A sentence that only supposes the trigger, a choice the supplier may make ("If the Supplier
# uses AI ...", "Where applicable ..."; brief 1.6 point 3). One that presupposes it ("Where the
# decision engine flags a case, ...") still counts (point 4).
_CONDITIONAL = re.compile(
    r"\s*(?:(?:\d+(?:\.\d+)*\.?|\(?[a-z]{1,3}\))\s+)*"
    r"(?:if|where|should|in the event(?: that)?|to the extent(?: that)?|insofar as)\b"
    r"(?:\W+\w+){0,6}?\W+(?:uses?|using|deploys?|introduces?|intends?|proposes?|wish(?:es)?|"
    r"plans?|chooses?|decides?|adopts?|incorporates?|applicable|any)\b",
    re.IGNORECASE,
)


def _bare(label: str) -> str:
    return re.sub(r"^(?:a|an|the)\s+", "", label)
