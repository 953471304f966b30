"""Clause numbers as documents print them: found at the start of text or in a list label, parsed.

A number is either *dotted* ("14", "14.2", "1.0", "8.4.a", "L.3"), which carries its whole
path, or an *item* ("(a)", "ii.", "B)", "(3)"), which is cited after the clause it sits in
("14.2(b)"). Part headings ("Schedule 6", "ANNEX A") restart the numbering inside them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
# "14.2 The Supplier", "14. Freedom", "Clause 7 Audit", "1.5.a. the provisions", "8.4.CORE":
# a typed clause number at the start of a paragraph. A one-part number needs a capital, quote
# or bracket after it, so "12 months from" and "8.5 x 11 inches" are not clauses; nor is a
# date ("11 December 2019").
_DOTTED = re.compile(
    r"^(?:(?i:clause|section|paragraph|para\.?|article)\s+)?"
    r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,5}(?:\.[a-z]{1,2}(?![a-z]))?)"
    r"(?P<end>\.(?!\d)|\s)\s*"
)
# "L.3 GENERAL", "M.2.1 Price", "M1. EVALUATION": US solicitation sections by letter.
_LETTERED = re.compile(
    r"^(?P<num>[A-Z]\.\d{1,3}(?:\.\d{1,3}){0,4})\.?\s+(?=\S)|^(?P<bare>[A-Z]\d{1,2})\.\s+(?=[A-Z])"
)
_PAREN = re.compile(
    r"^\((?P<tok>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3}|[A-Z]{1,2}|[IVXLC]{1,6})\)\s*(?=\S)"
)
_CLOSE = re.compile(r"^(?P<tok>[a-z]{1,2}|[ivx]{1,5}|\d{1,2}|[A-Z]|[IVX]{1,5})\)\s+(?=\S)")
_DOT_ITEM = re.compile(r"^(?P<tok>[a-z]|[ivx]{2,5}|[A-Z]|[IVX]{2,5})\.\s+(?=[A-Za-z\"'(\[])")
_DATE = re.compile(rf"^\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b")
_NEXT_UPPER = re.compile(r"[\"'(\[A-Z\u00c0-\u00de]")
PART = re.compile(
    r"^(?P<word>schedule|annex|annexe|appendix|attachment|exhibit)\s+"
    r"(?P<id>[0-9]{1,3}[A-Z]?|[A-Z]{1,2}|[IVX]{1,5})(?![\w.])"
    # "SECTION L - INSTRUCTIONS": a section of a US solicitation, by its letter.
    r"|^(?P<section>section)\s+(?P<letter>[A-M])(?=\s*(?:[-:\u2013\u2014]|$))",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^[ivxlc]+$", re.IGNORECASE)
# Labels Word renders from list levels ("1.2.", "b)", "(iv)", "Article 3", "Schedule 2").
_LABEL_DOTTED = re.compile(
    r"^(?:[A-Za-z]{2,12}\.?\s+)?(\d{1,3}(?:\.\d{1,3}){0,5}(?:\.[a-z]{1,2})?)\.?$"
)
_LABEL_ITEM = re.compile(r"^\(?([A-Za-z]{1,6}|\d{1,3})[.)]$")


@dataclass(frozen=True, slots=True)
class Number:
    """A clause number: its printed form, its kind and, for items, the numbering style."""

    printed: str  # "14.2", "8.4.a", "L.3", "(a)", "ii.", "Schedule 6"
    kind: str  # dotted | item | part
    parts: tuple[str, ...] = ()  # dotted: ("14", "2"); "1.0" is ("1",)
    token: str = ""  # item: "a", "ii", "3"
    style: str = ""  # item: alpha | roman | upper | upper-roman | digit

    @property
    def depth(self) -> int:
        return len(self.parts)

    @property
    def cite(self) -> str:
        """How it is cited after its parent's reference: "14.2", "(a)"."""
        return f"({self.token})" if self.kind == "item" else self.printed

    def first(self) -> int | None:
        """The top-level number of a dotted number ("14" of "14.2"), None if not a digit."""
        head = self.parts[0] if self.parts else ""
        return int(head) if head.isdigit() else None


def dotted(printed: str) -> Number:
    """A dotted number; trailing ".0" parts ("2.0") do not make it deeper."""
    parts = printed.split(".")
    while len(parts) > 1 and parts[-1] == "0":
        parts.pop()
    return Number(printed, "dotted", tuple(parts))


def item(printed: str, token: str, style: str = "") -> Number:
    """An item number; an empty ``style`` is decided where the item is read in context."""
    return Number(printed, "item", token=token, style=style)


def item_style(token: str, previous_alpha: str | None) -> str:
    """The numbering style of an item token; "(i)" after "(h)" is a letter, not roman one."""
    if token.isdigit():
        return "digit"
    upper = token.isupper()
    if _ROMAN.match(token) and (len(token) > 1 or token.lower() in ("i", "v", "x")):
        follows = previous_alpha is not None and ord(token[0]) == ord(previous_alpha) + 1
        if len(token) > 1 or not follows:
            return "upper-roman" if upper else "roman"
    return "upper" if upper else "alpha"


def part_name(text: str) -> str | None:
    """ "Schedule 6" for a line that opens a schedule, annex or appendix, else None."""
    m = PART.match(text)
    if not m:
        return None
    if m.group("section"):
        return f"Section {m.group('letter').upper()}"
    ident = m.group("id")
    return f"{m.group('word').capitalize()} {ident.upper() if ident.isalpha() else ident}"


def typed_number(text: str) -> tuple[Number | None, str]:
    """Split a number typed at the start of ``text``: (number, rest) or (None, text)."""
    m = _DOTTED.match(text)
    if m:
        num = m.group("num")
        rest = text[m.end() :]
        if rest and _accept_dotted(num, m.group("end"), rest, text):
            return dotted(num), rest
    m = _LETTERED.match(text)
    if m:
        if m.group("bare"):
            bare = m.group("bare")
            return Number(bare, "dotted", (bare[0], bare[1:])), text[m.end() :]
        return dotted(m.group("num")), text[m.end() :]
    for pattern, fmt in ((_PAREN, "({})"), (_CLOSE, "{})"), (_DOT_ITEM, "{}.")):
        m = pattern.match(text)
        if m:
            tok = m.group("tok")
            return item(fmt.format(tok), tok), text[m.end() :]
    return None, text


def _accept_dotted(num: str, end: str, rest: str, text: str) -> bool:
    many = num.count(".") >= 1
    if _NEXT_UPPER.match(rest):
        return not (not many and _DATE.match(text))
    # Lower-case text after the number: only an unmistakable clause number ("1.1. in",
    # "8.4.a process"); "8.5 x 11" and "12 months" are measures.
    return many and (end == "." or num[-1].isalpha() or num.count(".") >= 2)


def split_clause_number(text: str) -> tuple[str | None, str]:
    """Split a typed clause number off the start of ``text``: ("14.2", rest) or (None, text).

    Items come back cited as "(a)"; the part after the number is returned unchanged.
    """
    number, rest = typed_number(text)
    if number is None:
        return None, text
    return number.cite, rest


def label_number(label: str, fmt_style: str | None = None) -> Number | None:
    """The number of a list label Word rendered ("1.2." -> 1.2, "b)" -> (b)), else None.

    ``fmt_style`` is the item style Word's number format gives (it settles "(i)").
    """
    label = label.strip()
    if not label:
        return None
    part = part_name(label)
    if part:
        return Number(part, "part")
    m = _LABEL_DOTTED.match(label)
    if m and (fmt_style in (None, "digit") or "." in m.group(1)):
        return dotted(m.group(1))
    m = _LABEL_ITEM.match(label)
    if m:
        return item(label, m.group(1), fmt_style or "")
    m = _LETTERED.match(label + " x")
    if m and m.group("num"):
        return dotted(m.group("num"))
    return None
