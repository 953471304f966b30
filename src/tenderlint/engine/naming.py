"""How a finding names the parties: the document's own names in place of the pack's generic
"the Authority" and "the Supplier" (brief 1.5)."""

from __future__ import annotations

import functools
import re

from tenderlint.model import Document

Names = list[tuple[re.Pattern[str], str]]

_GENERIC = {
    "buyer": re.compile(r"\bthe (?:Authority|Buyer)\b", re.IGNORECASE),
    "supplier": re.compile(r"\bthe Supplier\b", re.IGNORECASE),
}
_PRONOUNS = frozenset(["we", "us", "our", "ours", "you", "your", "yours", "they", "them", "their"])


def party_names(doc: Document) -> Names:
    """The generic party words a message uses, and the document's own name for each party."""
    out: Names = []
    if doc.parties is None:
        return out
    for party in (doc.parties.buyer, doc.parties.supplier):
        # A pronoun is no name for a message ("the our's"): the generic word stays.
        name = next((n for n in party.names if n.lower() not in _PRONOUNS), None)
        if name:
            # "the Council", "Cabinet Office", "your organisation": never "the your organisation"
            led = name.lower().split()[0] in ("the", "your", "our", "their", "its", "this", "a")
            the = name if led or name[:1].isupper() else f"the {name}"
            out.append((_GENERIC[party.role], the))
    return out


def own_names(names: Names, text: str) -> str:
    """``text`` with each generic party word replaced by the document's name for the party."""
    for generic, name in names:
        text = generic.sub(functools.partial(_replace_with, name), text)
    return text


def _replace_with(name: str, m: re.Match[str]) -> str:
    """``name`` capitalised like the words it replaces ("The Authority" -> "The Council")."""
    if m.group()[:1] == "T" and name.startswith("the "):
        return "The" + name[3:]
    return name
