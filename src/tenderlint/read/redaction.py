"""Redaction markers in text, and the redacted share of a document that rules test.

Markers are "[REDACTED]" and its variants, runs of block characters (U+2580-U+259F),
"[withheld]", "[commercially sensitive]" and "redacted under section 43". A marker is labelled
when it names its exemption or ground (FOIA s.40/41/43, EIR reg 12/13, PA 2023 s.94) beside it.
Box redactions in PDFs are measured by the PDF reader and added here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from tenderlint.model import Block, Redaction

# Hidden length assumed for a bracket marker, whose real length is unknown: a marker that is
# the whole of its block stands for a clause; one inside a sentence for a phrase or figure.
ASSUMED_BLOCK_CHARS = 250
ASSUMED_INLINE_CHARS = 30
ASSUMED_PAGE_CHARS = 3000  # a page of contract text, for "[Pages 12-14 withheld]"
_PAGES = re.compile(r"\bpages?\s+(\d{1,4})(?:\s*(?:-|to|and)\s*(\d{1,4}))?", re.IGNORECASE)
_WHOLE_PART = re.compile(
    r"\b(?:schedule|annex|annexe|appendix|part|section)\b.*\b(?:in\s+full|entirely|in\s+its\s+entirety)\b"
    r"|\b(?:whole|entire)\s+(?:schedule|annex|annexe|appendix|part)\b",
    re.IGNORECASE,
)

_BLOCKS = r"[\u2580-\u259f]+(?:[ \-][\u2580-\u259f]+)*"
_BRACKETED = (
    # "[REDACTED]", "[Schedule 4 redacted in full: s.43]", "[Pages 12-14 withheld under s.43]"
    r"(?i:[\[(<{]\s*(?:[^\])>}\n]{0,40}?\s)?(?:text\s+)?(?:redact(?:ed|ion)|withheld)"
    r"\b[^\])>}\n]{0,100}[\])>}])"
    # "[Commercially sensitive]", "[Exempt]": square or angle brackets only, since
    # "(Confidential Information)" in round brackets defines a term.
    r"|(?i:[\[<{]\s*(?:text\s+)?(?:commercially[ -]sensitive(?:\s+information)?"
    r"|exempt(?:\s+information)?|confidential(?:\s+information)?|not\s+for\s+publication)"
    r"\b[^\]>}\n]{0,100}[\]>}])"
)
_PHRASE = (
    # A label "Redacted under s.43" or "has been withheld under s.43", not an operative
    # "may be withheld under section 43".
    r"(?i:(?<!\bbe\s)"
    r"\b(?:redacted|withheld)\s+(?:under|pursuant\s+to|in\s+reliance\s+on|in\s+accordance\s+with"
    r"|by\s+virtue\s+of)\s+[^;\n]{1,60}?(?=[.;]\s|[.;]?$))"
    r"|\bREDACTED\b"
)
MARKER = re.compile(f"(?P<blocks>{_BLOCKS})|(?P<bracket>{_BRACKETED})|(?P<phrase>{_PHRASE})")
LABEL = re.compile(
    r"\b(?:s(?:ection)?s?\.?\s?(?:2[1-46-9]|3[0-9]|4[0-4])\b|FOIA|FOISA|EIRs?\b"
    r"|reg(?:ulation)?s?\.?\s?1[23]\b|PA\s?2023|Procurement\s+Act|s\.?\s?94\b"
    r"|freedom\s+of\s+information\s+act|environmental\s+information\s+regulations"
    # Named grounds are labels too: "[Redacted - personal data]" cites s.40 in all but name.
    r"|personal\s+(?:data|information)|national\s+security|legal\s+(?:professional\s+)?privilege"
    r"|law\s+enforcement|health\s+and\s+safety|trade\s+secrets?)",
    re.IGNORECASE,
)
# Every marker contains one of these; most blocks contain none, and skip the full scan.
_QUICK = re.compile(
    r"[\u2580-\u259f]|redact|withheld"
    r"|[\[(<{]\s*(?:text\s+)?(?:commercially|exempt|confidential|not\s+for)",
    re.IGNORECASE,
)
# A label may sit just after a marker ("████ (s.43 FOIA)") or just before ("s.43: ████").
_LABEL_WINDOW = 60


@dataclass(frozen=True)
class Marker:
    """One redaction found in a block's text."""

    block: int  # index into the blocks sequence
    start: int
    end: int
    hidden: int  # estimated characters hidden
    labelled: bool
    whole_block: bool


def find_markers(text: str, block: int = 0) -> list[Marker]:
    """Every redaction marker in ``text`` with its estimated hidden length.

    Adjacent markers ("████ [REDACTED - s.43]") are one redaction with its label.
    """
    if not _QUICK.search(text):
        return []
    spans: list[list[int]] = []
    for m in MARKER.finditer(text):
        start, end = m.span()
        if spans and not text[spans[-1][1] : start].strip(" -:,;()"):
            spans[-1][1] = end
        else:
            spans.append([start, end])
    found: list[Marker] = []
    for n, (start, end) in enumerate(spans):
        chunk = text[start:end]
        nxt = spans[n + 1][0] if n + 1 < len(spans) else len(text)
        prev = spans[n - 1][1] if n else 0
        after = text[end : min(end + _LABEL_WINDOW, nxt)]
        before = text[max(prev, start - _LABEL_WINDOW) : start]
        # A label before the marker counts only if it is the last thing before it.
        labelled = bool(
            LABEL.search(chunk)
            or LABEL.search(re.split(r"\.\s", after, maxsplit=1)[0])
            or re.search(LABEL.pattern + r"[\s:\-)]*$", before, re.IGNORECASE)
        )
        rest = (text[:start] + text[end:]).strip(" .;:,-()[]")
        rest = LABEL.sub("", rest).strip(" .;:,-()[]")
        whole = len(rest) < 3
        blocks = sum(1 for ch in chunk if "\u2580" <= ch <= "\u259f")
        pages = _PAGES.search(chunk)
        if blocks and not re.search(r"[\[(<{]|redact|withheld", chunk, re.IGNORECASE):
            hidden = blocks
        elif pages:
            first, last = int(pages.group(1)), int(pages.group(2) or pages.group(1))
            hidden = ASSUMED_PAGE_CHARS * max(1, last - first + 1)
        elif _WHOLE_PART.search(chunk):
            hidden = ASSUMED_PAGE_CHARS  # a schedule or annex withheld in full
        else:
            hidden = max(blocks, ASSUMED_BLOCK_CHARS if whole else ASSUMED_INLINE_CHARS)
        found.append(Marker(block, start, end, hidden, labelled, whole))
    return found


def measure(
    blocks: Iterable[Block],
    *,
    box_hidden_chars: int = 0,
    boxes: int = 0,
    box_labelled: int = 0,
    leaked: int = 0,
    per_page: tuple[tuple[int, float], ...] = (),
    whole_pages: tuple[int, ...] = (),
) -> Redaction | None:
    """The redaction measure of a document, or None when nothing in it is redacted.

    Readers write the text hidden under a box as "█" characters, so the text scan counts box
    redactions; ``boxes`` only reports how many there were. ``box_hidden_chars`` and
    ``box_labelled`` are for redactions that are not represented in the text at all.
    """
    markers = 0
    labelled = 0
    hidden = box_hidden_chars
    visible = 0
    for i, b in enumerate(blocks):
        if not b.kind.is_body:
            continue
        ms = find_markers(b.text, i)
        markers += len(ms)
        labelled += sum(1 for m in ms if m.labelled)
        hidden += sum(m.hidden for m in ms)
        visible += len(b.text) - sum(m.end - m.start for m in ms)
    labelled += box_labelled
    if markers == 0 and box_hidden_chars == 0:
        return None
    total = hidden + max(visible, 0)
    share = hidden / total if total else 0.0
    return Redaction(
        share=round(share, 4),
        markers=markers,
        labelled=min(labelled, markers),
        boxes=boxes,
        leaked=leaked,
        per_page=per_page,
        whole_pages=whole_pages,
    )
