"""Conditions and patterns in words, for messages when a rule's author gave no label."""

from __future__ import annotations

from collections.abc import Mapping
from typing import assert_never

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
    Near,
    Not,
    Pattern,
    Phrase,
    Quantity,
    Regex,
    SetRef,
    TermSet,
)

_OPS = {"<=": "at most", "<": "under", ">=": "at least", ">": "over", "=": "exactly"}
_SUBJECTS = {
    "duration": "a time limit",
    "period": "a frequency",
    "percentage": "a percentage",
    "money": "an amount",
}


def describe_pattern(p: Pattern, sets: Mapping[str, TermSet]) -> str:
    """A pattern as a reader would say it: a phrase in quotes, a term set by its description."""
    if isinstance(p, Phrase):
        return f'"{p.text}"'
    if isinstance(p, Regex):
        return f"/{p.source}/"
    if isinstance(p, SetRef):
        ts = sets.get(p.name)
        return ts.description if ts and ts.description else p.name
    if isinstance(p, Near):
        left, right = describe_pattern(p.left, sets), describe_pattern(p.right, sets)
        if p.ordered:
            return f"{left} followed by {right} within {p.words} words"
        return f"{left} within {p.words} words of {right}"
    assert_never(p)


def describe(cond: Condition, sets: Mapping[str, TermSet]) -> str:
    """A condition in words, for messages when its author gave no label."""
    if isinstance(cond, Mentions):
        names = [describe_pattern(p, sets) for p in cond.patterns]
        body = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        if cond.scope and cond.scope not in ("sentence",):
            where = "the following clause" if cond.scope == "next" else f"the {cond.scope}"
            return f"{body} in {where}"
        return body
    if isinstance(cond, Compare):
        v = cond.value.text if isinstance(cond.value, Quantity) else cond.value.name
        what = _SUBJECTS.get(cond.subject, cond.subject.replace("_", " "))
        where = f" in the {cond.scope}" if cond.scope and cond.scope != "sentence" else ""
        return f"{what} of {_OPS[cond.op]} {v}{where}"
    if isinstance(cond, Count):
        listed = " or ".join(describe_pattern(p, sets) for p in cond.patterns)
        least = "at least" if cond.op == ">=" else "at most"
        n = cond.n if isinstance(cond.n, int) else cond.n.name
        return f"{least} {n} {cond.unit}s mentioning {listed}"
    if isinstance(cond, All):
        return " and ".join(describe(c, sets) for c in cond.items)
    if isinstance(cond, AnyOf):
        return " or ".join(describe(c, sets) for c in cond.items)
    if isinstance(cond, Not):
        return f"not {describe(cond.item, sets)}"
    if isinstance(cond, Frame):
        return describe_frame(cond, sets)
    if isinstance(cond, Fact):
        name = cond.name.replace("-", " ")
        if cond.op != "is":
            return f"the document's {name} {cond.op} {cond.values[0]}"
        return f"the {name} is " + " or ".join(cond.values)
    assert_never(cond)


def describe_frame(f: Frame, sets: Mapping[str, TermSet]) -> str:
    """ "the supplier must return authority data to the authority within 30 days"."""
    action = describe_pattern(f.action, sets) if f.action is not None else "act on"
    words = [describe_pattern(f.who, sets), f.modality, action]
    if f.objects:
        words.append(" or ".join(describe_pattern(p, sets) for p in f.objects))
    if f.to is not None:
        words.append(f"to {describe_pattern(f.to, sets)}")
    if f.limit is not None:
        v = f.limit.value.text if isinstance(f.limit.value, Quantity) else f.limit.value.name
        what = "a deadline" if f.limit.subject == "duration" else "a frequency"
        words.append(f"with {what} of {_OPS[f.limit.op]} {v}")
    return " ".join(words)


def check_label(check: Check, sets: Mapping[str, TermSet]) -> str:
    """The check's own label, or its condition in words."""
    if check.label:
        return check.label
    return describe(check.condition, sets)
