"""Names that cross rule files: term sets and parameters used but not defined, set cycles, and
thresholds of the wrong kind; every problem is collected, not only the first."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from tenderlint.lang.errors import Problem
from tenderlint.lang.nouns import (
    Compare,
    Count,
    Param,
    ParamRef,
    Pattern,
    Phrase,
    Quantity,
    Rule,
    RuleFile,
    SetRef,
    Source,
    TermSet,
)
from tenderlint.lang.vocab import measure_dimension
from tenderlint.lang.walk import INTERPOLATE, patterns_of, rule_conditions, walk_patterns


class _Checker:
    def __init__(
        self, sets: Mapping[str, TermSet], params: Mapping[str, Param], problems: list[Problem]
    ) -> None:
        self.sets = sets
        self.params = params
        self.problems = problems

    def unknown_set(self, name: str, where: Source) -> None:
        close = difflib.get_close_matches(name, list(self.sets), n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        if name in self.params:
            self.problems.append(Problem(where, f"{name} is a parameter, not a term set"))
        else:
            self.problems.append(Problem(where, f"undefined term set {name}{hint}"))

    def patterns(self, patterns: Iterable[Pattern], where: Source) -> None:
        for p in walk_patterns(patterns):
            if isinstance(p, SetRef) and p.name not in self.sets:
                self.unknown_set(p.name, p.at or where)
            if isinstance(p, Phrase):
                for m in INTERPOLATE.finditer(p.text):
                    if m.group(1) not in self.sets:
                        self.unknown_set(m.group(1), p.at or where)

    def cycles(self) -> None:
        """A set that, through others, includes itself."""
        for ts in self.sets.values():
            stack, seen = list(_refs(ts)), set()
            while stack:
                n = stack.pop()
                if n == ts.name:
                    self.problems.append(Problem(ts.source, f"term set {ts.name} includes itself"))
                    break
                if n in seen or n not in self.sets:
                    continue
                seen.add(n)
                stack.extend(_refs(self.sets[n]))

    def count_param(self, ref: ParamRef, where: Source) -> None:
        if ref.name not in self.params:
            self.problems.append(Problem(ref.at or where, f"undefined parameter {ref.name}"))
        elif (dim := self.params[ref.name].value.dimension) != "count":
            self.problems.append(Problem(ref.at or where, f"{ref.name} is a {dim}, not a count"))

    def compare_param(self, cond: Compare, ref: ParamRef, where: Source) -> None:
        if ref.name not in self.params:
            close = difflib.get_close_matches(ref.name, list(self.params), n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            self.problems.append(Problem(ref.at or where, f"undefined parameter {ref.name}{hint}"))
        else:
            self.dimension(cond, self.params[ref.name].value, where)

    def dimension(self, cond: Compare, value: Quantity, where: Source) -> None:
        want = measure_dimension(cond.subject)
        if value.dimension != want:
            self.problems.append(
                Problem(
                    where,
                    f'{cond.subject} is compared with "{value.text}", which is a '
                    f"{value.dimension}, not a {want}",
                )
            )

    def switch(self, name: str, where: Source) -> None:
        if name not in self.params:
            close = difflib.get_close_matches(name, list(self.params), n=1)
            hint = f'; did you mean "{close[0]}"?' if close else ""
            self.problems.append(Problem(where, f"undefined parameter {name}{hint}"))
        elif (dim := self.params[name].value.dimension) != "switch":
            self.problems.append(
                Problem(where, f'{name} is a {dim}, not an on/off switch ("param {name} = off")')
            )

    def rule(self, rule: Rule) -> None:
        for check in rule.core:
            if check.core_if is not None:
                self.switch(check.core_if, check.source)
        for cond, where in rule_conditions(rule):
            self.patterns(patterns_of(cond), where)
            if isinstance(cond, Count) and isinstance(cond.n, ParamRef):
                self.count_param(cond.n, where)
            if isinstance(cond, Compare) and isinstance(cond.value, ParamRef):
                self.compare_param(cond, cond.value, where)
        for ex in rule.examples:
            if ex.doc_type is not None and ex.doc_type not in rule.applies_to:
                self.problems.append(
                    Problem(
                        ex.source or rule.source,
                        f"{rule.id}: example is for a {ex.doc_type.value} but the rule "
                        "does not apply to that document type",
                    )
                )


def _refs(ts: TermSet) -> set[str]:
    out = set()
    for p in walk_patterns(ts.patterns):
        if isinstance(p, SetRef):
            out.add(p.name)
        if isinstance(p, Phrase):
            out |= set(INTERPOLATE.findall(p.text))
    return out


def check_names(
    files: list[RuleFile],
    sets: Mapping[str, TermSet],
    params: Mapping[str, Param],
    problems: list[Problem],
) -> None:
    """Append a problem for every name used in ``files`` that the pack does not define."""
    checker = _Checker(sets, params, problems)
    checker.cycles()
    for f in files:
        for h in f.hedges:
            for name in (*h.names, *h.exceptions):
                if name not in sets:
                    checker.unknown_set(name, h.source)
    for f in files:
        for ts in f.sets:
            checker.patterns(ts.patterns, ts.source)
        for rule in f.rules:
            checker.rule(rule)
