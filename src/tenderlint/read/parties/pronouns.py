"""Who "we" and "you" are: a vendor's own terms say "we" for the supplier and "you" for the
buyer; a tender speaks as the buyer and says "you" to the bidder (brief 1.5 point 4)."""

from __future__ import annotations

import re
from dataclasses import replace

from tenderlint.doctype import OPENING_CHARS, detect_doc_type
from tenderlint.model import DocType, Document
from tenderlint.read.parties.claims import Claim, Source
from tenderlint.read.parties.view import View
from tenderlint.read.parties.words import BUYER, SUPPLIER

_SUBJECT = re.compile(
    r"(?=[wy])\b(we|you)(?:'ll|'ve|'re|\s+(?:shall|will|must|may|agree|are|have|can|cannot|"
    r"need|reserve|do|don't|aim|expect|provide|require|ask|use|pay|make|maintain|keep|accept|"
    r"host|store|process|ensure|undertake|won't)\b)"
)
# A tender asks for a bid: "your tender", "your proposal", "your response".
_BIDDING = re.compile(r"\byour\s+(?:bid|tender|proposal|quote|quotation|submission)s?\b")
MIN_USES = 3
OPENING = OPENING_CHARS + 1
OPENING_BLOCKS = 200


def pronoun_claims(view: View, doc_type: DocType) -> list[Claim]:
    """ "we/us/our" and "you/your" as names of the sides, where the document speaks that way
    (three or more uses as a subject); which side each is follows the kind of document."""
    if view.lower.count("we ") + view.lower.count("you ") < MIN_USES:
        return []  # cheap first look: most contracts never say "we"
    first: dict[str, tuple[int, int]] = {}
    counts = {"we": 0, "you": 0}
    for m in _SUBJECT.finditer(view.lower):
        word = m.group(1).lower()
        counts[word] += 1
        first.setdefault(word, (m.start(), m.end()))
    if max(counts.values()) < MIN_USES:
        return []
    tender = doc_type is DocType.TENDER or bool(_BIDDING.search(view.lower))
    we_role = BUYER if tender else SUPPLIER
    out = []
    for word, names in (("we", ("we", "us", "our")), ("you", ("you", "your"))):
        if counts[word] < 2:
            continue
        role = we_role if word == "we" else (SUPPLIER if we_role == BUYER else BUYER)
        start, end = first[word]
        out.append(
            Claim(names, role, Source.USAGE, view.evidence(start, end), start, count=counts[word])
        )
    return out


def doc_type_of(doc: Document) -> DocType:
    """Tender or contract, decided as ``check`` decides it, from the title and the opening
    (given only the opening: one huge first paragraph must not cost a scan of all of it)."""
    opening = tuple(
        replace(b, text=b.text[:OPENING]) if len(b.text) > OPENING else b
        for b in doc.blocks[:OPENING_BLOCKS]
    )
    return detect_doc_type(replace(doc, blocks=opening))[0]
