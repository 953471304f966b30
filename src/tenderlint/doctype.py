"""Deciding whether a document is a tender or a contract, from its title and opening text.

A title names the kind of document it is ("Request for Quote", "Performance Work Statement",
"Terms of Use", "Memorandum of Understanding"); a kind named as a purpose ("requirements for
tenders", "invitation to tender for a contract") or as a series before a colon ("Agile
Contracts: PWS Template") is not the document's own. Without a kind in the title, the opening
text decides by the words each side uses: bidders, offerors, quotes and evaluation in a tender;
the parties, "this Agreement" and "these terms" in a contract. The bare word "contract" says
little: a solicitation talks of the contract it will award. Too little either way is unknown.
"""

from __future__ import annotations

import re

from tenderlint.model import BlockKind, DocType, Document

# Kinds of tender-side documents: solicitations, their parts, and buyers' requirement sets.
_TENDER = re.compile(
    r"\b(invitation\s+to\s+(?:tender|quote|bid|participate|submit)|ITT|RFP|RFQ|RFI|"
    r"request\s+for\s+(?:proposals?|quotes?|quotations?|tenders?|information)|"
    r"instructions\s*(?:,\s*conditions\s+and\s+notices\s+)?to\s+(?:bidders|tenderers|offerors)|"
    r"solicitation|(?:service\s+|technical\s+)?specification|statement\s+of\s+requirements?|"
    r"statement\s+of\s+objectives|performance\s+work\s+statement|PWS|SOO|"
    r"tender\s+pack|tender\s+documents?|(?:contract|tender|prior\s+information)\s+notice|(?:framework|opportunity)\s+brief|opportunity|"
    r"award\s+criteria|evaluation\s+(?:criteria|factors)|selection\s+questionnaire|"
    r"procurement\s+(?:documents?|requirements|standards)|requirements\s+template|"
    r"(?:requirements|standards)\s+for\s+(?:\w+\s+){0,3}"
    r"(?:acquisitions?|procurements?|tenders?|sourcing)|"
    r"buyer'?s'?\s+guide|(?:sourcing|procurement)\s+standards?|"
    r"application\s+form)\b",
    re.IGNORECASE,
)
# Kinds of contract-side documents.
_CONTRACT = re.compile(
    r"\b(contract|call[\s-]?off|order\s+form|task\s+order|agreement|terms\s+and\s+conditions|"
    r"terms\s+of\s+(?:use|service|business)|conditions\s+of\s+contract|deed|core\s+terms|"
    r"memorandum\s+of\s+understanding|MoU|(?:standard\s+)?contractual\s+clauses|"
    r"(?:model|specimen)\s+(?:\w+\s+){0,4}clauses|contract\s+(?:wording|clauses|terms)|licen[cs]e)\b",
    re.IGNORECASE,
)
# A kind named as the document's purpose, not its own: "requirements for tenders".
_PURPOSE = re.compile(r"\b(?:for|under|to|towards|in|of)\s+(?:an?\s+|the\s+|each\s+)?$", re.I)

# Words of the opening text, with what each says of the document.
_TENDER_WORDS = re.compile(
    r"\b(?:offerors?|quoters?|bidders?|tenderers?|proposals?|quotations?|quotes?|"
    r"solicitation|submissions?|submit(?:ted|ting)?|response\s+due|due\s+date|deadline|"
    r"evaluat(?:ed|ion)|award(?:ed)?|requirements?\s+for\s+(?:an?\s+|the\s+)?tenders?|"
    r"invitation\s+to\s+tender|request\s+for|RFQ|RFP|ITT|statement\s+of\s+objectives|"
    r"when\s+(?:writing|procuring|buying)|procured|procurements?|buyers?'?\s+guide|sourcing)\b",
    re.IGNORECASE,
)
_CONTRACT_WORDS = re.compile(
    r"\b(?:this\s+(?:agreement|contract|memorandum|deed)|the\s+parties|"
    r"agreement\s+is\s+made|made\s+(?:on|the)\b[^.]{0,40}\bbetween|hereby|in\s+witness\s+whereof|"
    r"terms\s+of\s+(?:use|service)|these\s+terms|you\s+agree|agree\s+to\s+these|"
    r"memorandum\s+of\s+understanding|contractual\s+clauses|data\s+(?:sharing|processing)\s+"
    r"agreement|governing\s+law|indemnif(?:y|ies|ication)|call[\s-]?off\s+contract|order\s+form)\b",
    re.IGNORECASE,
)
OPENING_CHARS = 3000
_MAX_TITLE = 120  # characters of a first line that may be the document's title
_ENOUGH = 2  # opening-text words a side needs, and twice the other side's


def detect_doc_type(doc: Document) -> tuple[DocType, str]:
    """The document type and why: the kind its title names, then its opening text, else
    unknown."""
    named = _title_kind(doc.title or "")
    if named is not None:
        kind, said = named
        return kind, f'title says "{said}"'
    first = next((b.text for b in doc.blocks if b.kind.is_body), "")
    # A cover line above the first heading is often the real title ("U.S. Digital Services
    # Statement of Objectives" before "Understand what people need"); its bare "Contract" is
    # more often a field ("Contract reference: 123") than the kind of document.
    named = _title_kind(first) if len(first) <= _MAX_TITLE else None
    if named is not None and named[1].lower() not in ("contract", "contracts"):
        kind, said = named
        return kind, f'first line says "{said}"'
    text = _opening(doc)
    tenders = _TENDER_WORDS.findall(text)
    contracts = _CONTRACT_WORDS.findall(text)
    if len(tenders) >= _ENOUGH and len(tenders) >= 2 * len(contracts):
        return DocType.TENDER, f'opening text mentions "{tenders[0]}"'
    if len(contracts) >= _ENOUGH and len(contracts) >= 2 * len(tenders):
        return DocType.CONTRACT, f'opening text mentions "{contracts[0]}"'
    return DocType.UNKNOWN, "neither the title nor the opening text says"


def _title_kind(title: str) -> tuple[DocType, str] | None:
    """The kind of document the title names, and the words that name it."""
    # "Agile Contracts: PWS Template": the series comes first, the document after the colon.
    for part in reversed(title.split(":")) if ":" in title else (title,):
        found = [
            (m.start(), -len(m.group(0)), kind, m.group(0))
            for rx, kind in ((_TENDER, DocType.TENDER), (_CONTRACT, DocType.CONTRACT))
            for m in rx.finditer(part)
            if not _PURPOSE.search(part[: m.start()])
        ]
        if found:
            # "Invitation to tender ...": the first kind named; "Contract Notice": the longest.
            _start, _length, kind, said = min(found, key=lambda f: (f[0], f[1]))
            return kind, said
    return None


def _opening(doc: Document) -> str:
    opening = []
    size = 0
    for b in doc.blocks:
        if not b.kind.is_body or b.kind is BlockKind.FOOTNOTE:
            continue
        opening.append(b.text)
        size += len(b.text)
        if size > OPENING_CHARS:
            break
    return " ".join(opening)
