"""Deciding whether a document is a tender or a contract, from its title and opening text."""

from __future__ import annotations

import re

from tenderlint.model import BlockKind, DocType, Document

_TENDER = re.compile(
    r"\b(invitation\s+to\s+(?:tender|quote|bid|participate|submit)|\bITT\b|\bRFP\b|\bRFQ\b|"
    r"request\s+for\s+(?:proposals?|quotations?|tenders?)|instructions\s+to\s+(?:bidders|tenderers)|"
    r"(?:service\s+|technical\s+)?specification|statement\s+of\s+requirements?|tender\s+pack|"
    r"tender\s+documents?|(?:framework|opportunity)\s+brief|award\s+criteria|"
    r"selection\s+questionnaire|procurement\s+documents?)\b",
    re.IGNORECASE,
)
_CONTRACT = re.compile(
    r"\b(contract|call[\s-]?off|order\s+form|agreement|terms\s+and\s+conditions|"
    r"conditions\s+of\s+contract|data\s+processing\s+agreement|deed|core\s+terms|"
    r"this\s+agreement\s+is\s+made|the\s+parties\s+agree)\b",
    re.IGNORECASE,
)
OPENING_CHARS = 3000


def detect_doc_type(doc: Document) -> tuple[DocType, str]:
    """The document type and why: the title decides, then the opening text, else unknown."""
    title = doc.title or ""
    t, c = _TENDER.search(title), _CONTRACT.search(title)
    if t and not c:
        return DocType.TENDER, f'title says "{t.group(0)}"'
    if c and not t:
        return DocType.CONTRACT, f'title says "{c.group(0)}"'
    if t and c:
        # "Invitation to tender for a contract": the kind of document comes first.
        first = t if t.start() < c.start() else c
        kind = DocType.TENDER if first is t else DocType.CONTRACT
        return kind, f'title says "{first.group(0)}"'
    opening = []
    size = 0
    for b in doc.blocks:
        if not b.kind.is_body or b.kind is BlockKind.FOOTNOTE:
            continue
        opening.append(b.text)
        size += len(b.text)
        if size > OPENING_CHARS:
            break
    text = " ".join(opening)
    tenders = _TENDER.findall(text)
    contracts = _CONTRACT.findall(text)
    if len(tenders) > len(contracts):
        return DocType.TENDER, f'opening text mentions "{tenders[0]}"'
    if len(contracts) > len(tenders):
        return DocType.CONTRACT, f'opening text mentions "{contracts[0]}"'
    return DocType.UNKNOWN, "neither the title nor the opening text says"
