"""The English of obligations: modal phrases and what each makes of its verb, and the word
classes the frame reader uses to find a modal's subject and verb.

Vocabulary, not policy: the pack names parties and actions; these are grammar words every rule
shares, kept apart so the reader's code is read without paging through word lists.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence


class Modality(enum.Enum):
    """What the modal phrase makes of its verb."""

    MUST = "a duty"  # shall, must, will, is required to, undertakes to, agrees to
    MUST_NOT = "a prohibition"  # shall not, must not, will not, may not
    MAY = "a permission"  # may, is entitled to, reserves the right to, can
    SHOULD = "a recommendation (should), not a duty"
    ENDEAVOUR = "an endeavours undertaking, not a duty"  # use reasonable endeavours to, aim to
    INTEND = "a statement of intention, not a duty"  # intends to, expects to


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Modal phrases, longest first within each start word; a phrase is a tuple of words.
_MODALS: dict[tuple[str, ...], Modality] = {}


def _add(modality: Modality, *phrases: str) -> None:
    for p in phrases:
        _MODALS[tuple(p.split())] = modality


_add(
    Modality.MUST,
    "shall", "must", "will", "shall be required to", "is required to", "are required to",
    "will be required to", "undertakes to", "undertake to", "agrees to", "agree to",
    "is obliged to", "are obliged to", "shall be obliged to", "is responsible for",
    "are responsible for", "shall be responsible for", "will be responsible for",
    "has a duty to", "have a duty to", "is to", "are to", "needs to", "need to",
    "has to", "have to", "commits to", "commit to", "ll", "is responsible for ensuring",
)  # fmt: skip
_add(
    Modality.MUST_NOT,
    "shall not", "must not", "will not", "may not", "cannot", "can not", "shall in no",
    "is not permitted to", "are not permitted to", "is prohibited from", "are prohibited from",
    "is not entitled to", "are not entitled to", "shall not be entitled to", "must never",
    "shall never", "will never", "is not allowed to", "are not allowed to", "won t", "shan t",
    "mustn t", "can t", "agrees not to", "agree not to", "undertakes not to",
    "undertake not to", "ll not", "will at no time", "shall at no time",
)  # fmt: skip
_add(
    Modality.MAY,
    "may", "can", "is entitled to", "are entitled to", "shall be entitled to",
    "will be entitled to", "is permitted to", "are permitted to", "reserves the right to",
    "reserve the right to", "has the right to", "have the right to", "is free to",
    "are free to", "shall have the right to", "will have the right to", "may at any time",
)  # fmt: skip
_add(
    Modality.SHOULD,
    "should", "is encouraged to", "are encouraged to", "is expected to", "are expected to",
    "would", "ought to", "is invited to", "are invited to", "shouldn t",
)  # fmt: skip
_add(
    Modality.ENDEAVOUR,
    "endeavour to", "endeavours to", "will endeavour to", "shall endeavour to",
    "shall use reasonable endeavours to", "will use reasonable endeavours to",
    "shall use all reasonable endeavours to", "will use all reasonable endeavours to",
    "shall use best endeavours to", "will use best endeavours to",
    "shall use reasonable efforts to", "will use reasonable efforts to",
    "shall use commercially reasonable efforts to", "will use commercially reasonable efforts to",
    "shall use reasonable commercial endeavours to", "will use reasonable commercial endeavours to",
    "shall use best efforts to", "will use best efforts to", "aims to", "aim to", "will aim to",
    "strives to", "strive to", "will strive to", "seeks to", "seek to", "will seek to",
    "will try to", "shall try to", "tries to", "attempts to", "will attempt to",
    "will look to", "shall seek to", "shall aim to", "shall strive to",
)  # fmt: skip
_add(
    Modality.INTEND,
    "intends to", "intend to", "expects to", "expect to", "anticipates", "anticipate",
    "envisages", "plans to", "hopes to", "is intended to", "are intended to",
    "is designed to", "are designed to",
)  # fmt: skip

MODALS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Modality]]] = {}
for _words, _mod in sorted(_MODALS.items(), key=lambda kv: -len(kv[0])):
    MODALS_BY_FIRST.setdefault(_words[0], []).append((_words, _mod))


def modal_at(words: Sequence[str], i: int, last: int) -> tuple[int, Modality] | None:
    """The modal that opens at token ``i`` of ``words`` (ending by ``last``): its length in
    words and its modality, or None."""
    for ws, mod in MODALS_BY_FIRST.get(words[i], ()):
        n = len(ws)
        if i + n <= last and tuple(words[i : i + n]) == ws:
            nxt = words[i + 1] if i + 1 < last else ""
            if mod is Modality.MAY and ws == ("can",) and nxt == "be":
                return None  # "can be" describes, it does not permit
            if ws == ("may",) and (nxt.isdigit() or (i and words[i - 1].isdigit())):
                return None  # "May 2018", "1 May": the month
            return n, mod
    return None


# Words that may stand between a modal and its verb without being the verb.
SKIP = _wordset(
    """also promptly immediately forthwith thereafter then subsequently not at all times
    always continue continuously itself themselves hereby further thereupon duly in turn
    any event each case where relevant appropriate applicable necessary and or the a an its
    their own cost expense sole absolute discretion free of charge without delay so far as
    reasonably practicable possible request upon on only solely exclusively"""
)
LIGHT_VERBS = _wordset(
    """provide give make carry carries perform undertake ensure procure take arrange allow
    permit enable facilitate support assist grant offer supply deliver conduct complete
    maintain keep have obtain secure"""
)
PARTICIPLE_ENDINGS = ("ed", "en", "ne", "wn", "ld", "pt", "lt", "nt", "de", "un", "ht")
PRONOUNS = frozenset({"it", "they", "he", "she"})
MUTUAL = (("each", "party"), ("either", "party"), ("both", "parties"), ("the", "parties"))
PREPOSITIONS = _wordset(
    "of to by for with from at on against than between under upon within without"
)
# What ends a modal's clause, and what joins a second verb to its action ("return and delete",
# "return, delete", "return/delete"): between two tokens, never inside one ("10:30", "1,000").
BOUNDARY = re.compile("[;:]")
JOINERS = frozenset({"and", "or", "then"})
LIST_MARKS = re.compile("[,/]")
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "such", "any", "each", "every", "our"})
# Capitalised things and classes of users before a modal ("The System shall", "Authorised Users
# must be able to") are what the supplier delivers, not a party no role set knows.
THINGS = _wordset(
    """system systems solution solutions platform service services software tool tools model
    models application applications deliverable deliverables product products portal website
    users user app"""
)
# "may be required to publish": the verb is "publish".
SEMI_MODALS = _wordset("required obliged expected able entitled permitted asked")
# Words ending in -ly that are not adverbs ("supply" is the verb).
LY_WORDS = _wordset("supply apply reply comply rely multiply imply ally family assembly anomaly")
TIME_UNITS = _wordset("hour hours day days week weeks month months year years")
IRREGULAR_PARTICIPLES = _wordset(
    "made kept sold held given sent paid built brought bought shown told met set put run"
)
# Verbs of assurance: "X does not guarantee that Y will ..." makes no promise of Y.
ASSURANCES = _wordset(
    "guarantee guarantees guaranteed mean means imply implies warrant warrants follow follows"
)
# Item markers in roman numerals ("(iv)", "8.18.ix.").
ROMAN_NUMERALS = _wordset("i ii iii iv v vi vii viii ix x xi xii")
