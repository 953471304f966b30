"""Words: documents cut into word tokens, and every inflected form of a rule's words.

A phrase in a rule matches any inflection of each of its words ("provide" finds provides,
provided, providing; "sell" finds sold), found with a real lemmatiser (simplemma, chosen over
lemminflect in bench/lemmatisers.py: no numpy, OOV rules, 18x faster per word). The lemmatiser
runs when a pack is compiled, not per document: each rule word becomes the set of surface forms
that share its lemma, so matching a document is a dictionary lookup per token. UK and US
spellings are one word (-ise/-ize, -yse/-yze, -our/-or, licence/license).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A word: letters and digits, with inner apostrophes split off ("Supplier's" -> Supplier, s)
# and hyphens as separators ("co-operate" -> co, operate); see ``phrase_variants``.
WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Words that never inflect in a rule: matching "for" must not find "fors".
FUNCTION_WORDS = _wordset(
    """a an the this that these those of for to in on at by with from into onto upon over under and
    or nor but not no as if than then so such any all each every either neither both its it
    their them they we our us you your he she his her who whom whose which what when where
    whether while be is are was were been being am shall must will may can could should would
    might do does did has have had s"""
)

# Forms the lemmatiser would merge wrongly in contracts: "AI" is not "be", "US" is not "we",
# "IT" is not "it", "working" in "Working Days" is not "work". A rule word in this set matches
# itself only.
NOT_INFLECTED = frozenset({"ai", "us", "it", "data", "media", "working", "information"})


# Lemmas the dictionary gives that a contract never means ("bespoke" is not "bespeak").
_NOT_LEMMAS = frozenset({"bespeak", "good", "bad", "well", "far", "much", "little"})


@dataclass(frozen=True)
class Token:
    """A word of a document: its span in the joined text, lower-cased."""

    start: int
    end: int
    lower: str


def tokens(text: str, offset: int = 0) -> Iterator[Token]:
    """The word tokens of ``text``, with spans shifted by ``offset``."""
    for m in WORD.finditer(text):
        yield Token(m.start() + offset, m.end() + offset, m.group().lower())


def words(text: str) -> list[str]:
    """The lower-cased words of a phrase, possessive "s" dropped, as tokens would be."""
    out = [m.group().lower() for m in WORD.finditer(text)]
    return [w for i, w in enumerate(out) if not (w == "s" and i > 0)]


# -- spelling -------------------------------------------------------------------------------------

_ENDINGS = r"(e|ed|es|ing|ation|ations|er|ers|able)$"
_UK_IZE = re.compile(r"(?<=[a-z]{2})is" + _ENDINGS)
_US_IZE = re.compile(r"(?<=[a-z]{2})iz" + _ENDINGS)
_UK_YSE = re.compile(r"ys(e|ed|es|ing)$")
_US_YZE = re.compile(r"yz(e|ed|es|ing)$")
# -our/-or: only the word stems that have both spellings (contractor has no "contractour").
_OUR_STEMS = (
    "behavi|col|fav|hon|lab|neighb|endeav|harb|hum|rig|vig|flav|sav|val|vap|arm|clam|rum|od"
)
_UK_OUR = re.compile(rf"^((?:{_OUR_STEMS}))our(s|ed|ing|ite|ites|able|ably|al)?$")
_US_OR = re.compile(rf"^((?:{_OUR_STEMS}))or(s|ed|ing|ite|ites|able|ably|al)?$")
_PAIRS = (("licenc", "licens"), ("defenc", "defens"), ("offenc", "offens"))
_WHOLE = {"programme": "program", "programmes": "programs", "catalogue": "catalog"}
# Words that end like a UK spelling but have no other (there is no "advize").
_NO_VARIANT = _wordset(
    """rise rises rising raise raised raises raising wise otherwise likewise advise advised advises
    advising adviser advisers supervise supervised supervises supervising revise revised revises
    revising devise devised premise premises promise promised promises surprise surprised
    comprise comprised comprises comprising compromise compromised exercise exercised exercises
    exercising expertise franchise enterprise enterprises merchandise disguise noise praise
    precise concise improvise televise excise chastise despise incise demise"""
)


@functools.cache
def spellings(word: str) -> frozenset[str]:
    """``word`` and its other national spelling: organise/organize, colour/color."""
    out = {word}
    if word in _NO_VARIANT:
        return frozenset(out)
    out.add(_UK_IZE.sub(r"iz\1", word))
    out.add(_US_IZE.sub(r"is\1", word))
    out.add(_UK_YSE.sub(r"yz\1", word))
    out.add(_US_YZE.sub(r"ys\1", word))
    out.add(_UK_OUR.sub(r"\1or\2", word))
    out.add(_US_OR.sub(r"\1our\2", word))
    for uk, us in _WHOLE.items():
        if word in (uk, us):
            out |= {uk, us}
    for uk, us in _PAIRS:
        if word.startswith(uk):
            out.add(us + word[len(uk) :])
        elif word.startswith(us) and not word.startswith(uk):
            out.add(uk + word[len(us) :])
    return frozenset(out)


# -- inflection ---------------------------------------------------------------------------------


class Inflector:
    """Every surface form of a word, from the lemmatiser's dictionary and its rules for words
    it does not know. Built once per pack compilation."""

    def __init__(self) -> None:
        import simplemma

        self._lemmatize = functools.partial(simplemma.lemmatize, lang="en")
        self._forms: dict[str, set[str]] | None = None
        self._wanted: set[str] = set()

    def lemma(self, word: str) -> str:
        if word in FUNCTION_WORDS or word in NOT_INFLECTED or not word.isalpha() or len(word) < 4:
            return word
        lem = str(self._lemmatize(word)).lower()
        # Degrees of adjectives are not inflections a rule means: "best endeavours" is not
        # "good endeavours", "no later than" not "late", a "tenderer" not a "tender".
        if lem != word and (word.endswith(("er", "est")) or lem in _NOT_LEMMAS):
            return word
        return lem

    def prepare(self, vocabulary: Iterable[str]) -> None:
        """The dictionary's forms for all the lemmas of ``vocabulary``."""
        table = _inverse_dictionary()
        self._forms = {
            lem: {lem, *table.get(lem, ())} for lem in {self.lemma(w) for w in vocabulary}
        }

    def forms(self, word: str) -> frozenset[str]:
        """Every form of ``word`` a document may use: inflections and both spellings."""
        word = word.lower()
        if word in FUNCTION_WORDS or word in NOT_INFLECTED or not word.isalpha():
            return frozenset({word})
        lem = self.lemma(word)
        listed = self._forms.get(lem, set()) if self._forms is not None else set()
        known = {word, lem, *listed}
        # Regular endings the dictionary lacks. For a word it knows, only those the lemmatiser
        # maps back to the same lemma; a word it has never seen ("pseudonymise") inflects
        # regularly.
        unknown = len(listed) <= 1
        for candidate in _regular(lem):
            if candidate not in known and (unknown or self.lemma(candidate) == lem):
                known.add(candidate)
        out: set[str] = set()
        for f in known:
            out |= spellings(f)
        return frozenset(f for f in out if f)


@functools.cache
def _inverse_dictionary() -> dict[str, tuple[str, ...]]:
    """Every lemma of simplemma's English dictionary with the forms that map to it; read once
    per process (a pack compiled again, as in tests, reuses it)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    inverse: dict[str, list[str]] = {}
    for form, lem in DefaultDictionaryFactory().get_dictionary("en").items():
        inverse.setdefault(lem.lower(), []).append(form.lower())
    return {lem: tuple(forms) for lem, forms in inverse.items()}


def _regular(lemma: str) -> set[str]:
    """Candidate regular inflections of ``lemma``, for the lemmatiser to confirm."""
    if len(lemma) < 3:
        return set()
    if lemma.endswith("e"):
        return {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return {lemma + "es", lemma + "ed", lemma + "ing"}
    out = {lemma + "s", lemma + "ed", lemma + "ing"}
    if lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return out
