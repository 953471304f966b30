"""Extending a pack: the rules and parameters of the pack extended, changed as the extending
pack's manifest says (parameter values, severities, rules disabled with a reason, rules
replaced by id), with the extending pack's own rules added and every conflict an error."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from tenderlint.lang.errors import Problem
from tenderlint.lang.nouns import Manifest, Pack, Param, Rule


@dataclass
class Merged:
    """What a pack ends up with once the pack it extends is folded in."""

    rules: dict[str, Rule]
    params: dict[str, Param]
    rule_packs: dict[str, str] = field(default_factory=dict)  # rule id -> pack that defined it
    replaced: dict[str, str] = field(default_factory=dict)  # rule id -> pack whose rule it was
    disabled: dict[str, str] = field(default_factory=dict)  # rule id -> reason
    problems: list[str] = field(default_factory=list)


def extend(
    parent: Pack | None,
    manifest: Manifest,
    own: Mapping[str, Rule],
    params: Mapping[str, Param],
    where: str,
) -> Merged:
    """Fold ``parent`` into a pack whose manifest (at ``where``) is ``manifest`` and whose own
    rules and parameters (the extended pack's included) are ``own`` and ``params``."""
    out = Merged(dict(own), dict(params))
    out.rule_packs = {rid: manifest.name for rid in own}
    if parent is None:
        for key, value in (
            ("params", manifest.params),
            ("disable", manifest.disable),
            ("replaces", manifest.replaces),
        ):
            if value:
                out.problems.append(
                    f'{where}: key "{key}": only a pack that extends another can change its '
                    'rules (add "extends")'
                )
        _severities(manifest, out, where, None)
        return out
    inherited = {r.id: r for r in parent.rules}
    _disable(parent, manifest, inherited, out, where)
    _replace(parent, manifest, inherited, own, out, where)
    for rid, rule in inherited.items():
        if rid in out.rules:
            continue  # replaced (or a conflict already reported)
        out.rules[rid] = rule
        out.rule_packs[rid] = parent.rule_packs.get(rid, parent.name)
    _parameters(parent, manifest, out, where)
    _severities(manifest, out, where, parent)
    return out


def _disable(
    parent: Pack, manifest: Manifest, inherited: dict[str, Rule], out: Merged, where: str
) -> None:
    for rid, reason in manifest.disable.items():
        if rid not in inherited:
            out.problems.append(f'{where}: key "disable.{rid}": pack "{parent.name}" has no {rid}')
            continue
        if rid in manifest.replaces:
            out.problems.append(
                f'{where}: key "disable.{rid}": {rid} is also in "replaces" (choose one)'
            )
        del inherited[rid]
        out.disabled[rid] = reason


def _replace(
    parent: Pack,
    manifest: Manifest,
    inherited: dict[str, Rule],
    own: Mapping[str, Rule],
    out: Merged,
    where: str,
) -> None:
    for rid in manifest.replaces:
        if rid not in inherited and rid not in manifest.disable:
            out.problems.append(
                f'{where}: key "replaces": pack "{parent.name}" has no rule {rid} to replace'
            )
        elif rid not in own:
            out.problems.append(
                f'{where}: key "replaces": {rid} is not defined in this pack\'s rule files'
            )
        else:
            out.replaced[rid] = parent.rule_packs.get(rid, parent.name)
    for rid, rule in own.items():
        if rid in inherited and rid not in manifest.replaces:
            origin = parent.rule_packs.get(rid, parent.name)
            msg = (
                f'rule {rid} is already defined by pack "{origin}" (to replace it, list it '
                f'under "replaces" in {manifest.name}\'s pack.toml)'
            )
            out.problems.append(str(Problem(rule.source, msg)))


def _parameters(parent: Pack, manifest: Manifest, out: Merged, where: str) -> None:
    for name, value in manifest.params.items():
        current = parent.params.get(name)
        if current is None:
            known = ", ".join(sorted(parent.params)) or "none"
            out.problems.append(
                f'{where}: key "params.{name}": pack "{parent.name}" has no parameter {name} '
                f"(its parameters: {known})"
            )
        elif current.value.dimension != value.dimension:
            out.problems.append(
                f'{where}: key "params.{name}": {value.text!r} is a {value.dimension}, but '
                f"{name} is a {current.value.dimension} ({current.value.text})"
            )
        else:
            out.params[name] = replace(current, value=value)


def _severities(manifest: Manifest, out: Merged, where: str, parent: Pack | None) -> None:
    for rid, severity in manifest.severity.items():
        rule = out.rules.get(rid)
        if rule is None:
            scope = f'this pack or "{parent.name}"' if parent else "this pack"
            out.problems.append(f'{where}: key "severity.{rid}": no rule {rid} in {scope}')
            continue
        # The whole rule moves to the new severity, whatever it said per outcome.
        out.rules[rid] = replace(rule, severity=severity, outcome_severity={})
