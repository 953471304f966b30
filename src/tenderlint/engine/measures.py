"""Document measures that rules test with ``limit`` or in conditions: redaction, tracked
changes, defined terms and cross-references; each with the spans a finding can quote."""

from __future__ import annotations

import re
from collections.abc import Callable

from tenderlint.engine.units import Span, Units
from tenderlint.lang.vocab import MEASURES
from tenderlint.model import BlockKind, Redaction
from tenderlint.quantities import find_quantities, lowered
from tenderlint.read.redaction import find_markers

# A measure's value for a document, and the spans a finding can quote to show it.
Measure = Callable[[Units], tuple[float, list[Span]]]

# -- defined terms -------------------------------------------------------------------------------

_DEF_QUOTED = re.compile(
    r'"(?P<term>[A-Z][^"\n]{0,60})"\s*(?:\)\s*)?(?:means|shall\s+mean|has\s+the\s+meaning|'
    r"is\s+defined|shall\s+have\s+the\s+meaning|includes|refers\s+to)\b"
)
_DEF_PAREN = re.compile(
    r"\((?:together|each|jointly|collectively|individually|hereinafter|referred\s+to\s+as)?[\s,]*"
    r'(?:a|an|the)?\s*"(?P<term>[A-Z][^"\n]{0,60})"\)'
)
_DEF_ROW = re.compile(
    r"^(?P<term>[A-Z][\w'&/ -]{0,60}?)\s*\|\s*(?:means|shall mean|is|the|a|an)?\b"
)
_DEFINITIONS_HEADING = re.compile(r"definitions|interpretation|glossary|defined terms", re.I)
_CONNECTORS = {"of", "for", "and", "to", "the", "in", "on", "or"}
_TITLE_WORD = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*"
_CANDIDATE = re.compile(
    rf"(?<![\w\"])({_TITLE_WORD}(?:\s+(?:(?:of|for|and|to|the|in|on|or)\s+)?{_TITLE_WORD}){{1,3}})(?![\w\"])"
)
# Capitalised phrases that are names, not defined terms.
_NOT_TERMS = re.compile(
    r"\b(Act|Acts|Regulations?|Order|Directive|Rules|Code|Bill|Council|Department|Ministry|"
    r"Office|Commissioner|Court|Government|Kingdom|Ireland|Scotland|Wales|England|Cabinet|"
    r"Parliament|Crown|Service|Agency|Authority's|Commission|Board|Trust|Standard|Framework|"
    r"Limited|Ltd|University|College|January|February|March|April|May|June|July|August|"
    r"September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|Schedule|Annex|Appendix|Clause|Part|Section|Table|Paragraph|Page|Street|Road|"
    r"London|Manchester|Birmingham|Edinburgh|Cardiff|Belfast|Guidance|Policy|Note|Plan|"
    # Places, offices and titles: "Town Hall", "Market Square", "Secretary of State".
    r"Hall|Square|House|Avenue|Lane|Place|Gardens|Way|Centre|Center|Building|Tower|Park|Point|"
    r"Quay|Wharf|Row|Crescent|Close|Drive|Terrace|Mews|Yard|Green|Hill|Bridge|Gate|Walk|Parade|"
    r"Secretary|Minister|Director|Officer|Chief|Platform|Portal|Gateway|Finder)\b"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\(\w{1,4}\)\s*|\d+(?:\.\d+)*\.?\s+)$")


def _definitions(ix: Units) -> dict[str, Span]:
    terms: dict[str, Span] = {}
    in_defs = False
    for i, b in enumerate(ix.blocks):
        base = ix.starts[i]
        if b.kind is BlockKind.HEADING:
            in_defs = bool(_DEFINITIONS_HEADING.search(b.text))
            continue
        for rx in (_DEF_QUOTED, _DEF_PAREN):
            for m in rx.finditer(b.text):
                terms.setdefault(
                    m.group("term").strip().lower(), (base + m.start(), base + m.end())
                )
        if b.kind is BlockKind.TABLE_ROW and in_defs:
            row = _DEF_ROW.match(b.text)
            if row and len(row.group("term").split()) <= 6:
                terms.setdefault(
                    row.group("term").strip().lower(), (base + row.start(), base + row.end())
                )
    return terms


# Last words that make a capitalised phrase look like a defined term in UK model contracts.
_TERM_HEADS = frozenset(
    [
        # tenders
        "template",
        "form",
        "questionnaire",
        "criteria",
        "criterion",
        "response",
        "submission",
        "deadline",
        "tender",
        # contracts
        "practice",
        "plan",
        "data",
        "information",
        "period",
        "date",
        "charge",
        "service",
        "deliverable",
        "personnel",
        "staff",
        "material",
        "premise",
        "fee",
        "price",
        "requirement",
        "specification",
        "procedure",
        "event",
        "notice",
        "report",
        "order",
        "party",
        "default",
        "right",
        "incident",
        "request",
        "asset",
        "record",
        "level",
        "credit",
        "indicator",
        "software",
        "system",
        "document",
        "documentation",
        "term",
        "commencement",
        "value",
        "limit",
        "rate",
    ]
)


_NAME_FOLLOWS = re.compile(
    r"\)?\s*(?:[A-Z][a-z]+\s+){0,2}(?:Act|Regulations?|Order|Framework|Directive|Rules|Code)\b"
)


_ACRONYM_FOLLOWS = re.compile(r"\s*\([A-Z][A-Za-z&-]{1,7}\)")
_RUN_IN = re.compile(r"^([A-Z][\w'’]*(?: [A-Z][\w'’]*){0,4}) [-–:] ")


def _introduced(ix: Units) -> set[str]:
    """Terms introduced with their acronym ("the GSA Contract Access Fee (CAF)"), and their
    tails of two words or more ("Contract Access Fee"): defined in passing, for every use."""
    out: set[str] = set()
    for b in ix.blocks:
        if "(" not in b.text:
            continue
        for m in _CANDIDATE.finditer(b.text):
            if _ACRONYM_FOLLOWS.match(b.text, m.end()):
                words = m.group(1).lower().split()
                out |= {" ".join(words[k:]) for k in range(len(words) - 1)}
    return out


def _ends_a_name(word: str, names: str) -> bool:
    """Is ``word`` the last word of a heading, cover line or title ("Case Management System
    (EF-CMS)")? Then "the System" is the short form of that name, not an undefined term."""
    return re.search(rf"\b{re.escape(word)}\b(?:\s*\([^)|]*\))?\s*(?:\||$)", names) is not None


def _cover_lines(ix: Units) -> list[str]:
    """Short title-page lines before the first numbered clause (the service's name, the
    buyer's address): names, not uses of terms."""
    out = []
    for b in ix.blocks[:15]:
        if b.location.clause:
            break
        if len(b.text) < 120 and not re.search(r"\b(?:shall|must|will|means)\b|\.$", b.text):
            out.append(b.text)
    return out


def _singular(term: str) -> str:
    if term.endswith("ies"):
        return term[:-3] + "y"
    if term.endswith("s") and not term.endswith("ss"):
        return term[:-1]
    return term


def _undefined_terms(ix: Units) -> tuple[float, list[Span]]:
    """Capitalised terms shaped like defined terms but not defined in the document.

    "Buyer Data" in a contract that defines "Authority Data", or "Good Industry Practice"
    nowhere defined: a term is suspect when its last word is the last word of a defined term
    or a usual defined-term head (Plan, Data, Period, Charges ...). Proper names ("Consumer
    Prices Index", a council's address, the name of the service) do not share that shape.
    """
    defined = _definitions(ix)
    if not defined:
        return 0.0, []  # no definitions here: terms may come from incorporated documents
    # A run-in heading ("Key Personnel - The Contractor must designate ...") names what its
    # paragraph describes: as good as a definition for the uses that follow.
    run_in = {m.group(1).lower() for b in ix.blocks if (m := _RUN_IN.match(b.text))}
    known = set(defined) | {_singular(t) for t in defined} | run_in | _introduced(ix)
    heads = {_singular(t.split()[-1]) for t in defined if len(t.split()) >= 2} | _TERM_HEADS
    names = " | ".join(
        [
            *(b.text.lower() for b in ix.blocks if b.kind is BlockKind.HEADING),
            *(t.lower() for t in _cover_lines(ix)),
            (ix.doc.title or "").lower(),
        ]
    )
    seen: dict[str, Span] = {}
    for i, b in enumerate(ix.blocks):
        if b.kind is BlockKind.HEADING or (b.cells and b.cells == b.header):
            continue  # headings and a table's header row are labels, not uses of terms
        base = ix.starts[i]
        for m in _CANDIDATE.finditer(b.text):
            phrase = m.group(1)
            if _NOT_TERMS.search(phrase) or _SENTENCE_START.search(b.text[: m.start()]):
                continue
            if _NAME_FOLLOWS.match(b.text, m.end()):
                continue  # part of a longer name: "(Rights of Third Parties) Act 1999"
            if _ACRONYM_FOLLOWS.match(b.text, m.end()):
                continue  # introduced with its acronym: "Contract Access Fee (CAF)"
            words = phrase.lower().split()
            low = " ".join(words)
            if words[-1] in _CONNECTORS or _singular(words[-1]) not in heads:
                continue
            if low in known or _singular(low) in known or low in names:
                continue
            if len(words) == 2 and words[0] == "the" and _ends_a_name(words[1], names):
                continue  # "the System" in a document headed "... Case Management System"
            # A defined term with a capitalised word before it ("the Council Data") may
            # still be the defined term: accept when its tail is defined.
            if any(" ".join(words[k:]) in known for k in range(1, len(words))):
                continue
            seen.setdefault(low, (base + m.start(), base + m.end()))
    spans = sorted(seen.values())
    return float(len(spans)), spans


# -- cross-references ----------------------------------------------------------------------------

_XREF = re.compile(
    r"\b(?P<kind>[Cc]lauses?|[Pp]aragraphs?|Schedules?|Annex(?:es|e)?|Appendix|Appendices|Table)"
    r"\s+(?P<ref>\d{1,3}(?:\.\d{1,3})*(?:\s?\([a-z0-9]{1,4}\))*|[A-Z]{1,2}\b|X{1,3}\b|\[[^\]]{0,6}\])"
    r"(?P<of>\s+(?:of|to|in)\s+(?:the\s+|this\s+)?(?P<other>[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*))?"
)
_SCHED_HEAD = re.compile(
    r"^(schedule|annex|annexe|appendix|table)\s+([0-9]{1,3}[A-Z]?|[A-Z]{1,2})\b", re.IGNORECASE
)
_THIS_DOC = re.compile(r"^(Contract|Agreement|Schedule|Annex|Appendix|Order Form|Call-Off)", re.I)


def _part_kind(word: str) -> str:
    """ "Schedules", "Annexe", "appendices" -> "schedule", "annex", "appendix"."""
    w = word.lower()
    if w.startswith("annex"):
        return "annex"
    if w.startswith("append"):
        return "appendix"
    if w.startswith("schedule"):
        return "schedule"
    return w.rstrip("s")


def _unresolved_references(ix: Units) -> tuple[float, list[Span]]:
    clauses: set[str] = set()
    parts: set[tuple[str, str]] = set()
    for b in ix.blocks:
        ref = b.location.clause or ""
        if ", paragraph " in ref:
            ref = ref.split(", paragraph ", 1)[1]
        if ref:
            clauses.add(ref.rstrip("."))
            clauses.add(re.split(r"\(", ref, maxsplit=1)[0].rstrip("."))
        m = _SCHED_HEAD.match(b.text)
        if m and (b.kind is BlockKind.HEADING or len(b.text) < 120):
            parts.add((_part_kind(m.group(1)), m.group(2).upper()))
    has_clauses = len(clauses) >= 3
    spans: list[Span] = []
    for i, b in enumerate(ix.blocks):
        if b.kind is BlockKind.HEADING:
            continue
        base = ix.starts[i]
        for m in _XREF.finditer(b.text):
            other = m.group("other")
            this = bool(m.group("of")) and re.search(r"\bthis\s", m.group("of"))
            if other and not this and not _THIS_DOC.match(other):
                continue  # a reference into another document (FOIA, the Framework Agreement)
            kind = m.group("kind").lower()
            ref = m.group("ref")
            span = (base + m.start(), base + m.start("ref") + len(ref))
            if ref.startswith("[") or re.fullmatch(r"X{1,3}", ref):
                spans.append(span)  # a dummy reference: "Schedule XX", "clause [ ]"
                continue
            if kind.startswith(("clause", "paragraph")):
                if not has_clauses or not ref[0].isdigit():
                    continue
                number = re.sub(r"\s", "", ref)
                head = re.split(r"\(", number, maxsplit=1)[0]
                if number not in clauses and head not in clauses:
                    spans.append(span)
            else:
                key = _part_kind(kind)
                if not any(k == key for k, _ in parts):
                    continue  # this document has no such parts at all: leave it alone
                if (key, ref.upper()) not in parts:
                    spans.append(span)
    return float(len(spans)), spans


# -- all measures --------------------------------------------------------------------------------


def _marker_spans(ix: Units, unlabelled_only: bool) -> list[Span]:
    out: list[Span] = []
    for i, b in enumerate(ix.blocks):
        for m in find_markers(b.text):
            if unlabelled_only and m.labelled:
                continue
            out.append((ix.starts[i] + m.start, ix.starts[i] + m.end))
    return out


def _redaction(
    value: Callable[[Redaction], float], spans: bool, unlabelled: bool = False
) -> Measure:
    def measure(ix: Units) -> tuple[float, list[Span]]:
        red = ix.doc.redaction
        if red is None:
            return 0.0, []  # nothing redacted: skip scanning every block for markers
        return value(red), _marker_spans(ix, unlabelled) if spans else []

    return measure


def _doc_measure(name: str) -> Measure:
    return lambda ix: (float(ix.doc.measures.get(name, 0)), [])


def _numbered_clauses(ix: Units) -> tuple[float, list[Span]]:
    # A block's own printed number, not its clause path: unnumbered text inherits the path of
    # the clause it sits in, and numbered contents lines or drafting notes are not clauses.
    spans = [
        (ix.starts[i], ix.ends[i])
        for i, b in enumerate(ix.blocks)
        if b.number and (b.kind.is_operative or b.kind is BlockKind.DEFINITION)
    ]
    return float(len(spans)), spans


def _defined_terms(ix: Units) -> tuple[float, list[Span]]:
    spans = sorted(_definitions(ix).values())
    return float(len(spans)), spans


# Every measure the language names (``lang.vocab.MEASURES``), and how to compute it.
_VALUE_CUE = re.compile(
    r"\b(?:estimated|total|overall|maximum|whole[- ]life)?\s*(?:contract|call-off|order)\s+"
    r"(?:value|price|sum)\b|\bvalue of (?:the|this) (?:contract|call-off|order)\b",
    re.IGNORECASE,
)
_VALUE_WORDS = ("value", "price", "sum")  # the cue holds one
# A number near these is not this contract's value (brief 1.6): cover, caps, ceilings, budgets.
_NOT_VALUE = re.compile(
    r"\b(?:insurance|indemnity|liabilit|cap\b|ceiling|framework|lot \d|budget|turnover)", re.I
)


def _contract_value(ix: Units) -> tuple[float, list[Span]]:
    """The estimated value of this contract: the config's [facts], else a money amount in a
    sentence that names the contract's value (never an insurance level or a framework ceiling)."""
    configured = ix.doc.measures.get("contract_value")
    if configured is not None:
        return float(configured), []
    best = 0.0
    spans: list[Span] = []
    for i, block in enumerate(ix.blocks):
        if not block.kind.is_operative:
            continue
        low = lowered(block.text)  # the cue's words as plain text first: most blocks lack them
        if low is not None and not any(w in low for w in _VALUE_WORDS):
            continue
        if not _VALUE_CUE.search(block.text):
            continue
        if _NOT_VALUE.search(block.text):
            continue
        for f in find_quantities(block.text):
            if f.dimension == "money" and not f.placeholder and f.value > best:
                best = f.value
                spans = [(ix.starts[i] + f.start, ix.starts[i] + f.end)]
    return best, spans


REGISTRY: dict[str, Measure] = {
    "redacted": _redaction(lambda r: r.share * 100, spans=True),
    "redactions": _redaction(lambda r: float(r.markers), spans=True),
    "unlabelled_redactions": _redaction(lambda r: float(r.unlabelled), True, unlabelled=True),
    "leaked_redactions": _redaction(lambda r: float(r.leaked), spans=False),
    "redacted_pages": _redaction(lambda r: float(len(r.whole_pages)), spans=False),
    "tracked_changes": _doc_measure("tracked_changes"),
    "comments": _doc_measure("comments"),
    "pages": lambda ix: (float(ix.doc.pages or 0), []),
    "words": lambda ix: (float(len(ix.words())), []),
    "numbered_clauses": _numbered_clauses,
    "defined_terms": _defined_terms,
    "undefined_terms": _undefined_terms,
    "unresolved_references": _unresolved_references,
    "contract_value": _contract_value,
}
if REGISTRY.keys() != MEASURES.keys():  # a measure named in the language but never computed
    raise ImportError(
        f"measures out of step with the language: {REGISTRY.keys() ^ MEASURES.keys()}"
    )


def compute(name: str, ix: Units) -> tuple[float, list[Span]]:
    """The value of measure ``name`` for the indexed document, and spans that show it."""
    return REGISTRY[name](ix)
