"""Walks over the rule language's nouns: nested conditions, the patterns they use, and term sets
expanded to the concrete phrases and expressions they stand for."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import assert_never

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
    SetRef,
    Source,
    TermSet,
)

# ``{NAME}`` inside a phrase stands for every phrase of the term set NAME.
INTERPOLATE = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def walk_patterns(patterns: Iterable[Pattern]) -> Iterator[Pattern]:
    """Every pattern in ``patterns`` and the parts of proximity patterns, not expanding sets."""
    for p in patterns:
        yield p
        if isinstance(p, Near):
            yield from walk_patterns((p.left, p.right))


def walk_condition(cond: Condition) -> Iterator[Condition]:
    """Every condition nested in ``cond``, itself included."""
    yield cond
    if isinstance(cond, All | AnyOf):
        for c in cond.items:
            yield from walk_condition(c)
    elif isinstance(cond, Not):
        yield from walk_condition(cond.item)
    elif isinstance(cond, Frame) and cond.limit is not None:
        yield cond.limit


def patterns_of(cond: Condition) -> tuple[Pattern, ...]:
    """The patterns a condition itself uses (not those of nested conditions)."""
    if isinstance(cond, Mentions | Count):
        return cond.patterns
    if isinstance(cond, Compare):
        return cond.near
    if isinstance(cond, Frame):
        action = (cond.action,) if cond.action is not None else ()
        return (cond.who, *action, *cond.objects, *((cond.to,) if cond.to else ()))
    if isinstance(cond, All | AnyOf | Not | Fact):
        return ()
    assert_never(cond)


def rule_conditions(rule: Rule) -> Iterator[tuple[Condition, Source]]:
    """Every condition of a rule, nested ones included, with the statement it was written in."""
    checks = (*rule.triggers, *rule.strong, *rule.weak, *rule.limits)
    for check in (*checks, *rule.core, *rule.preferred, *rule.conflicts):
        for c in walk_condition(check.condition):
            yield c, check.source
    if rule.topic:
        yield Mentions(rule.topic), rule.source
    if rule.requirement:
        src = rule.requirement.source or rule.source
        for c in walk_condition(rule.requirement.condition):
            yield c, src
        yield Mentions(rule.requirement.sections), src
    for pro in rule.prohibitions:
        for c in walk_condition(pro.condition):
            yield c, pro.source


def tests_frames(rule: Rule) -> bool:
    """Does any condition of the rule test an obligation frame ("SUPPLIER must ...")?"""
    return any(isinstance(c, Frame) for c, _src in rule_conditions(rule))


def rule_patterns(rule: Rule) -> Iterator[Pattern]:
    """Every pattern a rule uses, proximity parts included, term sets not expanded."""
    for cond, _src in rule_conditions(rule):
        yield from walk_patterns(patterns_of(cond))


def _expand_phrase(text: str, sets: Mapping[str, TermSet], seen: tuple[str, ...]) -> list[str]:
    """``"at the {SUPPLIER}'s discretion"`` becomes one phrase per phrase of SUPPLIER."""
    m = INTERPOLATE.search(text)
    if not m:
        return [text]
    out: list[str] = []
    for p in flatten(SetRef(m.group(1)), sets, seen):
        if isinstance(p, Phrase):
            out.extend(_expand_phrase(text[: m.start()] + p.text + text[m.end() :], sets, seen))
    return out


def flatten(
    pattern: Pattern, sets: Mapping[str, TermSet], seen: tuple[str, ...] = ()
) -> list[Pattern]:
    """The concrete phrases, expressions and proximity patterns a pattern stands for."""
    if isinstance(pattern, SetRef):
        if pattern.name in seen or pattern.name not in sets:
            return []
        out: list[Pattern] = []
        for p in sets[pattern.name].patterns:
            out.extend(flatten(p, sets, (*seen, pattern.name)))
        return out
    if isinstance(pattern, Phrase) and "{" in pattern.text:
        return [Phrase(t) for t in _expand_phrase(pattern.text, sets, seen)]
    if isinstance(pattern, Phrase | Regex | Near):
        return [pattern]
    assert_never(pattern)


def concrete(pattern: Pattern, sets: Mapping[str, TermSet]) -> list[Phrase | Regex]:
    """The phrases and regular expressions a pattern stands for (proximity parts excluded)."""
    return [x for x in flatten(pattern, sets) if isinstance(x, Phrase | Regex)]


def near_parts(pattern: Pattern, sets: Mapping[str, TermSet]) -> Iterator[Pattern]:
    """The two sides of every proximity pattern ``pattern`` stands for, at any depth."""
    for q in flatten(pattern, sets):
        if isinstance(q, Near):
            yield q.left
            yield q.right
            yield from near_parts(q.left, sets)
            yield from near_parts(q.right, sets)
