"""Rule packs to a ``Compiled`` value: the rules, their term sets and parameters, and every
pattern they use compiled once into one matcher."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tenderlint.engine.matcher import Matcher
from tenderlint.lang.nouns import Pack, Param, Pattern, Phrase, Regex, Rule, TermSet
from tenderlint.lang.walk import concrete, near_parts, patterns_of, rule_conditions


@dataclass
class Compiled:
    """The rules of one or more packs with every pattern compiled into one matcher."""

    rules: tuple[Rule, ...]
    sets: Mapping[str, TermSet]
    params: Mapping[str, Param]
    matcher: Matcher
    # Each pattern (including set references) as the atom ids it stands for.
    atoms_of: dict[Pattern, tuple[int, ...]] = field(default_factory=dict)
    pack_of: dict[str, str] = field(default_factory=dict)  # rule id -> pack name


def compile_pack(packs: Sequence[Pack]) -> Compiled:
    """Compile the rules of ``packs`` (later packs' rules replace earlier ones with the same id)."""
    rules: dict[str, Rule] = {}
    sets: dict[str, TermSet] = {}
    params: dict[str, Param] = {}
    pack_of: dict[str, str] = {}
    for pack in packs:
        for r in pack.rules:
            rules[r.id] = r
            pack_of[r.id] = pack.name
        sets.update(pack.sets)
        params.update(pack.params)
    patterns: set[Pattern] = set()
    for rule in rules.values():
        for cond, _src in rule_conditions(rule):
            patterns.update(patterns_of(cond))
    for p in list(patterns):
        patterns.update(near_parts(p, sets))
    atoms: list[Phrase | Regex] = []
    for p in sorted(patterns, key=repr):
        atoms.extend(concrete(p, sets))
    matcher = Matcher(atoms)
    atoms_of = {p: tuple(sorted({matcher.index[c] for c in concrete(p, sets)})) for p in patterns}
    ordered = tuple(sorted(rules.values(), key=lambda r: r.id))
    return Compiled(ordered, sets, params, matcher, atoms_of, pack_of)
