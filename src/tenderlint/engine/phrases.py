"""Phrases found word by word: each word of a rule's phrase matches any inflection of it, in
one pass over a document's tokens, never across a block boundary.

A phrase's words become slots: a set of surface forms (from ``words.Inflector``), or a prefix
for a word written with ``*`` ("explain*"). A hyphenated word matches with or without its
hyphen ("co-operate" finds cooperate and co-operate); a possessive "'s" is not a word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tenderlint.engine.words import Inflector

Span = tuple[int, int]


@dataclass(frozen=True)
class Slot:
    """One word of a phrase: the forms it matches, or the prefix it starts with."""

    forms: frozenset[str] = frozenset()
    prefix: tuple[str, ...] | None = None  # "organis*": organis, organiz

    def accepts(self, word: str) -> bool:
        if self.prefix is not None:
            return word.startswith(self.prefix)
        return word in self.forms


_RAW_WORD = re.compile(r"[^\W_]+(?:[-‐‑][^\W_]+)*\*?|\*", re.UNICODE)


def phrase_words(text: str) -> list[list[str]]:
    """The word sequences a phrase stands for: one, or two when it has a hyphenated word."""
    raw = [w.lower() for w in _RAW_WORD.findall(text.replace("’", "'"))]
    split: list[str] = []
    joined: list[str] = []
    for w in raw:
        parts = re.split(r"[-‐‑]", w)
        split.extend(parts)
        joined.append("".join(parts))
    # "Supplier's" tokenises as supplier + s; the possessive s is not a word of the phrase.
    variants = [split] if split == joined else [split, joined]
    return [[w for i, w in enumerate(v) if not (w == "s" and i > 0)] for v in variants]


def _prefixes(stem: str) -> tuple[str, ...]:
    """A stem with its other national spelling: "organis" also starts "organiz..."."""
    out = [stem]
    for uk, us in (("is", "iz"), ("ys", "yz"), ("our", "or"), ("licenc", "licens")):
        if stem.endswith(uk):
            out.append(stem[: -len(uk)] + us)
        elif stem.endswith(us) and not stem.endswith(uk):
            out.append(stem[: -len(us)] + uk)
    return tuple(out)


def slots_for(text: str, inflector: Inflector) -> list[tuple[Slot, ...]]:
    """The slot sequences that match phrase ``text``."""
    out = []
    for seq in phrase_words(text):
        slots = []
        for w in seq:
            if w.endswith("*"):
                slots.append(Slot(prefix=_prefixes(w[:-1])))
            else:
                slots.append(Slot(forms=inflector.forms(w)))
        if slots:
            out.append(tuple(slots))
    return out


class PhraseMatcher:
    """Every phrase of a pack as one automaton over words: phrases that share their first
    words share states, so each token costs a dictionary look-up per live state, however many
    phrases begin with "the" (1,000 in the bundled pack: trying each at every "the" took 14 s
    on a 100-page contract; the automaton takes a tenth of a second).

    States are numbers (0 is the start); for each, the word forms that lead on and to which
    states, the prefixes that do ("organis*"), and the phrases complete there. That is plain
    data (``to_data``), so a cached pack rebuilds the automaton without its phrases' slots.
    """

    def __init__(self, phrases: Iterable[tuple[int, Sequence[tuple[Slot, ...]]]] = ()) -> None:
        self._edges: list[dict[str, list[int]]] = [{}]  # a word form -> the states it leads to
        self._prefixed: list[list[tuple[tuple[str, ...], int]]] = [[]]  # "organis*" -> state
        self._ends: list[list[int]] = [[]]  # atom ids of the phrases complete here
        by_slot: list[dict[Slot, int]] = [{}]  # while building: one state per distinct slot
        for atom_id, variants in phrases:
            for slots in variants:
                node = 0
                for slot in slots:
                    got = by_slot[node].get(slot)
                    if got is None:
                        got = by_slot[node][slot] = self._add(node, slot)
                        by_slot.append({})
                    node = got
                if atom_id not in self._ends[node]:
                    self._ends[node].append(atom_id)
        self._index_prefixes()

    def _add(self, parent: int, slot: Slot) -> int:
        """A new state reached from ``parent`` by ``slot``."""
        node = len(self._edges)
        self._edges.append({})
        self._prefixed.append([])
        self._ends.append([])
        if slot.prefix is not None:
            self._prefixed[parent].append((slot.prefix, node))
        else:
            for form in sorted(slot.forms):
                self._edges[parent].setdefault(form, []).append(node)
        return node

    def _index_prefixes(self) -> None:
        """Each state's prefixed moves by the first three letters of their prefixes."""
        self._by_three: list[dict[str, list[tuple[tuple[str, ...], int]]] | None] = []
        for moves in self._prefixed:
            index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
            for prefix, node in moves:
                for key in sorted({p[:3] for p in prefix}):
                    index.setdefault(key, []).append((prefix, node))
            self._by_three.append(index or None)
        self.ids = {a for ends in self._ends for a in ends}

    def to_data(self) -> dict[str, Any]:
        """The automaton as plain data, for ``from_data``."""
        return {
            "edges": self._edges,
            "prefixed": [[[list(p), n] for p, n in moves] for moves in self._prefixed],
            "ends": self._ends,
        }

    @classmethod
    def from_data(cls, data: object) -> PhraseMatcher:
        """The automaton ``to_data`` gave; ValueError when ``data`` is not of its shape."""
        if type(data) is not dict:
            raise ValueError("not a phrase automaton")
        edges, prefixed, ends = data.get("edges"), data.get("prefixed"), data.get("ends")
        if type(edges) is not list or type(prefixed) is not list or type(ends) is not list:
            raise ValueError("not a phrase automaton")
        n = len(edges)
        if not n or len(prefixed) != n or len(ends) != n:
            raise ValueError("a phrase automaton's tables differ in length")
        if not all(type(e) is dict for e in edges):
            raise ValueError("a phrase automaton's moves are not tables")
        targets = [t for e in edges for ts in e.values() for t in _ints(ts)]
        moves: list[list[tuple[tuple[str, ...], int]]] = []
        for raw in prefixed:
            got: list[tuple[tuple[str, ...], int]] = []
            for move in _list(raw):
                pair = _list(move)
                prefix = _list(pair[0]) if len(pair) == 2 else []
                if (
                    not prefix
                    or not all(type(x) is str for x in prefix)
                    or type(pair[1]) is not int
                ):
                    raise ValueError("not a prefixed move")
                got.append((tuple(prefix), pair[1]))
                targets.append(pair[1])
            moves.append(got)
        if any(not 0 < t < n for t in targets):
            raise ValueError("a move to a state that does not exist")
        for atom_ids in ends:
            _ints(atom_ids)
        out = cls()
        out._edges, out._prefixed, out._ends = edges, moves, ends
        out._index_prefixes()
        return out

    def find(
        self, words: Sequence[str], starts: Sequence[int], ends: Sequence[int], block: Sequence[int]
    ) -> dict[int, list[Span]]:
        """Spans of every phrase in a token stream (``words`` lower-cased, ``block`` the block
        of each token); a match never runs from one block into the next."""
        found: dict[int, list[Span]] = {}
        n = len(words)
        edges, complete, by_three = self._edges, self._ends, self._by_three
        root, root_three = edges[0], by_three[0]
        # A document has a few thousand distinct words: where each starts a phrase is worked
        # out once, not at each of its 300,000 tokens.
        starting: dict[str, Sequence[int]] = {}
        for i, w in enumerate(words):
            states = starting.get(w)
            if states is None:
                states = root.get(w, ())
                if root_three is not None:
                    states = self._prefixed_moves(root_three, w, states)
                starting[w] = states
            if not states:
                continue
            b = block[i]
            j = i
            while True:
                for node in states:
                    for atom_id in complete[node]:
                        got = found.get(atom_id)
                        if got is None:
                            found[atom_id] = [(starts[i], ends[j])]
                        elif got[-1] != (starts[i], ends[j]):
                            got.append((starts[i], ends[j]))
                j += 1
                if j >= n or block[j] != b:
                    break
                w = words[j]
                nxt: list[int] = []
                for node in states:
                    more = edges[node].get(w)
                    if more:
                        nxt.extend(more)
                    three = by_three[node]
                    if three is not None:
                        nxt.extend(self._prefixed_moves(three, w, ()))
                if not nxt:
                    break
                states = nxt
        # Each phrase's spans are in order, by start and then end, as they were found; two
        # variants of a phrase (with and without a hyphen) finding the same words find them
        # one after the other, and the second is not kept.
        return found

    @staticmethod
    def _prefixed_moves(
        three: dict[str, list[tuple[tuple[str, ...], int]]], word: str, states: Sequence[int]
    ) -> Sequence[int]:
        extra = three.get(word[:3])
        if not extra:
            return states
        return [*states, *(node for prefix, node in extra if word.startswith(prefix))]


def _list(value: object) -> list[Any]:
    if type(value) is not list:
        raise ValueError("not a list")
    return value


def _ints(value: object) -> list[int]:
    got = _list(value)
    if not all(type(x) is int for x in got):
        raise ValueError("not a list of numbers")
    return got
