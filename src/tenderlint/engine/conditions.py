"""The meaning of every condition of the rule language on a unit of text: true or false, with
a witness span to quote when it holds."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from typing import assert_never

from tenderlint.engine.index import Index
from tenderlint.engine.units import Span, Unit
from tenderlint.lang.nouns import (
    All,
    AnyOf,
    Compare,
    Condition,
    Count,
    Mentions,
    Not,
    Param,
    ParamRef,
    Quantity,
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


class Evaluator:
    """Decides conditions on units, with a witness span to quote when a condition holds."""

    def __init__(self, index: Index) -> None:
        self.ix = index
        # Quantity and count tests over a large scope (a section, the whole document) recur
        # for every candidate clause of every rule: each is decided once per scope.
        self._memo: dict[tuple[Condition, int, int], tuple[bool, Span | None]] = {}
        self._relevant: dict[tuple[Compare, int, int], list[Found]] = {}

    def holds(self, cond: Condition, unit: Unit) -> tuple[bool, Span | None]:
        """Does ``cond`` hold in ``unit``, and if so, which span shows it?"""
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
        for f in self.quantities_in(cond.subject, unit):
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
            got = self.quantities_in(cond.subject, target)
            if cond.near:
                got = [f for f in got if self._near_quantity(cond, f)]
            self._relevant[key] = got
        return got

    def quantities_in(self, dimension: str, unit: Unit) -> list[Found]:
        found, starts = self.ix.quantities(dimension)
        i = bisect_left(starts, unit.start)
        j = bisect_left(starts, unit.end)
        return found[i:j]
