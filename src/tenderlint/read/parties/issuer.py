"""The body that issues a tender, from its opening page ("Issued by the Clerk of the Court",
"General Services Administration (GSA)"), named where the document goes on to use it."""

from __future__ import annotations

import re

from tenderlint.model import Document
from tenderlint.read.parties.claims import Claim, Source
from tenderlint.read.parties.view import View, opening
from tenderlint.read.parties.words import BUYER, THIRD_PARTY

_ORG_WORD = (
    r"(?:Administration|Agency|Authority|Board|Commission|Council|Court|Department|"
    r"Directorate|Executive|Government|Ministry|Office|Service|Trust)"
)
_CAP = r"[A-Z][\w&'.-]*"
_ORG = re.compile(
    r"(?:(?:[Tt]he|U\.S\.)\s+)?(?:"
    + _CAP
    + r"\s+){0,5}"
    + _ORG_WORD
    + r"(?:\s+(?:of|for)\s+(?:the\s+)?"
    + _CAP
    + r"(?:,?\s+(?:and\s+)?"
    + _CAP
    + r"){0,4})?"
    r"(?:\s+\((?P<acronym>[A-Z][A-Za-z&]{1,9})\))?"
    r"|\bNHS(?:\s+[A-Z][a-z]+){1,2}\b"
)
_HEAD = re.compile(r"\b" + _ORG_WORD + r"\b")
MIN_USES = 3
MIN_ACTS = 2
_ACT = (
    r"(?:'s?|\s+(?:shall|will|must|may|should|can|is|has|intends|expects|requires|reserves|"
    r"owns|seeks|prefers|does|would))\b"
)


def _uses(text: str, name: str) -> tuple[int, int, int]:
    """(uses, uses as a party, offset of the first use as a party) of ``name`` in ``text``."""
    bare = re.escape(name)
    if name.startswith("the "):
        bare = r"[Tt]he\s+" + re.escape(name[4:])
    total = len(re.findall(r"\b" + bare + r"\b", text))
    acts = list(re.finditer(r"\b" + bare + _ACT, text))
    return total, len(acts), acts[0].start() if acts else -1


def _candidates(doc: Document) -> dict[str, list[str]]:
    """Public bodies named on the opening page, in order, each with the acronyms given for it."""
    found: dict[str, list[str]] = {}
    for _, text in opening(doc):
        for m in _ORG.finditer(text):
            full = re.sub(r"\s+\([^)]*\)$", "", m.group(0)).strip()
            full = re.sub(r"^[Tt]he\s+", "", full)
            if THIRD_PARTY.search(full) or len(full.split()) < 2:
                continue
            acronyms = found.setdefault(full, [])
            if m.group("acronym") and m.group("acronym") not in acronyms:
                acronyms.append(m.group("acronym"))
    return found


def issuer_claims(doc: Document, view: View) -> list[Claim]:
    """The issuing body named on the opening page, by the names the document then uses for it
    as a party: its acronym, "the Court" for "the United States Tax Court", its full name."""
    for full, acronyms in _candidates(doc).items():
        short = [*acronyms, full]
        head = _HEAD.findall(full)
        if head and not full.startswith("NHS"):
            short.append("the " + head[-1])
        names: list[str] = []
        first = -1
        for name in short:
            total, acts, at = _uses(view.text, name)
            if total >= MIN_USES and acts >= MIN_ACTS:
                names.append(name)
                first = at if first < 0 else first
        if not names:
            continue
        if full not in names:
            names.append(full)
        evidence = view.evidence(first, first + len(names[0]) + 8)
        return [Claim(tuple(names), BUYER, Source.USAGE, evidence, first, count=MIN_USES)]
    return []
