"""Facts about a procurement that its text does not state as rules need them (brief 1.4 point
5): the config's ``[facts]`` first, else what the document safely shows (the buyer's own name,
a template's markings, the procurement regime it cites), each inferred fact said to be so."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tenderlint.model import Document

_CENTRAL = re.compile(
    r"\b(?:department (?:for|of)|ministry of|cabinet office|home office|hm treasury|"
    r"hm revenue|foreign, commonwealth|government digital service|gds|"
    r"government commercial agency|crown commercial service|dwp|hmrc|dhsc|dfe|moj|mod|"
    r"secretary of state)\b",
    re.IGNORECASE,
)
_COUNCIL = re.compile(r"\b(?:council|borough|county|city of|local authority)\b", re.IGNORECASE)
_NHS = re.compile(r"\b(?:nhs|integrated care board|icb|foundation trust)\b", re.IGNORECASE)
_TEMPLATE = re.compile(
    r"\b(?:template|model (?:clauses?|contract|terms)|specimen|sample language|example rfq)\b",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\[(?:insert|XX|x+|name|date|enter)\b|<SELECT|\{name of|\$x", re.I)
_PA2023 = re.compile(r"\bProcurement Act 2023\b|\bPA 2023\b", re.IGNORECASE)
_PCR2015 = re.compile(r"\bPublic Contracts Regulations 2015\b|\bPCR 2015\b", re.IGNORECASE)
OPENING = 4000


def document_facts(doc: Document, configured: Mapping[str, str]) -> dict[str, str]:
    """The facts rules can test for ``doc``: configured ones as given, others inferred."""
    facts = {k: v.lower() for k, v in configured.items()}
    if "buyer-type" not in facts:
        buyer = " ".join(doc.parties.buyer.names) if doc.parties else ""
        for kind, pattern in (
            ("central government", _CENTRAL),
            ("nhs", _NHS),
            ("council", _COUNCIL),
        ):
            if buyer and pattern.search(buyer):
                facts["buyer-type"] = kind
                break
    opening = "\n".join(b.text for b in doc.blocks[:60])[:OPENING]
    if "status" not in facts:
        title = doc.title or ""
        placeholders = len(_PLACEHOLDER.findall(opening))
        if _TEMPLATE.search(title) or _TEMPLATE.search(opening[:600]) or placeholders >= 3:
            facts["status"] = "template"
        elif re.search(r"\bdraft\b", title, re.IGNORECASE):
            facts["status"] = "draft"
    if "regime" not in facts:
        whole = "\n".join(b.text for b in doc.blocks)
        if _PA2023.search(whole):
            facts["regime"] = "pa2023"
        elif _PCR2015.search(whole):
            facts["regime"] = "pcr2015"
    return facts
