"""The names a document uses consistently for a party without defining them: one pass over
the text counting common party names where they act as a party ("the Contractor shall")."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from tenderlint.read.parties.claims import Claim, Source
from tenderlint.read.parties.view import View
from tenderlint.read.parties.words import (
    ACTOR_VERBS,
    BIDDER_WORDS,
    CAPITAL,
    DEFINED,
    LOWER,
    NOT_AFTER,
    PLURAL_OK,
    ROLE_WORDS,
)

_USABLE = sorted((w for w, (_, trust) in ROLE_WORDS.items() if trust > DEFINED), key=len)
# Matched on the lower-cased text (much faster than IGNORECASE); the look-ahead on first
# letters lets the engine skip quickly to where a name can start.
_WORD = re.compile(
    "(?=["
    + "".join(sorted({w[0] for w in _USABLE}))
    + r"])\b("
    + "|".join(w.replace(" ", r"\s+") for w in reversed(_USABLE))
    + r")(s)?\b('s|s')?"
)
_NEXT = re.compile(r"[ \t]*([A-Za-z']+)")
_OF_IS_OTHER = frozenset({"provider", "council", "court", "department", "agency", "city", "county"})
MIN_USES = 3
MIN_ACTS = 2
ENOUGH = 200
MAX_MATCHES = 6000


@dataclass
class _Tally:
    total: int = 0
    acts: int = 0
    with_the: int = 0
    forms: Counter[str] = field(default_factory=Counter)
    first: tuple[int, int] | None = None  # the first use as a party, for evidence


def _before(low: str, start: int) -> tuple[str, str]:
    """The two words before ``start`` (lower case, brackets and quotes stripped)."""
    window = low[max(start - 30, 0) : start]
    cut = window.rfind("\n")
    words = window[cut + 1 :].split()[-2:]
    words = [w.strip("[(\"'") for w in words]
    return (words[-2] if len(words) > 1 else "", words[-1] if words else "")


def _use(text: str, low: str, m: re.Match[str]) -> tuple[bool, bool] | None:
    """(with "the", acting) for one use of a party name, or None when the word is used in
    another sense: "sub-contractor", "a council", "Customer Services", "provider of"."""
    start, end = m.start(), m.end()
    word = text[start : m.end(1)]
    if len(word) > 3 and word.isupper():
        return None  # text in capitals: headings and labels, not running prose
    if start and text[start - 1] in "-/":
        return None
    prev2, prev = _before(low, start)
    if prev in NOT_AFTER:
        return None
    possessive = m.group(3) is not None
    n = _NEXT.match(text, end)
    nxt = n.group(1) if n else ""
    if nxt[:1].isupper() and not possessive:
        return None  # part of a longer name: "Customer Services", "Government Digital Service"
    if nxt == "of" and m.group(1) in _OF_IS_OTHER:
        return None
    the = prev == "the"
    acting = possessive or nxt.lower() in ACTOR_VERBS or (the and prev2 == "by")
    return the, acting


def _tally(view: View) -> dict[tuple[str, bool], _Tally]:
    text, low = view.text, view.lower
    tallies: dict[tuple[str, bool], _Tally] = {}
    for seen, m in enumerate(_WORD.finditer(low)):
        if seen == MAX_MATCHES:
            break  # enough to know which names a document uses; bounds odd inputs too
        canon = m.group(1)
        if " " in canon or "\n" in canon:
            canon = " ".join(canon.split())
        word = text[m.start() : m.end(1)]
        if word[0].islower() and ROLE_WORDS[canon][1] == CAPITAL:
            continue
        plural = m.group(2) is not None
        t = tallies.get((canon, plural))
        if t is not None and t.total >= ENOUGH:
            continue  # settled: more uses change neither the verdict nor the order much
        got = _use(text, low, m)
        if got is None:
            continue
        the, acting = got
        if t is None:
            t = tallies[(canon, plural)] = _Tally()
        t.total += 1
        t.with_the += the
        if acting:
            t.acts += 1
            if t.first is None:
                t.first = (m.start(), m.end())
        t.forms[" ".join(word.split()) + ("s" if plural else "")] += 1
    return tallies


def _surface(canon: str, t: _Tally, plural: bool) -> str:
    form = t.forms.most_common(1)[0][0]
    if ROLE_WORDS[canon][1] == LOWER and not plural and form[0].isupper():
        lower = sum(c for f, c in t.forms.items() if f[0].islower())
        if lower > t.forms[form]:
            form = form.lower()
    if plural:
        return form.lower() if any(f[0].islower() for f in t.forms) else form
    return "the " + form if t.with_the * 2 >= t.total else form


def usage_claims(view: View) -> list[Claim]:
    """Common party names the document uses as a party, most used first; plurals ("buyers",
    "sellers") only where no singular name of that side is used."""
    tallies = _tally(view)
    out: list[Claim] = []
    sides: set[str] = set()
    for plural in (False, True):
        for (canon, is_plural), t in sorted(tallies.items(), key=lambda kv: -kv[1].total):
            role = ROLE_WORDS[canon][0]
            if is_plural != plural or t.total < MIN_USES or t.acts < (1 if plural else MIN_ACTS):
                continue
            if plural and (canon not in PLURAL_OK or role in sides):
                continue
            assert t.first is not None
            name = _surface(canon, t, plural)
            evidence = view.evidence(*t.first)
            bidder = canon in BIDDER_WORDS
            out.append(Claim((name,), role, Source.USAGE, evidence, t.first[0], bidder, t.total))
            if not plural:
                sides.add(role)
    return out
