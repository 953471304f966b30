"""What changed between two versions of a pack: rules added, removed and changed (text,
parameters, severities), and the examples of either version whose outcome differs between the
old rules and the new, as a publisher writes in release notes and an adopter reads before
updating the lock."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenderlint.lang.nouns import Example, Pack, Rule


@dataclass(frozen=True)
class OutcomeChange:
    rule: str
    example: str  # where the example is written, and its first words
    old: str  # the outcome under the old rules
    new: str  # the outcome under the new rules


@dataclass(frozen=True)
class PackDiff:
    old: str  # "name version"
    new: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[tuple[str, tuple[str, ...]], ...]  # rule id -> what changed
    params: tuple[tuple[str, str, str], ...]  # name, old value, new value ("" when absent)
    outcomes: tuple[OutcomeChange, ...]


def _shape(value: Any) -> Any:
    """A value with every position in a rule file left out, so moving a rule is no change."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (
            type(value).__name__,
            tuple(
                (f.name, _shape(getattr(value, f.name)))
                for f in dataclasses.fields(value)
                if f.name not in ("source", "at")
            ),
        )
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return tuple(sorted((repr(_shape(k)), _shape(v)) for k, v in value.items()))
    if isinstance(value, tuple | list | frozenset | set):
        items = [_shape(v) for v in value]
        return (
            tuple(sorted(items, key=repr)) if isinstance(value, frozenset | set) else tuple(items)
        )
    return value


def rule_changes(old: Rule, new: Rule) -> tuple[str, ...]:
    """What differs between two versions of one rule, in words."""
    out: list[str] = []
    if old.severity is not new.severity or dict(old.outcome_severity) != dict(new.outcome_severity):
        out.append(f"severity {old.severity.label} -> {new.severity.label}")
    if old.title != new.title:
        out.append("title")
    keep = {"severity", "outcome_severity", "title", "examples", "source"}
    rest_old = {f.name: getattr(old, f.name) for f in dataclasses.fields(old) if f.name not in keep}
    rest_new = {f.name: getattr(new, f.name) for f in dataclasses.fields(new) if f.name not in keep}
    if _shape(rest_old) != _shape(rest_new):
        out.append("text")
    if _shape(old.examples) != _shape(new.examples):
        out.append("examples")
    return tuple(out)


def _label(example: Example) -> str:
    words = " ".join(example.text.split())
    short = words if len(words) <= 90 else words[:87] + "..."
    where = f"{example.source.file}:{example.source.line}" if example.source else "example"
    return f'{where} "{short}"'


def _outcomes(old: Pack, new: Pack, shared: list[str]) -> list[OutcomeChange]:
    from tenderlint.engine import compile_pack
    from tenderlint.examples import run_rule

    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    old_compiled, new_compiled = compile_pack([old]), compile_pack([new])
    out: list[OutcomeChange] = []
    for rid in shared:
        examples: dict[Any, Example] = {}
        for ex in (*old_rules[rid].examples, *new_rules[rid].examples):
            examples.setdefault((ex.text, ex.doc_type), ex)
        every = tuple(examples.values())
        # Both versions' examples through the old rule and through the new one.
        before, _ = run_rule(replace(old_rules[rid], examples=every), old_compiled)
        after, _ = run_rule(replace(new_rules[rid], examples=every), new_compiled)
        for a, b in zip(before, after, strict=True):
            if a.result.outcome is not b.result.outcome:
                out.append(
                    OutcomeChange(
                        rid, _label(a.example), a.result.outcome.value, b.result.outcome.value
                    )
                )
    return out


def _param(pack: Pack, name: str) -> tuple[str, tuple[float, str] | None]:
    p = pack.params.get(name)
    return (p.value.text, (p.value.value, p.value.dimension)) if p else ("", None)


def diff_packs(old: Pack, new: Pack) -> PackDiff:
    old_rules = {r.id: r for r in old.rules}
    new_rules = {r.id: r for r in new.rules}
    shared = sorted(set(old_rules) & set(new_rules))
    changed = tuple(
        (rid, what) for rid in shared if (what := rule_changes(old_rules[rid], new_rules[rid]))
    )
    names = sorted(set(old.params) | set(new.params))
    params = tuple(
        (n, _param(old, n)[0], _param(new, n)[0])
        for n in names
        if _param(old, n)[1] != _param(new, n)[1]
    )
    return PackDiff(
        old=f"{old.name} {old.version}",
        new=f"{new.name} {new.version}",
        added=tuple(sorted(set(new_rules) - set(old_rules))),
        removed=tuple(sorted(set(old_rules) - set(new_rules))),
        changed=changed,
        params=params,
        outcomes=tuple(_outcomes(old, new, shared)),
    )


def render_diff(d: PackDiff) -> str:
    lines = [f"{d.old} -> {d.new}"]
    lines.append(f"rules added: {', '.join(d.added) or 'none'}")
    lines.append(f"rules removed: {', '.join(d.removed) or 'none'}")
    lines.append(f"rules changed: {len(d.changed) or 'none'}")
    lines += [f"  {rid}: {'; '.join(what)}" for rid, what in d.changed]
    lines.append(f"parameters changed: {len(d.params) or 'none'}")
    lines += [f"  {n}: {a or '(none)'} -> {b or '(none)'}" for n, a, b in d.params]
    lines.append(
        f"example outcomes that change (old rules -> new rules): {len(d.outcomes) or 'none'}"
    )
    lines += [f"  {o.rule}  {o.example}: {o.old} -> {o.new}" for o in d.outcomes]
    return "\n".join(lines) + "\n"
