"""Facts about a procurement that its text does not state as rules need them (brief 1.4 point
5): the config's ``[facts]`` first, else what the document safely shows (the buyer's own name,
a template's markings, the procurement regime it cites), each inferred fact said to be so."""

from __future__ import annotations

import datetime as _dt
import os
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
    r"\b(?:template|model (?:clauses?|contract|terms)|standard contractual clauses|specimen|"
    r"sample (?:language|document|contract)|example rfq)\b",
    re.IGNORECASE,
)
# A running header that is only a marking: "SAMPLE", "Draft", "DRAFT v0.3 - not for issue".
_SAMPLE = re.compile(r"^\s*(?:sample|example|specimen)\b", re.IGNORECASE | re.MULTILINE)
_DRAFT_MARK = re.compile(r"^\s*draft\b", re.IGNORECASE | re.MULTILINE)
_PLACEHOLDER = re.compile(r"\[(?:insert|XX|x+|name|date|enter)\b|<SELECT|\{name of|\$x", re.I)
_PA2023 = re.compile(r"\bProcurement Act 2023\b|\bPA 2023\b", re.IGNORECASE)
_PCR2015 = re.compile(r"\bPublic Contracts Regulations 2015\b|\bPCR 2015\b", re.IGNORECASE)
OPENING = 4000
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d\d)\b", re.I
)
_MONTH_DAY_YEAR = re.compile(
    r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),?\s+((?:19|20)\d\d)\b", re.IGNORECASE
)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE_REACH = 48  # characters before a year that its day and month may take ("31st  September")


def _latest_date(text: str) -> str | None:
    """The latest full date the document states that is not in the future: the date it was
    last written or issued, for rules keyed on it (WCAG 2.2 from October 2024)."""
    # TENDERLINT_TODAY pins the day, as it does for waiver expiry, so runs repeat exactly.
    today = os.environ.get("TENDERLINT_TODAY") or _dt.date.today().isoformat()
    found: list[str] = []
    # Every date ends with its year (or starts with it, in ISO form): the cheap search for
    # years finds where to look, and the month-name patterns, slow over a whole contract,
    # read only the few words before each (a 400-page contract: 0.13 -> 0.01 s).
    for y in _YEAR.finditer(text):
        lo, hi = max(0, y.start() - _DATE_REACH), y.end() + 1
        for m in _DAY_MONTH_YEAR.finditer(text, lo, hi):
            found.append(f"{m.group(3)}-{_MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}")
        for m in _MONTH_DAY_YEAR.finditer(text, lo, hi):
            found.append(f"{m.group(3)}-{_MONTHS[m.group(1).lower()]:02d}-{int(m.group(2)):02d}")
        if iso := _ISO.match(text, y.start()):
            found.append(f"{iso.group(1)}-{iso.group(2)}-{iso.group(3)}")
    past = [d for d in found if d <= today]
    return max(past) if past else None


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
        # A marking in the running header or footer ("SAMPLE DOCUMENT", "DRAFT") is on every
        # page, as much the document's status as its title.
        running = "\n".join(b.text for b in doc.blocks if not b.kind.is_body and len(b.text) < 80)
        placeholders = len(_PLACEHOLDER.findall(opening))
        marked = (title, opening[:600], running)
        if any(_TEMPLATE.search(m) for m in marked) or _SAMPLE.search(running) or placeholders >= 3:
            facts["status"] = "template"
        elif re.search(r"\bdraft\b", title, re.IGNORECASE) or _DRAFT_MARK.search(running):
            facts["status"] = "draft"
    if "date" not in facts:
        # What the text states first; the file's metadata (brief 1.4 point 5) where it states
        # no date, as many published specifications do not.
        stated = _latest_date("\n".join(b.text for b in doc.blocks)) or _latest_date(doc.date or "")
        if stated is not None:
            facts["date"] = stated
    if "regime" not in facts:
        whole = "\n".join(b.text for b in doc.blocks)
        if _PA2023.search(whole):
            facts["regime"] = "pa2023"
        elif _PCR2015.search(whole):
            facts["regime"] = "pcr2015"
    return facts
