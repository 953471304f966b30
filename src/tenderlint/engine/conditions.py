"""The meaning of every condition of the rule language on a unit of text: true or false, with
a witness span to quote when it holds; for the playbook, a three-way verdict (met, met only in
hedged form, not met) with the reasons for a hedge."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import assert_never

from tenderlint.engine.definitions import Definitions
from tenderlint.engine.duties import Duties
from tenderlint.engine.frames import Frame as ReadFrame
from tenderlint.engine.index import Index
from tenderlint.engine.modality import Modality
from tenderlint.engine.units import Span, Unit
from tenderlint.lang.nouns import (
    All,
    AnyOf,
    Compare,
    Condition,
    Count,
    Fact,
    Frame,
    Mentions,
    Not,
    Param,
    ParamRef,
    Pattern,
    Quantity,
    SetRef,
)
from tenderlint.lang.vocab import MEASURES
from tenderlint.model import BlockKind
from tenderlint.quantities import Found, compare


def threshold_of(value: Quantity | ParamRef, params: Mapping[str, Param]) -> Quantity:
    """A threshold's value: itself, or the pack parameter it names."""
    if isinstance(value, ParamRef):
        return params[value.name].value
    return value


def count_n(cond: Count, params: Mapping[str, Param]) -> int:
    """How many units a count condition wants, from the rule or a pack parameter."""
    if isinstance(cond.n, int):
        return cond.n
    return int(params[cond.n.name].value.value)


MET, HEDGED, NOT_MET = 2, 1, 0


@dataclass(frozen=True)
class Verdict:
    """A condition on a unit: met, met only in a hedged form (with why), or not met."""

    status: int
    span: Span | None = None
    why: tuple[str, ...] = ()

    @property
    def met(self) -> bool:
        return self.status == MET


_NOT = Verdict(NOT_MET)


class Evaluator:
    """Decides conditions on units, with a witness span to quote when a condition holds."""

    def __init__(self, index: Index, facts: Mapping[str, str] | None = None) -> None:
        self.ix = index
        self.facts = facts or {}  # the config's [facts], and those inferred from the text
        self._duties: Duties | None = None
        # Quantity and count tests over a large scope (a section, the whole document) recur
        # for every candidate clause of every rule: each is decided once per scope.
        self._memo: dict[tuple[Condition, int, int], tuple[bool, Span | None]] = {}
        self._relevant: dict[tuple[Compare, int, int], list[Found]] = {}
        # Tokens where a frame's action pattern has a hit, per pattern: a frame is tested by
        # set look-ups, not a search per action token.
        self._action_tokens: dict[Pattern, frozenset[int]] = {}
        self._hedge_at: dict[Span, str | None] = {}
        self._starts_of: dict[tuple[Pattern, ...], list[int]] = {}
        self._authority_at: dict[int, bool] = {}
        self._acting: dict[Pattern | None, tuple[list[int], list[tuple[ReadFrame, Span]]]] = {}
        self._near_blocks: dict[tuple[Pattern, ...], list[int]] = {}
        self._definitions: Definitions | None = None

    @property
    def duties(self) -> Duties:
        if self._duties is None:
            self._duties = Duties(self.ix)
        return self._duties

    def verdict(self, cond: Condition, unit: Unit) -> Verdict:
        """Is ``cond`` met in ``unit``, met only in a hedged form, or not met?"""
        if isinstance(cond, Frame):
            return self._frame(cond, unit)
        if isinstance(cond, All):
            parts = [self.verdict(c, unit) for c in cond.items]
            worst = min(p.status for p in parts)
            if worst == NOT_MET:
                return _NOT
            span = next((p.span for p in parts if p.span), None)
            return Verdict(worst, span, tuple(w for p in parts for w in p.why))
        if isinstance(cond, AnyOf):
            best = _NOT
            for c in cond.items:
                v = self.verdict(c, unit)
                if v.status > best.status:
                    best = v
                if best.met:
                    break
            return best
        if isinstance(cond, Not):
            inner = self.verdict(cond.item, unit)
            return Verdict(MET) if inner.status == NOT_MET else _NOT
        ok, span = self.holds(cond, unit)
        return Verdict(MET, span) if ok else _NOT

    def holds(self, cond: Condition, unit: Unit) -> tuple[bool, Span | None]:
        """Does ``cond`` hold in ``unit``, and if so, which span shows it?"""
        if isinstance(cond, Frame):
            v = self._frame(cond, unit)
            return v.met, v.span
        if isinstance(cond, Mentions):
            return self._mentions(cond, unit)
        if isinstance(cond, All):
            witness = None
            for c in cond.items:
                ok, w = self.holds(c, unit)
                if not ok:
                    return False, None
                witness = witness or w
            return True, witness
        if isinstance(cond, AnyOf):
            for c in cond.items:
                ok, w = self.holds(c, unit)
                if ok:
                    return True, w
            return False, None
        if isinstance(cond, Not):
            ok, _ = self.holds(cond.item, unit)
            return not ok, None
        if isinstance(cond, Compare | Count):
            return self._memoised(cond, unit)
        if isinstance(cond, Fact):
            value = self.facts.get(cond.name)
            if value is None:
                return False, None
            if cond.op == "before":
                return value < cond.values[0], None  # ISO dates compare as text
            if cond.op == "after":
                return value >= cond.values[0], None
            return value in cond.values, None
        assert_never(cond)

    def _mentions(self, cond: Mentions, unit: Unit) -> tuple[bool, Span | None]:
        ix = self.ix
        target = ix.scoped(unit, cond.scope)
        if target is None:
            return False, None
        best: Span | None = None
        for p in cond.patterns:
            h = ix.hits(p).first_in(target.start, target.end)
            if (
                h
                and target.kind == "section"
                and ix.blocks[ix.block_at(h[0])].kind is BlockKind.HEADING
            ):
                # Quote the body of a section rather than its heading where possible.
                body = ix.hits(p).first_in(ix.ends[ix.block_at(h[0])], target.end)
                h = body or h
            if h and (best is None or h < best):
                best = h
        return best is not None, best

    def _memoised(self, cond: Compare | Count, unit: Unit) -> tuple[bool, Span | None]:
        target = unit
        if isinstance(cond, Compare) and cond.scope:
            target = self.ix.scoped(unit, cond.scope) or unit
        key = (cond, target.start, target.end)
        got = self._memo.get(key)
        if got is None:
            if isinstance(cond, Compare):
                got = self._compare(cond, target)
            else:
                n, first = self._count(cond, target)
                want = count_n(cond, self.ix.compiled.params)
                got = (n >= want if cond.op == ">=" else n <= want, first)
            self._memo[key] = got
        return got

    def _count(self, cond: Count, unit: Unit) -> tuple[int, Span | None]:
        ix = self.ix
        seen: set[tuple[int, int]] = set()
        first: Span | None = None
        for p in cond.patterns:
            for s, e in ix.hits(p).all_in(unit.start, unit.end):
                if cond.unit == "block":
                    key = (ix.block_at(s), 0)
                    if ix.blocks[key[0]].kind is BlockKind.HEADING:
                        continue
                else:
                    found = ix.units_at(s, cond.unit)
                    if not found:
                        continue
                    key = (found[0].start, found[0].end)
                if key not in seen:
                    seen.add(key)
                    first = first if first is not None and first < (s, e) else (s, e)
        return len(seen), first

    def _compare(self, cond: Compare, unit: Unit) -> tuple[bool, Span | None]:
        ix = self.ix
        limit = threshold_of(cond.value, ix.compiled.params)
        if cond.subject in MEASURES:
            value, spans = ix.measure(cond.subject)
            ok = compare(value, cond.op, limit.value)
            return ok, spans[0] if spans else None
        # ``unit`` is already the condition's scope. The threshold is cheap to test, the
        # proximity dear: test it only for quantities that pass.
        for f in self._candidates(cond, unit):
            if f.placeholder or not compare(f.value, cond.op, limit.value):
                continue
            if cond.near and not self._near_quantity(cond, f):
                continue
            return True, (f.start, f.end)
        return False, None

    def _near_quantity(self, cond: Compare, f: Found) -> bool:
        """Is the quantity within ``near_words`` words of a ``near`` pattern, in its sentence?"""
        ix = self.ix
        lo, hi = ix.sentence_at(f.start)
        wf = ix.word_index(f.start)
        for p in cond.near:
            for s, _e in ix.hits(p).all_in(lo, hi):
                if abs(ix.word_index(s) - wf) <= cond.near_words:
                    return True
        return False

    def relevant_quantities(self, cond: Compare, unit: Unit) -> list[Found]:
        """The quantities a Compare looks at: its dimension, in its scope, near its patterns."""
        target = self.ix.scoped(unit, cond.scope) or unit
        key = (cond, target.start, target.end)
        got = self._relevant.get(key)
        if got is None:
            got = self._candidates(cond, target)
            if cond.near:
                got = [f for f in got if self._near_quantity(cond, f)]
            self._relevant[key] = got
        return got

    def quantities_in(self, dimension: str, unit: Unit) -> list[Found]:
        return self.ix.quantities_in(dimension, unit.start, unit.end)

    def _candidates(self, cond: Compare, unit: Unit) -> list[Found]:
        """The quantities of ``cond``'s dimension in ``unit`` that may pass it: with ``near``
        patterns, only those in blocks where one of them occurs (a quantity is near a pattern
        in its own sentence), so a document-wide test reads a few blocks, not all."""
        if not cond.near:
            return self.quantities_in(cond.subject, unit)
        ix = self.ix
        blocks = self._near_blocks.get(cond.near)
        if blocks is None:
            found = {ix.block_at(s) for p in cond.near for s in ix.hits(p).starts}
            blocks = self._near_blocks[cond.near] = sorted(found)
        return ix.quantities_in_blocks(cond.subject, blocks, unit.start, unit.end)

    # -- obligation frames -------------------------------------------------------------------
    def _frame(self, cond: Frame, unit: Unit) -> Verdict:
        """The best frame in ``unit`` that matches ``cond``: a binding, unhedged one if any."""
        best = _NOT
        action: frozenset[int] | None = None  # "act on": any action word will do
        if cond.action is not None:
            action = self._action_tokens.get(cond.action)
            if action is None:
                action = self._action_tokens[cond.action] = self._tokens_hit(cond.action)
        # Only frames with an action word can match: found by the action's tokens, then cut
        # to the sentences that start in the unit (as ``Duties.frames_in`` would list them).
        acting = self._acting.get(cond.action)
        if acting is None:
            acting = self._acting[cond.action] = self.duties.frames_acting(action)
        starts, frames = acting
        lo, hi = bisect_left(starts, unit.start), bisect_left(starts, unit.end)
        for fr, sentence in frames[lo:hi]:
            v = self._frame_match(cond, fr, sentence, action)
            if v.status > best.status or (
                v.status == best.status == HEDGED and len(v.why) < len(best.why)
            ):
                best = v
            if best.met:
                break
        return best

    def _frame_match(
        self, cond: Frame, fr: ReadFrame, sentence: Span, action: frozenset[int] | None
    ) -> Verdict:
        ix = self.ix
        if not self._party_matches(cond, fr):
            return _NOT
        if action is None:
            at = fr.actions[0] if fr.actions else None
        else:
            at = next((k for k in fr.actions if k in action), None)
        if at is None:
            return _NOT
        why = list(self._modality_gap(cond, fr))
        if why and why[0] == "":
            return _NOT
        # An item's object is in the item or in its lead-in's words after the modal, not in
        # the clause that introduces the list ("process data in accordance with this
        # agreement, and agree that they shall: ... (f) ensure no one publishes the data").
        where = (fr.predicate, fr.lead) if fr.lead is not None else (sentence,)
        if cond.objects and not any(self._objects_in(cond.objects, w) for w in where):
            return _NOT
        if cond.to is not None and not ix.hits(cond.to).first_in(*fr.predicate):
            return _NOT
        t = ix.tokens
        # Quote the duty from its subject: "the Contractor shall not respond ...".
        span = fr.span if fr.span[0] <= t.starts[at] < fr.span[1] else (t.starts[at], t.ends[at])
        if cond.limit is not None:
            why.extend(self._limit_gap(cond.limit, fr, sentence))
        why.extend(self._hedges(fr))
        return Verdict(HEDGED if why else MET, span, tuple(why))

    def _objects_in(self, objects: tuple[Pattern, ...], sentence: Span) -> bool:
        """Is one of a frame's objects in its sentence, or in the definition of a term the
        sentence uses ("conform with the WCAG", "WCAG means ... Level AA")?"""
        if self._object_in(objects, sentence):
            return True
        if self._definitions is None:
            self._definitions = Definitions(self.ix)
        return any(self._object_in(objects, d) for d in self._definitions.used_in(*sentence))

    def _object_in(self, objects: tuple[Pattern, ...], span: Span) -> bool:
        """Does one of ``objects`` start in ``span`` other than as the text a duty is done by
        ("in accordance with this agreement")? Their starts are merged once per set of
        objects and looked up by bisection."""
        starts = self._starts_of.get(objects)
        if starts is None:
            merged = {s for p in objects for s in self.ix.hits(p).starts}
            starts = self._starts_of[objects] = sorted(merged)
        i = bisect_left(starts, span[0])
        while i < len(starts) and starts[i] < span[1]:
            if not self._authority(starts[i]):
                return True
            i += 1
        return False

    def _authority(self, start: int) -> bool:
        got = self._authority_at.get(start)
        if got is None:
            text = self.ix.text
            got = bool(_AUTHORITY.search(text, max(0, start - 60), start))
            self._authority_at[start] = got
        return got

    def _tokens_hit(self, pattern: Pattern) -> frozenset[int]:
        """The tokens in which a hit of ``pattern`` starts."""
        t = self.ix.tokens
        out: set[int] = set()
        for s in self.ix.hits(pattern).starts:
            k = bisect_right(t.starts, s) - 1
            if k >= 0 and s < t.ends[k]:
                out.add(k)
        return frozenset(out)

    def _party_matches(self, cond: Frame, fr: ReadFrame) -> bool:
        parties = self.duties.role_names.get(cond.who.name, frozenset())
        if fr.roles & parties:
            return True
        if fr.passive:
            return not fr.agents or bool(fr.agents & parties)
        # A deliverable or a bid as subject ("the system must", "Bids shall") binds the
        # supplier's side, never the buyer's; a name no party set knows binds no one.
        return not fr.roles and not fr.named and "supplier" in parties

    def _modality_gap(self, cond: Frame, fr: ReadFrame) -> list[str]:
        """Why the frame's modality falls short of ``cond``'s: [] when it does not, [""] when
        it is the opposite (a prohibition for a duty), else the reason it is hedged."""
        want, got = cond.modality, fr.modality
        if want == "must":
            if got is Modality.MUST:
                return []
            if got is Modality.MUST_NOT:
                return [""]
            return [got.value]
        if want == "must not":
            if got is Modality.MUST_NOT:
                return []
            return [got.value] if got is Modality.SHOULD else [""]
        # may: a permission, or a duty to do it (which includes the right).
        return [] if got in (Modality.MAY, Modality.MUST) else [""]

    def _limit_gap(self, limit: Compare, fr: ReadFrame, sentence: Span) -> list[str]:
        """Why the frame's time limit or frequency falls short of ``limit`` ([] if it does not)."""
        ix = self.ix
        want = threshold_of(limit.value, ix.compiled.params)
        lo, hi = fr.predicate if fr.predicate[1] > fr.predicate[0] else sentence
        here = ix.quantities_in(limit.subject, lo, hi) or ix.quantities_in(limit.subject, *sentence)
        real = [f for f in here if not f.placeholder]
        if any(compare(f.value, limit.op, want.value) for f in real):
            return []
        if limit.subject != "duration":
            what = "frequency"
        else:
            what = "time limit" if limit.op in ("<=", "<") else "period"
        if real:
            side = "over" if limit.op in ("<=", "<") else "under"
            return [f'"{real[0].text}" is {side} {want.text}']
        if here:
            return [f'the {what} "{here[0].text}" is a placeholder left in brackets']
        bound = f"{_OP_WORDS[limit.op]} {want.text}"
        loose = _LOOSE_TIME.search(ix.text, sentence[0], sentence[1])
        if loose:
            return [f'no {what} of {bound}: "{loose.group()}" is not one']
        return [f"no {what} of {bound}"]

    def _hedges(self, fr: ReadFrame) -> list[str]:
        """The pack's hedges inside the frame (from its clause's start to its last word), and
        in the words before a subject it shares with earlier frames."""
        for lo, hi in (fr.span, *((fr.opening,) if fr.opening else ())):
            found = self._hedge_in(lo, hi)
            if found:
                return [found]
        return []

    def _hedge_in(self, lo: int, hi: int) -> str | None:
        key = (lo, hi)
        if key not in self._hedge_at:  # a frame is matched against many rules' duties
            self._hedge_at[key] = self._find_hedge(lo, hi)
        return self._hedge_at[key]

    def _find_hedge(self, lo: int, hi: int) -> str | None:
        ix = self.ix
        compiled = ix.compiled
        excepted = [
            span for name in compiled.not_hedges for span in ix.hits(SetRef(name)).all_in(lo, hi)
        ]
        for name in compiled.hedges:
            for s, e in ix.hits(SetRef(name)).all_in(lo, hi):
                if any(a <= s and e <= b for a, b in excepted):
                    continue
                ts = compiled.sets.get(name)
                label = ts.description if ts and ts.description else name
                return f'{label} "{ix.text[s:e]}"'
        return None


# "in accordance with the requirements of this agreement", "under the Contract": the text the
# duty is done by, never the thing acted on (so "process data in accordance with this
# agreement" says nothing about publishing the agreement).
_AUTHORITY = re.compile(
    r"\b(?:in accordance with|under|pursuant to|as required by|as set out in|subject to|"
    r"by virtue of|for the purposes? of)(?: the (?:\w+ ){0,2}of)?\s+$|"
    r"\b(?:clause|schedule|paragraph|section|annex|appendix|part)\s+[\w.()]+\s+of\s+$",
    re.IGNORECASE,
)

_OP_WORDS = {"<=": "at most", "<": "under", ">=": "at least", ">": "over", "=": "exactly"}

# Loose time words a deadline check names when it finds no time limit (brief 4.2).
_LOOSE_TIME = re.compile(
    r"\b(?:as soon as (?:is )?(?:reasonably )?(?:practicable|possible)|promptly|"
    r"without (?:undue )?delay|within a reasonable (?:time|period)|in a timely manner|"
    r"in good time|in due course)\b",
    re.IGNORECASE,
)
