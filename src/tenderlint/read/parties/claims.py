"""A claim that a document names a party: the names, the side if known, and where it says so."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from tenderlint.model import Evidence
from tenderlint.read.parties.words import COMPANY, PUBLIC_BODY, THING_HEAD, THIRD_PARTY, role_of


class Source(enum.IntEnum):
    """Where a name comes from, weakest first (brief 1.5: parties block, definitions, order
    form, then the document's own usage)."""

    USAGE = 1
    STATEMENT = 2  # "X acts as the Data Processor"
    FORM = 3  # an order-form field "Supplier: ..."
    DEFINITION = 4  # '"City" means ...', 'X (the "Buyer")', 'hereinafter "the Council"'
    BLOCK = 5  # the parties block: "made between (1) ... and (2) ..."

    @property
    def declared(self) -> bool:
        """The document itself says who the party is: not inferred from usage."""
        return self >= Source.STATEMENT


@dataclass(frozen=True)
class Claim:
    """Names the document gives one party, its side when the words say it, and the passage."""

    names: tuple[str, ...]  # the short defined names first, then the full name
    role: str | None
    source: Source
    evidence: Evidence
    position: int  # offset in the document view: earlier claims of equal strength come first
    bidder: bool = False  # a name for the supplier before award ("the Offeror")
    count: int = 0  # uses, for names found by usage
    # A role statement that gives both sides in one sentence ("GDS shall be a Data Processor
    # and your organisation shall be a Data Controller"): as good as a definition of the sides.
    paired: bool = False


def kind_of_body(name: str) -> str | None:
    """'company' for a name with a legal form, 'public' for a public body's, else None."""
    if THIRD_PARTY.search(name) or THING_HEAD.search(name):
        return None
    if COMPANY.search(name):
        return "company"
    if PUBLIC_BODY.search(name):
        return "public"
    return None


def role_from_names(names: tuple[str, ...]) -> str | None:
    """The side the names themselves say, the short defined names first."""
    for name in names:
        found = role_of(name)
        if found is not None:
            return found[0]
    return None


_THE = re.compile(r"^the\s+", re.IGNORECASE)


def key(name: str) -> str:
    """A name compared without case, a leading "the" or a possessive."""
    name = _THE.sub("", name.strip()).lower()
    return name[:-2] if name.endswith("'s") else name


def as_used(name: str, text: str) -> str:
    """``name`` as the document writes it in running text: "the Council" or "Canada"."""
    name = name.strip().strip(",;:.")
    if name.startswith(("Your ", "Our ")):  # capitalised only at the start of its sentence
        return name[0].lower() + name[1:]
    if _THE.match(name):
        return "the " + _THE.sub("", name)
    total = text.count(name)
    with_the = text.count("the " + name) + text.count("The " + name)
    if total and (with_the * 2 > total or (with_the * 2 == total and role_of(name))):
        return "the " + name  # a tie goes to "the" for a role word ("the Buyer"), not "GDS"
    return name
