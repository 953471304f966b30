"""Model wording in the draft's own words: its names for the parties and its defined terms.

A pack writes "the Authority" and "the Supplier"; a council's contract says "the Council" and
"the Contractor", defines "Council Data" and counts "Business Days". Inserted wording that
kept the pack's words would bring undefined terms into the contract. The parties come from
``Document.parties`` (the document's own name first); the defined terms from the draft's
definitions (entries the reader marks, and ``"X" means`` or ``(the "X")`` wherever they are).
A pack term is only swapped for a term the draft defines; a compound such as "Authority Data"
becomes the draft's defined "Council Data", else plain words ("the Council's data").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tenderlint.model import BlockKind, Document, Party

# The pack's names for the two sides.
_PACK_NAMES = {"buyer": "Authority", "supplier": "Supplier"}
# A pack's defined term -> what drafts commonly define instead (the first defined one wins).
EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "Working Days": ("Business Days",),
    "Working Day": ("Business Day",),
    "Start Date": ("Commencement Date", "Effective Date", "Service Start Date"),
    "Effective Date": ("Commencement Date", "Start Date"),
    "Subcontractors": ("Sub-contractors", "Sub-Contractors"),
    "Subcontractor": ("Sub-contractor", "Sub-Contractor"),
    "Charges": ("Fees", "Contract Price"),
    "Services": ("Service",),
    "Contract": ("Agreement",),
}
_DEFINED = re.compile(
    r"[\"“‘']([A-Z][\w\- ]{1,60}?)[\"”’']\s*(?:\)|means\b|shall mean\b|has the meaning\b|"
    r"includes\b|is defined\b)"
)
_COMPOUND = r"\b(?:((?i:all the|all|any|the))\s+)?{name}\s+([A-Z][a-z]+)\b"


@dataclass(frozen=True)
class Language:
    """The draft's names for the buyer and supplier, and the terms it defines."""

    names: dict[str, str]  # pack word -> the draft's name ("Authority" -> "the Council")
    terms: frozenset[str]

    def localise(self, text: str) -> str:
        """``text`` with the pack's party names and defined terms in the draft's words."""
        for pack_word, name in self.names.items():
            text = _compound(text, pack_word, name, self.terms)
            text = _party(text, pack_word, name)
        for term, alternatives in EQUIVALENTS.items():
            # A pack wraps its lines anywhere: "Working\n Days" is the term too.
            pattern = rf"(?<![\w-]){_spaced(term)}(?![\w-])"
            if self.defines(term) or not re.search(pattern, text):
                continue
            alt = next((a for a in alternatives if self.defines(a)), None)
            if alt is not None:
                text = re.sub(pattern, alt, text)
        return text

    def defines(self, term: str) -> bool:
        """Whether the draft defines ``term``, or its singular ("Business Day" for "Days")."""
        return term in self.terms or (term.endswith("s") and term[:-1] in self.terms)


def _spaced(term: str) -> str:
    """A pattern for ``term`` with any run of white space between its words."""
    return r"\s+".join(re.escape(word) for word in term.split())


def _noun(name: str) -> str:
    """ "the Council" -> "Council"; a proper name stays whole."""
    return name[4:] if name.lower().startswith("the ") else name


def _compound(text: str, pack_word: str, name: str, terms: frozenset[str]) -> str:
    """ "all Authority Data" -> "all Council Data" when the draft defines it, else "all the
    Council's data"."""

    def swap(m: re.Match[str]) -> str:
        article, thing = m.group(1), m.group(2)
        defined = f"{_noun(name)} {thing}"
        if defined in terms:
            return f"{article} {defined}" if article else defined
        if f"{pack_word} {thing}" in terms:
            return m.group(0)  # the draft defines the pack's own term
        lead = {"all the": "all ", "all": "all ", "any": "any of "}.get((article or "").lower(), "")
        out = f"{lead}{name}'s {thing.lower()}"
        return out[:1].upper() + out[1:] if article and article[0].isupper() else out

    return re.sub(_COMPOUND.format(name=re.escape(pack_word)), swap, text)


def _party(text: str, pack_word: str, name: str) -> str:
    """ "the Authority" -> "the Council" (keeping a capital "The"), or the proper name."""
    noun = _noun(name)
    article = name.lower().startswith("the ")

    def swap(m: re.Match[str]) -> str:
        the = m.group(1)
        if the is None:
            return noun
        if article:
            return f"{the} {noun}"
        return name[:1].upper() + name[1:] if the[0].isupper() else name

    return re.sub(rf"\b(?:([Tt]he)\s+)?{re.escape(pack_word)}\b", swap, text)


def _party_name(party: Party) -> str | None:
    return party.names[0] if party.names else None


def defined_terms(doc: Document) -> frozenset[str]:
    """The terms a document defines: entries the reader marked, and quoted definitions."""
    found: set[str] = set()
    for b in doc.blocks:
        if b.term:
            found.add(b.term.strip())
        if b.kind.is_body and b.kind is not BlockKind.CONTENTS:
            found.update(m.group(1).strip() for m in _DEFINED.finditer(b.text))
    return frozenset(t for t in found if t)


def language_of(doc: Document) -> Language:
    """The draft's names for the parties (when known) and its defined terms."""
    names: dict[str, str] = {}
    if doc.parties is not None:
        for role, pack_word in _PACK_NAMES.items():
            name = _party_name(doc.parties.of(role))
            if name and _noun(name) != pack_word:
                names[pack_word] = name
    return Language(names, defined_terms(doc))


def terms_used(text: str, terms: Iterable[str]) -> list[str]:
    """The defined terms that ``text`` uses, for tests and messages."""
    return [t for t in terms if re.search(rf"\b{re.escape(t)}\b", text)]
