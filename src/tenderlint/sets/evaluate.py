"""The rules graded on a set: one result per rule from the evidence of all its members.

Each document keeps its own type. A rule for tenders only reads the set's tender documents, a
rule for contracts only its contracts (the draft contract in a tender pack is a contract), and
a rule for both reads every member, graded with the set's type; notice data is read by every
rule. Each reading is the members as one document (``combine``), so the engine's best candidate
across them is the set's result and contrary wording in any member is a conflict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tenderlint.model import DocType, Result
from tenderlint.sets import parts
from tenderlint.sets.combine import combine
from tenderlint.sets.spec import Member

if TYPE_CHECKING:
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Rule

_BOTH = frozenset({DocType.TENDER, DocType.CONTRACT})


@dataclass(frozen=True)
class View:
    """The members one group of rules reads, and the type they are graded as."""

    members: tuple[Member, ...]
    doc_type: DocType
    reason: str


def set_type(
    members: Sequence[Member], configured: DocType | None, source: str = ""
) -> tuple[DocType, str]:
    """The set's type: as configured (``source``: where), else a tender when any member is
    one (a tender pack holds a draft contract), else a contract when any member is one."""
    if configured is not None:
        return configured, "set by --doc-type" if source == "--set" else "set in the config"
    kinds = {m.doc_type for m in members if not m.notice}
    if DocType.TENDER in kinds:
        return DocType.TENDER, "the set holds a tender document"
    if DocType.CONTRACT in kinds:
        return DocType.CONTRACT, "the set holds a contract document"
    return DocType.UNKNOWN, "no member is a tender or a contract by its title or opening"


def with_set_type(members: Sequence[Member], kind: DocType) -> list[Member]:
    """Members whose own type is unknown (a schedule titled only "Schedule 6: Data
    processing") take the set's type; notice data takes it too."""
    return [
        replace(m, doc_type=kind, type_reason=m.type_reason if m.notice else "the set's type")
        if m.notice or m.doc_type is DocType.UNKNOWN
        else m
        for m in members
    ]


def view_for(rule: Rule, members: Sequence[Member], kind: DocType, reason: str) -> View:
    """Which members ``rule`` reads: the set's documents of its one type, else all of them."""
    applies = frozenset(rule.applies_to)
    for only in (DocType.TENDER, DocType.CONTRACT):
        if applies == {only} and any(m.doc_type is only and not m.notice for m in members):
            chosen = tuple(m for m in members if m.doc_type is only or m.notice)
            return View(chosen, only, f"the set's {only.value} documents")
    return View(tuple(members), kind, f"the set's type: {reason}")


def evaluate_set(
    name: str,
    members: Sequence[Member],
    rules: Sequence[Rule],
    compiled: Compiled,
    facts: Mapping[str, str],
    kind: tuple[DocType, str],
) -> list[Result]:
    """Every rule's result on the set (in ``rules`` order), then a ``SET-PART`` finding for
    each schedule or annex the set refers to but does not hold. ``members`` are typed
    (``with_set_type``); ``kind`` is the set's type and why.

    ``facts`` are the config's ``[facts]``: they come before what a notice states.
    """
    from tenderlint.engine import Context, evaluate
    from tenderlint.quantities import parse_money

    set_kind, reason = kind
    stated = dict(facts)
    value = parse_money(stated.pop("contract-value")).value if "contract-value" in facts else None
    for m in members:
        for k, v in m.facts.items():
            stated.setdefault(k, v)
        if value is None and m.value is not None:
            value = m.value
    gaps = parts.absent(members, combine(name, members))
    groups: dict[tuple[tuple[str, ...], DocType], tuple[View, list[Rule]]] = {}
    for rule in rules:
        view = view_for(rule, members, set_kind, reason)
        key = (tuple(m.rel for m in view.members), view.doc_type)
        groups.setdefault(key, (view, []))[1].append(rule)
    got: dict[str, Result] = {}
    for view, chosen in groups.values():
        doc = combine(name, view.members, value)
        context = Context(view.doc_type, view.reason, stated)
        results = evaluate(doc, compiled, context, chosen)
        results = parts.deferred(results, chosen, doc, gaps, compiled, view.doc_type)
        got.update((r.rule, r) for r in results)
    ordered = [got[r.id] for r in rules if r.id in got]
    return ordered + parts.results(gaps, name)
