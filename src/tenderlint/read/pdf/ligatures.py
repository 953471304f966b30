"""Damaged text layers: ligatures a PDF producer dropped, found and put back from a word list.

Some producers write a ligature glyph ("fi", "ffi", "ti" in Calibri) with no Unicode mapping,
so the text layer loses it: "notification" reads "notifica on" (a space for the glyph),
"office" reads "ofce" (nothing) or "o\ufffdce" (a mark). A token that is not a word, alone or
with the token beside it, that becomes exactly one word when one ligature is put back, is
damage; when a ligature's damage is common enough in the document (not one typo among many
intact words), every such token is repaired. Tokens with more than one possible repair are
left as they are, and counted.

A text layer whose words are mostly not words at all (a broken font encoding) is measured
too: the reader warns, or refuses the file when hardly anything is readable.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tenderlint.read.failure import ReadFailure
from tenderlint.read.pdf.lexicon import SHORT_WORDS, Lexicon

# Longest first: "ffi" before "ff" and "fi", so "o ce" is tried as "office" first.
LIGATURES = ("ffi", "ffl", "ff", "fi", "fl", "ft", "ti", "tt")
# What a glyph with no Unicode mapping may become: the replacement character, a private-use
# code point or a control character (PDFium's own hyphen marks, \x02 and \ufffe, excepted).
_MARKS = "\ufffd\ue000-\uf8ff\x00\x01\x03-\x08"
_TOKEN = re.compile(f"[A-Za-z{_MARKS}]+")
_MARK = re.compile(f"[{_MARKS}]")
_PAIR = re.compile(f"([A-Za-z{_MARKS}]+)(?= ([A-Za-z]+))")
_TAIL = re.compile(f"[A-Za-z{_MARKS}]+$")
_HEAD = re.compile("[A-Za-z]+")
_MAX_ALTERNATION = 400  # more fragments than this: scan every pair of tokens instead
_ADDRESS = re.compile(r"(\S*(?:https?://|www\.|@)\S*)")
_LINE_END_HYPHEN = re.compile("(?<=[a-z])[-\u00ad\x02\ufffe]\n(?=[a-z])")
_MIN_WORDS = 50  # fewer words than this say nothing about a whole text layer
_BROKEN = 0.5  # a share of non-words above which the reader is warned ...
_UNUSABLE = 0.85  # ... and above which the file is refused
_MIN_DAMAGE = 3  # occurrences of one ligature's damage before a document counts as damaged
_MIN_SHARE = 0.1  # ... and its share of the words that hold that ligature, damaged or not


@dataclass(frozen=True)
class Damage:
    """What the repair found: damaged words put right, and those it could not."""

    ligatures: tuple[str, ...]  # the ligatures the document lost
    repaired: int  # occurrences repaired
    left: int  # occurrences that look damaged but have no single repair
    words: int  # word tokens of three letters or more
    unreadable: int  # of those, tokens that are not words, after the repair


def _cased(repair: str, like: str) -> str:
    """``repair`` in the case of the token it replaces ("Ofce" -> "Office")."""
    if like[:1].isupper():
        if len(like) > 1 and like.isupper():
            return repair.upper()
        return repair[:1].upper() + repair[1:]
    return repair


class Repair:
    """Finds a document's dropped ligatures (from all its text at once) and repairs text."""

    def __init__(self, text: str) -> None:
        # Words a line-end hyphen split are not fragments of damage: join them for the count;
        # web and mail addresses are not words at all.
        text = _ADDRESS.sub(" ", _LINE_END_HYPHEN.sub("", text))
        self.single: dict[str, str] = {}  # damaged token (lower case) -> word
        self.pairs: dict[tuple[str, str], str] = {}  # two tokens (lower case) -> word
        self.raw = Counter(_TOKEN.findall(text))
        counts: Counter[str] = Counter()
        for token, uses in self.raw.items():
            counts[token.lower()] += uses
        self.counts = counts
        self.lexicon = Lexicon(counts)
        # Tokens seen in lower case or capitalised: "ToS" and "AWS" are names, not damage.
        self.cased = {t.lower() for t in self.raw if t.islower() or t[1:].islower()}
        damaged: Counter[str] = Counter()  # ligature -> damaged occurrences
        self.distinct: Counter[str] = Counter()  # ligature -> distinct words repaired
        found: list[tuple[str, str, str, int]] = []  # (kind, key, word, uses) per repair
        ambiguous = self._singles(counts, damaged, found)
        ambiguous += self._pairs(text, damaged, found)
        self.lost = tuple(lig for lig in LIGATURES if self._lost(lig, damaged[lig]))
        repaired = 0
        for kind, key, word, uses in found:
            if not any(lig in word for lig in self.lost):
                continue
            repaired += uses
            if kind == "single":
                self.single[key] = word
            else:
                a, b = key.split(" ")
                self.pairs[(a, b)] = word
        self.damage = self._measure(repaired, ambiguous if self.lost else 0)

    def _lost(self, lig: str, damaged: int) -> bool:
        """Whether the document lost ``lig``: damaged often, and often against intact uses."""
        if damaged < _MIN_DAMAGE or self.distinct[lig] < 2:
            return False
        intact = sum(n for w, n in self.counts.items() if lig in w and self.lexicon.known(w))
        return damaged >= _MIN_SHARE * (damaged + intact)

    def _candidates(self, forms: list[str]) -> list[str]:
        """The forms that are words: in the English list, or intact in the document."""
        seen: list[str] = []
        for w in forms:
            if w not in seen and (self.lexicon.listed(w) or self.counts[w] > 0):
                seen.append(w)
        return seen

    def _choose(self, words: list[str]) -> str | None:
        """The one repair, or the only one the document itself uses; None if ambiguous."""
        if len(words) == 1:
            return words[0]
        used = [w for w in words if self.counts[w] > 0]
        return used[0] if len(used) == 1 else None

    def _singles(
        self, counts: Counter[str], damaged: Counter[str], found: list[tuple[str, str, str, int]]
    ) -> int:
        """Tokens that lost a ligature inside them ("ofce", "o\ufffdce")."""
        ambiguous = 0
        for token, uses in counts.items():
            marked = _MARK.search(token) is not None
            if not marked and (len(token) < 3 or self.lexicon.listed(token)):
                continue
            if token not in self.cased:
                continue  # an acronym ("AWS", "PIA"): capitals have no ligatures
            if marked:
                forms = {_MARK.sub(lig, token): lig for lig in LIGATURES}
            else:
                forms = {
                    token[:i] + lig + token[i:]: lig
                    for i in range(len(token) + 1)
                    for lig in reversed(LIGATURES)  # longest last: "ffi" wins over "fi"
                }
            words = self._candidates(list(forms))
            if not words:
                continue
            word = self._choose(words)
            if word is None:
                ambiguous += uses
                continue
            damaged[forms[word]] += uses
            self.distinct[forms[word]] += 1
            found.append(("single", token, word, uses))
        return ambiguous

    def _fragment(self, token: str) -> bool:
        """A lower-case token that is no word: a piece of one, if the layer is damaged."""
        if not token.islower():
            return False
        if len(token) <= 2:
            return token not in SHORT_WORDS
        return not self.lexicon.listed(token)

    def _pairs(
        self, text: str, damaged: Counter[str], found: list[tuple[str, str, str, int]]
    ) -> int:
        """Two tokens a dropped ligature's space split apart ("notifica on", "o ce")."""
        fragments = {t for t in self.raw if self._fragment(t)}
        if sum(self.raw[t] for t in fragments) < _MIN_DAMAGE:
            return 0  # too few pieces of words to look for the words they came from
        pairs: Counter[tuple[str, str]] = Counter()
        if len(fragments) > _MAX_ALTERNATION:
            for m in _PAIR.finditer(text):
                if m.group(1) in fragments or m.group(2) in fragments:
                    pairs[(m.group(1).lower(), m.group(2).lower())] += 1
        else:
            # Look only beside the fragments: one pass over the text for them all.
            ordered = sorted(fragments, key=len, reverse=True)
            found_at = re.compile(
                "(?<![A-Za-z])(?:" + "|".join(map(re.escape, ordered)) + ")(?![A-Za-z])"
            )
            seen: set[int] = set()
            for m in found_at.finditer(text):
                start, end = m.span()
                before = _TAIL.search(text, max(0, start - 40), start - 1) if start > 1 else None
                if before and text[start - 1] == " " and before.start() not in seen:
                    seen.add(before.start())
                    pairs[(before.group(0).lower(), m.group(0))] += 1
                after = _HEAD.match(text, end + 1) if text[end : end + 1] == " " else None
                if after and start not in seen:
                    seen.add(start)
                    pairs[(m.group(0), after.group(0).lower())] += 1
        ambiguous = 0
        for (a, b), uses in pairs.items():
            words = self._candidates([a + lig + b for lig in LIGATURES])
            if not words:
                continue
            word = self._choose(words)
            if word is None:
                ambiguous += uses
                continue
            lig = word[len(a) : len(word) - len(b)]
            damaged[lig] += uses
            self.distinct[lig] += 1
            found.append(("pair", f"{a} {b}", word, uses))
        return ambiguous

    def _measure(self, repaired: int, left: int) -> Damage:
        words = 0
        unreadable = 0
        for token, uses in self.counts.items():
            if len(token) < 3:
                continue
            words += uses
            if not (self.lexicon.known(token) or token in self.single):
                unreadable += uses
        # Tokens joined again by a repair were counted as two; near enough for a share.
        return Damage(self.lost, repaired, left, words, unreadable)

    def fix(self, text: str) -> str:
        """``text`` with the document's dropped ligatures put back."""
        if not self.lost:
            return text
        parts = _ADDRESS.split(text)
        for i in range(0, len(parts), 2):  # the odd parts are addresses: left as they are
            if self.pairs:
                parts[i] = _PAIR_SUB.sub(self._pair, parts[i])
            if self.single:
                parts[i] = _TOKEN.sub(self._token, parts[i])
        return "".join(parts)

    def _pair(self, m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        word = self.pairs.get((a.lower(), b.lower()))
        return _cased(word, a) if word else m.group(0)

    def _token(self, m: re.Match[str]) -> str:
        token = m.group(0)
        word = self.single.get(token.lower())
        return _cased(word, token) if word else token


_PAIR_SUB = re.compile(f"(?<![A-Za-z])([A-Za-z{_MARKS}]+) ([A-Za-z]+)(?![A-Za-z])")


def damage_warnings(damage: Damage) -> list[str]:
    """What the document's reader must be told of its text layer; raises ReadFailure when
    nearly none of it is words (grading it would be grading noise)."""
    out: list[str] = []
    if damage.ligatures:
        names = ", ".join(f'"{lig}"' for lig in damage.ligatures)
        words = "word" if damage.repaired == 1 else "words"
        out.append(
            f"ligatures missing from the text layer ({names}): {damage.repaired} {words} "
            f"repaired, {damage.left} left"
        )
    if damage.words >= _MIN_WORDS:
        share = damage.unreadable / damage.words
        if share >= _UNUSABLE:
            raise ReadFailure(
                f"the text layer is not readable: {share:.0%} of its {damage.words} words are "
                "not words (a broken font encoding?); run OCR on the page images"
            )
        if share >= _BROKEN:
            out.append(
                f"most of the text layer is damaged: {share:.0%} of its {damage.words} words "
                "are not words (a broken font encoding?); results on it are unreliable"
            )
    return out
