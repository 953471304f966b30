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
    """Every phrase of a pack, indexed by the forms of its first word."""

    def __init__(self, phrases: Iterable[tuple[int, Sequence[tuple[Slot, ...]]]]) -> None:
        self.by_first: dict[str, list[tuple[int, tuple[Slot, ...]]]] = {}
        self.by_prefix: dict[str, list[tuple[int, tuple[Slot, ...]]]] = {}
        self.ids: set[int] = set()
        for atom_id, variants in phrases:
            self.ids.add(atom_id)
            for slots in variants:
                first = slots[0]
                if first.prefix is not None:
                    for key in sorted({prefix[:3] for prefix in first.prefix}):
                        self.by_prefix.setdefault(key, []).append((atom_id, slots))
                else:
                    for form in first.forms:
                        self.by_first.setdefault(form, []).append((atom_id, slots))

    def find(
        self, words: Sequence[str], starts: Sequence[int], ends: Sequence[int], block: Sequence[int]
    ) -> dict[int, list[Span]]:
        """Spans of every phrase in a token stream (``words`` lower-cased, ``block`` the block
        of each token); a match never runs from one block into the next."""
        found: dict[int, list[Span]] = {}
        n = len(words)
        by_first, by_prefix = self.by_first, self.by_prefix
        for i, w in enumerate(words):
            cands = by_first.get(w)
            if by_prefix:
                extra = by_prefix.get(w[:3])
                if extra:
                    cands = [*(cands or ()), *(c for c in extra if c[1][0].accepts(w))]
            if not cands:
                continue
            b = block[i]
            for atom_id, slots in cands:
                last = i + len(slots) - 1
                if last >= n or block[last] != b:
                    continue
                if all(slots[k].accepts(words[i + k]) for k in range(1, len(slots))):
                    found.setdefault(atom_id, []).append((starts[i], ends[last]))
        # Two variants of a phrase (with and without a hyphen) can find the same words.
        return {atom_id: sorted(set(spans)) for atom_id, spans in found.items()}
