"""Rule packs to a ``Compiled`` value: the rules, their term sets and parameters, and every
pattern they use compiled once: phrases into one word-by-word matcher (with every inflection of
their words), regular expressions into one automaton-keyed matcher."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tenderlint.engine.matcher import Matcher
from tenderlint.engine.phrases import PhraseMatcher, phrase_words, slots_for
from tenderlint.engine.words import Inflector
from tenderlint.lang.nouns import Pack, Param, Pattern, Phrase, Regex, Rule, TermSet
from tenderlint.lang.walk import concrete, near_parts, patterns_of, rule_conditions


@dataclass
class Compiled:
    """The rules of one or more packs with every pattern compiled once."""

    rules: tuple[Rule, ...]
    sets: Mapping[str, TermSet]
    params: Mapping[str, Param]
    phrases: PhraseMatcher
    regexes: Matcher
    # Every phrase and regular expression as its atom id (phrases first, then regexes), and
    # each pattern (set references included) as the atom ids it stands for.
    index: dict[Phrase | Regex, int] = field(default_factory=dict)
    regex_ids: tuple[int, ...] = ()  # atom id of each of ``regexes``' own atoms, in order
    atoms_of: dict[Pattern, tuple[int, ...]] = field(default_factory=dict)
    pack_of: dict[str, str] = field(default_factory=dict)  # rule id -> pack name
    inflector: Inflector | None = field(default=None, repr=False)
    hedges: tuple[str, ...] = ()  # term sets that weaken any duty they qualify
    not_hedges: tuple[str, ...] = ()  # term sets whose matches are never hedges

    def ids_of(self, pattern: Pattern) -> tuple[int, ...]:
        """The atom ids ``pattern`` stands for, also for a pattern built at run time."""
        got = self.atoms_of.get(pattern)
        if got is None:
            got = tuple(self.index[c] for c in concrete(pattern, self.sets) if c in self.index)
        return got


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
    for ts in sets.values():  # every set, so roles and hedges used by the engine are known
        patterns.update(ts.patterns)
    for p in list(patterns):
        patterns.update(near_parts(p, sets))
    atoms: dict[Phrase | Regex, None] = {}
    for p in sorted(patterns, key=repr):
        atoms.update(dict.fromkeys(concrete(p, sets)))
    phrases = [a for a in atoms if isinstance(a, Phrase)]
    regexes = [a for a in atoms if isinstance(a, Regex)]
    ordered_atoms: list[Phrase | Regex] = [*phrases, *regexes]
    index = {a: i for i, a in enumerate(ordered_atoms)}
    inflector = Inflector()
    inflector.prepare(w for ph in phrases for seq in phrase_words(ph.text) for w in seq)
    phrase_matcher = PhraseMatcher((index[ph], slots_for(ph.text, inflector)) for ph in phrases)
    regex_matcher = Matcher(regexes)
    regex_ids = tuple(index[r] for r in regexes)
    atoms_of = {p: tuple(sorted({index[c] for c in concrete(p, sets)})) for p in patterns}
    ordered = tuple(sorted(rules.values(), key=lambda r: r.id))
    return Compiled(
        ordered,
        sets,
        params,
        phrase_matcher,
        regex_matcher,
        index,
        regex_ids,
        atoms_of,
        pack_of,
        inflector,
        tuple(dict.fromkeys(n for p in packs for n in p.hedges)),
        tuple(dict.fromkeys(n for p in packs for n in p.not_hedges)),
    )
