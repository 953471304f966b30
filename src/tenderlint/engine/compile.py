"""Rule packs to a ``Compiled`` value: the rules, their term sets and parameters, and every
pattern they use compiled once: phrases into one word-by-word matcher (with every inflection of
their words), regular expressions into one automaton-keyed matcher.

What compiling works out (each phrase's inflected forms, each regex's automaton keys) has a
plain-data form, ``Compiled.to_data``, that ``from_data`` turns back into a ``Compiled`` without
the lemmatiser or the regex parser: the cache keeps it as checked JSON (never pickle), and
regular expressions themselves are compiled only when a document first needs them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tenderlint.engine.matcher import Matcher
from tenderlint.engine.phrases import PhraseMatcher, phrase_words, slots_for
from tenderlint.engine.regex_keys import regex_keys
from tenderlint.engine.words import Inflector
from tenderlint.lang.nouns import Pack, Param, Pattern, Phrase, Regex, Rule, TermSet
from tenderlint.lang.walk import concrete, near_parts, patterns_of, rule_conditions

# The shape of ``Compiled.to_data``: bump when it changes (the cache keys on it).
DATA_FORMAT = 1


class DataError(ValueError):
    """Plain data that is not a compiled pack's (damaged, planted, or of another shape)."""


@dataclass
class Compiled:
    """The rules of one or more packs with every pattern compiled once."""

    rules: tuple[Rule, ...]
    sets: Mapping[str, TermSet]
    params: Mapping[str, Param]
    phrases: PhraseMatcher
    regexes: Matcher
    # Every phrase and regular expression as its atom id (phrases first, then regexes), and
    # each pattern (set references included) as the atom ids it stands for, filled on use.
    index: dict[Phrase | Regex, int] = field(default_factory=dict)
    regex_ids: tuple[int, ...] = ()  # atom id of each of ``regexes``' own atoms, in order
    atoms_of: dict[Pattern, tuple[int, ...]] = field(default_factory=dict)
    pack_of: dict[str, str] = field(default_factory=dict)  # rule id -> pack name
    inflector: Inflector | None = field(default=None, repr=False)
    hedges: tuple[str, ...] = ()  # term sets that weaken any duty they qualify
    not_hedges: tuple[str, ...] = ()  # term sets whose matches are never hedges
    # What ``to_data`` needs besides the automaton: each regex's keys, by atom id.
    keys: dict[int, tuple[tuple[str, ...], bool]] = field(default_factory=dict, repr=False)

    def ids_of(self, pattern: Pattern) -> tuple[int, ...]:
        """The atom ids ``pattern`` stands for, also for a pattern built at run time."""
        got = self.atoms_of.get(pattern)
        if got is None:
            ids = {self.index[c] for c in concrete(pattern, self.sets) if c in self.index}
            got = self.atoms_of[pattern] = tuple(sorted(ids))
        return got

    def to_data(self) -> dict[str, Any]:
        """The compiled patterns as plain data (strings, numbers, lists, tables), for
        ``from_data``: the atoms in order, the phrase automaton, each regex's keys."""
        phrases: list[str] = []
        regexes: list[list[Any]] = []
        for atom, i in sorted(self.index.items(), key=lambda item: item[1]):
            if isinstance(atom, Phrase):
                phrases.append(atom.text)
            else:
                keys, anchored = self.keys[i]
                regexes.append([atom.source, atom.flags, list(keys), anchored])
        return {
            "format": DATA_FORMAT,
            "phrases": phrases,
            "automaton": self.phrases.to_data(),
            "regexes": regexes,
        }

    @classmethod
    def from_data(cls, packs: Sequence[Pack], data: object) -> Compiled:
        """The packs compiled, with the patterns' work read from ``to_data``'s output instead
        of redone; DataError when the data is not of that shape. The data must have been made
        from these same packs (the cache keys it by their identity)."""
        if type(data) is not dict or data.get("format") != DATA_FORMAT:
            raise DataError("not compiled-pack data of this format")
        phrases, regexes = data.get("phrases"), data.get("regexes")
        if type(phrases) is not list or not all(type(p) is str for p in phrases):
            raise DataError("no list of phrases")
        if type(regexes) is not list:
            raise DataError("no list of regular expressions")
        atoms: list[Phrase | Regex] = [Phrase(text) for text in phrases]
        keys: dict[int, tuple[tuple[str, ...], bool]] = {}
        for item in regexes:
            if type(item) is not list or len(item) != 4:
                raise DataError("not a regular expression")
            source, flags, key_list, anchored = item
            if type(source) is not str or type(flags) is not str or set(flags) - set("imsx"):
                raise DataError("not a regular expression")
            if type(anchored) is not bool:
                raise DataError("not a regular expression")
            keys[len(atoms)] = (_strings(key_list), anchored)
            atoms.append(Regex(source, flags))
        try:
            automaton = PhraseMatcher.from_data(data.get("automaton"))
        except ValueError as exc:
            raise DataError(f"phrase automaton: {exc}") from None
        if not automaton.ids <= set(range(len(phrases))):
            raise DataError("the phrase automaton finds phrases that are not listed")
        return _assemble(packs, atoms, automaton, keys, None)


def compile_pack(packs: Sequence[Pack]) -> Compiled:
    """Compile the rules of ``packs`` (later packs' rules replace earlier ones with the same id)."""
    rules, sets, _params, _pack_of = _merge(packs)
    patterns: set[Pattern] = set()
    for rule in rules.values():
        for cond, _src in rule_conditions(rule):
            patterns.update(patterns_of(cond))
    for ts in sets.values():  # every set, so roles and hedges used by the engine are known
        patterns.update(ts.patterns)
    for p in list(patterns):
        patterns.update(near_parts(p, sets))
    found: dict[Phrase | Regex, None] = {}
    for p in sorted(patterns, key=repr):
        found.update(dict.fromkeys(concrete(p, sets)))
    phrases = [a for a in found if isinstance(a, Phrase)]
    regexes = [a for a in found if isinstance(a, Regex)]
    atoms: list[Phrase | Regex] = [*phrases, *regexes]
    inflector = Inflector()
    inflector.prepare(w for ph in phrases for seq in phrase_words(ph.text) for w in seq)
    automaton = PhraseMatcher((i, slots_for(ph.text, inflector)) for i, ph in enumerate(phrases))
    keys = {len(phrases) + i: regex_keys(r) for i, r in enumerate(regexes)}
    return _assemble(packs, atoms, automaton, keys, inflector)


def _merge(
    packs: Sequence[Pack],
) -> tuple[dict[str, Rule], dict[str, TermSet], dict[str, Param], dict[str, str]]:
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
    return rules, sets, params, pack_of


def _assemble(
    packs: Sequence[Pack],
    atoms: list[Phrase | Regex],
    phrase_matcher: PhraseMatcher,
    keys: dict[int, tuple[tuple[str, ...], bool]],
    inflector: Inflector | None,
) -> Compiled:
    """A ``Compiled`` from its atoms (phrases first), their automaton and the regex keys."""
    rules, sets, params, pack_of = _merge(packs)
    index = {a: i for i, a in enumerate(atoms)}
    regexes = [a for a in atoms if isinstance(a, Regex)]
    regex_ids = tuple(index[r] for r in regexes)
    regex_matcher = Matcher(regexes, {r: keys[index[r]] for r in regexes})
    return Compiled(
        tuple(sorted(rules.values(), key=lambda r: r.id)),
        sets,
        params,
        phrase_matcher,
        regex_matcher,
        index,
        regex_ids,
        {},
        pack_of,
        inflector,
        tuple(dict.fromkeys(n for p in packs for n in p.hedges)),
        tuple(dict.fromkeys(n for p in packs for n in p.not_hedges)),
        keys,
    )


def _strings(value: object) -> tuple[str, ...]:
    if type(value) is not list or not all(type(v) is str for v in value):
        raise DataError("not a list of strings")
    return tuple(value)
