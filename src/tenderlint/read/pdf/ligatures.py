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
# Hyphenated words are one token: "co-operate" holds no piece of a word.
_TOKEN = re.compile(f"[A-Za-z{_MARKS}]+(?:-[A-Za-z{_MARKS}]+)*")
_MARK = re.compile(f"[{_MARKS}]")
_PHRASE = re.compile(f"[A-Za-z{_MARKS}]+(?: [A-Za-z{_MARKS}]+)*")
_BEFORE = re.compile(f"(?<![A-Za-z{_MARKS}])(?:([A-Za-z{_MARKS}]+) )?([A-Za-z{_MARKS}]+) $")
_AFTER = re.compile(f" ([A-Za-z{_MARKS}]+)(?: ([A-Za-z{_MARKS}]+))?")
_MAX_ALTERNATION = 400  # more fragments than this: scan every pair of tokens instead
_ADDRESS = re.compile(r"(\S*(?:https?://|www\.|@)\S*)")
_ADDRESS_MARK = re.compile(r"https?://|www\.|@")
_WORD_TAIL = re.compile(r"\S*$")
_WORD_HEAD = re.compile(r"\S*")
_LINE_END_HYPHEN = re.compile("[-\u00ad\x02\ufffe]\n")
_LETTERS_TAIL = re.compile("[A-Za-z]*$")
_LETTERS_HEAD = re.compile("[A-Za-z]*")
_MIN_WORDS = 50  # fewer words than this say nothing about a whole text layer
_BROKEN = 0.5  # a share of non-words above which the reader is warned ...
_UNUSABLE = 0.85  # ... and above which the file is refused
_FRAGMENT_SHARE = 0.0005  # pieces of words per word of text worth looking round
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
    """Finds a document's dropped ligatures (from all its text at once) and repairs text.

    First the evidence: tokens that are no word ("ofce") and windows of two or three tokens
    round a piece of a word ("notifica on", "e ec ve") that become one word with ligatures
    put back. A ligature damaged often enough, and often against its intact uses, makes the
    document damaged; its producer then lost every ligature the evidence shows. Then the
    repair: every window of the text, and every token, that one lost ligature makes a word.
    """

    def __init__(self, text: str) -> None:
        # Words a line-end hyphen split are left out (their pieces are not damage, and whether
        # they join is the hyphen's business); web and mail addresses are not words at all.
        text = _without_addresses(_without_broken_words(text))
        self.raw = Counter(_TOKEN.findall(text))
        counts: Counter[str] = Counter()
        for token, uses in self.raw.items():
            counts[token.lower()] += uses
        self.counts = counts
        self.lexicon = Lexicon(counts)
        # Tokens seen in lower case or capitalised: "ToS" and "AWS" are names, not damage.
        self.cased = {t.lower() for t in self.raw if t.islower() or t[1:].islower()}
        self.single: dict[str, str] = {}  # damaged token (lower case) -> word
        self.windows: dict[tuple[str, ...], str] = {}  # two or three tokens -> word
        evidence: Counter[str] = Counter()  # ligature -> damaged occurrences seen
        distinct: dict[str, set[str]] = {}  # ligature -> the words it was seen damaged in
        singles = self._singles(evidence, distinct)
        self._around_fragments(text, evidence, distinct)
        strong = [lig for lig in LIGATURES if self._lost(lig, evidence[lig], distinct)]
        # One font's producer drops all its ligatures: with strong evidence for one, any
        # other the document shows damaged is lost too.
        self.lost = tuple(lig for lig in LIGATURES if evidence[lig]) if strong else ()
        repaired = left = 0
        if self.lost:
            for token, (word, lig, _uses) in singles.items():
                if lig in self.lost:
                    self.single[token] = word
            repaired, left = self._scan(text)
        self.damage = self._measure(repaired, left)

    def _lost(self, lig: str, damaged: int, distinct: dict[str, set[str]]) -> bool:
        """Whether the document lost ``lig``: damaged often, in several words, and often
        against its intact uses (not one typo among many intact words)."""
        if damaged < _MIN_DAMAGE or len(distinct.get(lig, ())) < 2:
            return False
        intact = sum(n for w, n in self.counts.items() if lig in w and self.lexicon.listed(w))
        return damaged >= _MIN_SHARE * (damaged + intact)

    def _word(self, w: str) -> bool:
        """Whether a repair candidate is a word: listed, or intact in the document."""
        return self.lexicon.listed(w) or self.counts[w] > 0

    def _choose(self, words: list[str]) -> str | None:
        """The one repair, or the only one the document itself uses; None if ambiguous."""
        if len(words) == 1:
            return words[0]
        used = [w for w in words if self.counts[w] > 0]
        return used[0] if len(used) == 1 else None

    def _singles(
        self, evidence: Counter[str], distinct: dict[str, set[str]]
    ) -> dict[str, tuple[str, str, int]]:
        """Tokens that lost a ligature inside them ("ofce", "o\ufffdce"): token -> (word,
        ligature, uses)."""
        found: dict[str, tuple[str, str, int]] = {}
        for token, uses in self.counts.items():
            marked = _MARK.search(token) is not None
            if not marked and (len(token) < 3 or not token.isalpha() or self.lexicon.listed(token)):
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
            word = self._choose([w for w in forms if self._word(w)])
            if word is None:
                continue
            lig = forms[word]
            evidence[lig] += uses
            distinct.setdefault(lig, set()).add(word)
            found[token] = (word, lig, uses)
        return found

    def _fragment(self, token: str) -> bool:
        """A lower-case token that is no word: a piece of one, if the layer is damaged. One
        letter alone is a list label ("(b)") far more often, and says nothing."""
        if not token.islower() or len(token) < 2 or not token.isalpha():
            return False
        if len(token) == 2:
            return token not in SHORT_WORDS
        return not self.lexicon.listed(token)

    def _joined(self, tokens: tuple[str, ...], ligs: tuple[str, ...]) -> tuple[str, ...] | None:
        """The one word ``tokens`` make with a ligature in each gap, and the ligatures used."""
        found: dict[str, tuple[str, ...]] = {}
        if len(tokens) == 2:
            for lig in ligs:
                found.setdefault(tokens[0] + lig + tokens[1], (lig,))
        else:
            for a in ligs:
                for b in ligs:
                    found.setdefault(tokens[0] + a + tokens[1] + b + tokens[2], (a, b))
        word = self._choose([w for w in found if self._word(w)])
        return (word, *found[word]) if word else None

    def _around_fragments(
        self, text: str, evidence: Counter[str], distinct: dict[str, set[str]]
    ) -> None:
        """Windows of two or three tokens round each piece of a word that make one word."""
        fragments = {t for t in self.raw if self._fragment(t)}
        # A few pieces in a long text are names and typos: not worth a pass over the text.
        enough = max(_MIN_DAMAGE, _FRAGMENT_SHARE * self.counts.total())
        if not fragments or sum(self.raw[t] for t in fragments) < enough:
            return
        seen: set[tuple[int, str]] = set()
        for start, tokens in _windows_round(text, fragments):
            got = self._joined(tuple(t.lower() for t in tokens), LIGATURES)
            if got is None or (start, got[0]) in seen:
                continue
            seen.add((start, got[0]))
            for lig in got[1:]:
                evidence[lig] += 1
                distinct.setdefault(lig, set()).add(got[0])

    def _window(self, tokens: list[str]) -> str | None:
        """The word a window of the text makes with lost ligatures put back, if it is damage:
        a piece of a word in it, or two words that make a longer one ("opera on")."""
        low = tuple(t.lower() for t in tokens)
        if low in self.windows:
            return self.windows[low]
        pieces = any(self._fragment(t) or _MARK.search(t) for t in tokens)
        word = None
        if pieces or len(low) == 2:
            got = self._joined(low, self.lost)
            if got is not None and (pieces or len(got[0]) >= 6):
                word = got[0]
        if word is not None:
            self.windows[low] = word
        return word

    def _scan(self, text: str) -> tuple[int, int]:
        """Find every window and token to repair; how many were repaired and left."""
        repaired = 0
        left = 0
        for m in _PHRASE.finditer(text):
            tokens = m.group(0).split(" ")
            i = 0
            while i < len(tokens):
                step = self._step(tokens, i)
                if step:
                    repaired += 1
                    i += step
                    continue
                if self._ambiguous(tokens, i):
                    left += 1
                    i += 2
                    continue
                i += 1
        return repaired, left

    def _step(self, tokens: list[str], i: int) -> int:
        """How many tokens from ``i`` one repair takes (three, two, one), or 0."""
        for n in (3, 2):
            if i + n <= len(tokens) and self._window(tokens[i : i + n]) is not None:
                return n
        return 1 if tokens[i].lower() in self.single else 0

    def _ambiguous(self, tokens: list[str], i: int) -> bool:
        """Whether a piece of a word and the next token make several words ("bu er": buffer
        or butter), so neither is put back."""
        if i + 1 >= len(tokens):
            return False
        a, b = tokens[i].lower(), tokens[i + 1].lower()
        if not (self._fragment(a) or self._fragment(b)):
            return False
        return sum(1 for lig in self.lost if self._word(a + lig + b)) > 1

    def _measure(self, repaired: int, left: int) -> Damage:
        words = 0
        unreadable = 0
        for token, uses in self.counts.items():
            if len(token) < 3 or token not in self.cased:
                continue  # short, or only ever in capitals: an acronym ("NIST"), not a word
            words += uses
            if token not in self.single and not all(map(self._readable, token.split("-"))):
                unreadable += uses
        # Pieces a repair joins again were counted as tokens; near enough for a share.
        return Damage(self.lost, repaired, left, words, unreadable)

    def _readable(self, word: str) -> bool:
        """Whether a word is English: listed, or the plural of a listed word."""
        lex = self.lexicon
        return len(word) < 3 or lex.listed(word) or (word[-1] == "s" and lex.listed(word[:-1]))

    def fix(self, text: str) -> str:
        """``text`` with the document's dropped ligatures put back."""
        if not self.lost:
            return text
        parts = _ADDRESS.split(text)
        for i in range(0, len(parts), 2):  # the odd parts are addresses: left as they are
            parts[i] = _PHRASE.sub(self._phrase, parts[i])
        return "".join(parts)

    def _phrase(self, m: re.Match[str]) -> str:
        tokens = m.group(0).split(" ")
        out: list[str] = []
        i = 0
        while i < len(tokens):
            step = self._step(tokens, i)
            if step >= 2:
                word = self.windows[tuple(t.lower() for t in tokens[i : i + step])]
                out.append(_cased(word, tokens[i]))
                i += step
            elif step == 1:
                out.append(_cased(self.single[tokens[i].lower()], tokens[i]))
                i += 1
            else:
                out.append(tokens[i])
                i += 1
        return " ".join(out)


def _without_broken_words(text: str) -> str:
    """``text`` with the words a line-end hyphen broke blanked (their pieces are not damage,
    and whether they join is the hyphen's business): found from the hyphens outwards."""
    parts: list[str] = []
    done = 0
    for m in _LINE_END_HYPHEN.finditer(text):
        if m.start() < done:
            continue
        head = _LETTERS_TAIL.search(text, max(done, m.start() - 60), m.start())
        tail = _LETTERS_HEAD.match(text, m.end())
        parts += [text[done : head.start() if head else m.start()], " "]
        done = tail.end() if tail else m.end()
    parts.append(text[done:])
    return "".join(parts)


def _without_addresses(text: str) -> str:
    """``text`` with its web and mail addresses blanked: found from their marks ("://",
    "www.", "@") outwards to the spaces round them, which is fast on a long text."""
    parts: list[str] = []
    done = 0
    for m in _ADDRESS_MARK.finditer(text):
        if m.start() < done:
            continue
        head = _WORD_TAIL.search(text, max(done, m.start() - 200), m.start())
        start = head.start() if head else m.start()
        end = _WORD_HEAD.match(text, m.end())
        parts += [text[done:start], " "]
        done = end.end() if end else m.end()
    parts.append(text[done:])
    return "".join(parts)


def _windows_round(text: str, fragments: set[str]) -> list[tuple[int, list[str]]]:
    """Every window of two or three space-separated tokens that holds one of ``fragments``,
    with where it starts: one pass over the text for them all."""
    out: list[tuple[int, list[str]]] = []
    if len(fragments) > _MAX_ALTERNATION:
        for m in _PHRASE.finditer(text):
            tokens = m.group(0).split(" ")
            for i in range(len(tokens)):
                for n in (2, 3):
                    window = tokens[i : i + n]
                    if len(window) == n and any(t in fragments for t in window):
                        out.append((m.start() + i, window))
        return out
    ordered = sorted(fragments, key=len, reverse=True)
    found = re.compile("(?<![A-Za-z])(?:" + "|".join(map(re.escape, ordered)) + ")(?![A-Za-z])")
    for m in found.finditer(text):
        start, end = m.span()
        before = _BEFORE.search(text, max(0, start - 60), start)
        after = _AFTER.match(text, end)
        b = [t for t in (before.groups() if before else ()) if t]
        a = [t for t in (after.groups() if after else ()) if t]
        tokens = [*b, m.group(0), *a]
        k = len(b)
        for lo in range(max(0, k - 2), k + 1):
            for n in (2, 3):
                window = tokens[lo : lo + n]
                if len(window) == n and lo <= k < lo + n:
                    out.append((start - k + lo, window))
    return out


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
