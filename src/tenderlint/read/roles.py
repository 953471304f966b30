"""What a line of a document is for, from its words: contents entries, drafting notes, definition
entries and their terms, titles of numbered clauses, and the headings that open a glossary."""

from __future__ import annotations

import re

from tenderlint.read.numbers import Number

# "1.2 Definitions ........ 4", "Schedule 6 … 31", "Annex A . . . . 12": a contents entry.
_LEADER = re.compile(
    r"(?:\.{4,}|\u2026{2,}|(?:\. ){3,}|_{4,})\s*\|?\s*(?:\d{1,3}|[ivxlc]{1,6})\s*$", re.I
)
_PAGE_AT_END = re.compile(r"(?:\s|\t)(?:\d{1,3}|[ivxlc]{1,6})\s*$", re.I)
_CONTENTS_HEADING = re.compile(
    r"^(?:table\s+of\s+)?contents(?:\s+page)?$|^index$|^contents\s+and\s+structure$", re.I
)
# Drafting notes, guidance and instructions to whoever fills in a template (brief 4.5).
_NOTE = re.compile(
    r"^\[?\s*(?:"
    r"drafting\s+(?:note|guidance|tip)s?"
    r"|notes?\s+(?:to|for)\s+(?:the\s+)?(?:drafters?|draftsm[ae]n|buyers?|customers?|authorit(?:y|ies)"
    r"|contracting\s+authorit(?:y|ies)|purchasers?|users?|bidders?|suppliers?|editors?)"
    r"|guidance(?:\s+notes?)?(?:\s+(?:to|for)\s+(?:the\s+)?\w+)?"
    r"|(?:buyer|customer|authority|drafting)\s+guidance"
    r"|instructions?\s+(?:to|for)\s+(?:the\s+)?(?:drafters?|buyers?|authors?|users?)"
    r"|explanatory\s+note"
    r")\s*(?::|\]|[-\u2013\u2014]\s)"
    # A bare "Note:" is guidance only in brackets; unbracketed it is often operative ("Note:
    # all sections of this RFQ will be incorporated into the contract").
    r"|^\[\s*note\s*[:\-\u2013\u2014]",
    re.I,
)
_NOTE_HEADING = re.compile(
    r"^(?:drafting\s+)?(?:guidance|notes?)(?:\s+notes?)?"
    r"(?:\s+(?:to|for|on)\s+(?:the\s+)?[\w ]{1,30})?$",
    re.I,
)
# "Definition" alone heads a definitions clause only as the whole heading: a G-Cloud "Service
# definition" is a description of the service in questions and answers.
_DEF_HEADING = re.compile(
    r"\b(?:definitions|glossary|defined\s+terms|interpretation|abbreviations|acronyms"
    r"|terms\s+used|definition\s+of\s+terms)\b|^\W*definition\W*$",
    re.I,
)
_DEF_LEADIN = re.compile(
    r"\b(?:following|these|the\s+below)\s+(?:capitali[sz]ed\s+)?(?:words|terms|expressions"
    r"|definitions|phrases|abbreviations|acronyms)\b.{0,120}?\b(?:mean|meaning|meanings|apply"
    r"|defined|definitions)\b"
    r"|\bdefinitions\s+(?:apply|used)\b|\bshall\s+have\s+the\s+following\s+meanings?\b",
    re.I | re.S,
)
_QUOTED_TERM = re.compile(
    r"^(?:in\s+this\s+[^,:\"]{0,60},\s*)?[\"'](?P<term>[^\"'\n]{1,80}?)[\"']"
    r"(?:\s*\([^)]{0,60}\))?\s*(?P<sep>(?:shall\s+)?means?\b|(?:shall\s+)?(?:has|have)\s+the\s+"
    r"meanings?\b|includes?\b|refers?\s+to\b|is\s+defined\b|[:,;]|[-\u2013\u2014]\s)?",
    re.I,
)
_PLAIN_TERM = re.compile(
    r"^(?P<term>[A-Z0-9][\w&/()'.,\- ]{0,78}?)\s*(?:\*\s*)?"
    r"(?P<sep>\b(?:shall\s+)?means?\b|\b(?:shall\s+)?(?:has|have)\s+the\s+meanings?\b|:|\s[-\u2013\u2014]\s)"
)
_MODAL = re.compile(r"\b(?:shall|must|will|may|should|is|are)\b", re.I)
_DUTY = re.compile(r"\b(?:shall|must|will|may|should)\b", re.I)
_AGREED = re.compile(r"\bagree", re.I)


def key(text: str) -> str:
    """The words of a heading or contents entry, for matching one with the other."""
    text = _LEADER.sub("", text)
    words = re.findall(r"[a-z0-9]+", text.lower())
    while words and (words[0].isdigit() or words[0] in _NUMERALS):
        words.pop(0)
    return " ".join(words)


_NUMERALS = {"i", "ii", "iii", "iv", "v", "vi", "a", "b", "c", "d"}


def leader_line(text: str) -> bool:
    """A contents entry by its dot leaders and page number."""
    if len(text) >= 300 or not (
        "...." in text or "\u2026\u2026" in text or ". . ." in text or "____" in text
    ):
        return False  # a cheap test first: most lines have no leader
    return _LEADER.search(text) is not None


def page_at_end(text: str) -> bool:
    return len(text) < 200 and _PAGE_AT_END.search(text) is not None


def contents_heading(text: str) -> bool:
    return len(text) < 40 and _CONTENTS_HEADING.match(text.strip().rstrip(":")) is not None


def may_quote(text: str) -> bool:
    """False when ``text`` certainly opens with no quoted term (a cheap pre-check)."""
    head = text[:90]
    return '"' in head or "'" in head


def note_text(text: str) -> bool:
    """A drafting note, guidance for the buyer or an instruction to the drafter."""
    return _NOTE.match(text) is not None


def note_heading(text: str) -> bool:
    return len(text) < 60 and _NOTE_HEADING.match(text.strip().rstrip(":")) is not None


def definitions_heading(text: str) -> bool:
    """A heading that opens a definitions clause, schedule or glossary."""
    return len(text.split()) <= 8 and _DEF_HEADING.search(text) is not None


def definitions_leadin(text: str) -> bool:
    """ "In this Agreement the following words have the following meanings:"."""
    return len(text) < 400 and _DEF_LEADIN.search(text) is not None


def agreed_leadin(text: str) -> bool:
    """ "IT IS AGREED as follows:" opens the operative clauses, not a list of items."""
    return _AGREED.search(text) is not None


def after_number(text: str, number: Number | None) -> str:
    """``text`` without its own printed number at the start."""
    if number is None:
        return text
    printed = number.printed
    for lead in (printed + ".", printed):
        if text.startswith(lead):
            return text[len(lead) :].lstrip()
    return text


def quoted_term(text: str) -> str | None:
    """The term of '"Authority Data" means ...' (a quoted term and "means" or the like)."""
    m = _QUOTED_TERM.match(text)
    if not m or not m.group("sep") or m.group("sep") in (",", ";"):
        return None
    return m.group("term").strip() or None


def entry_term(text: str) -> str | None:
    """The term an entry of a definitions clause defines: quoted, or followed by "means",
    a colon or a dash ("DAY - A calendar day", "City: means")."""
    m = _QUOTED_TERM.match(text)
    if m:
        return m.group("term").strip() or None
    m = _PLAIN_TERM.match(text)
    if not m:
        return None
    term = m.group("term").strip(" *")
    if not _term_like(term):
        return None
    if m.group("sep").strip() in (":", "-", "\u2013", "\u2014") and _MODAL.search(term):
        return None  # "The Supplier is responsible: ..." is a sentence, not a term
    return term


_CONNECTORS = frozenset(
    {"of", "and", "or", "the", "for", "to", "in", "on", "a", "an", "by", "with"}
)
_NOT_TERMS = frozenset({"In", "If", "Where", "When", "This", "These", "Each", "Any", "All", "No"})


def _term_like(term: str) -> bool:
    """An unquoted term reads as a name: "Authority Data", "DAY", "CONTRACTING OFFICER (CO)",
    not a sentence's opening ("In this Contract the words below have the meanings")."""
    words = term.split()
    if not words or len(words) > 8 or words[0] in _NOT_TERMS:
        return False
    return not any(w[0].islower() and w not in _CONNECTORS for w in words[1:])


def question_header(header: tuple[str, ...]) -> bool:
    """A table of questions, requirements or answers, not terms: "Question | Answer"."""
    first = header[0].strip().lower() if header else ""
    return first.rstrip("s") in _QUESTION_HEADS or any(
        h.strip().lower() in ("answer", "response", "supplier response") for h in header[1:]
    )


_QUESTION_HEADS = frozenset({"question", "requirement", "criterion", "criteria"})


def cell_term(cells: tuple[str, ...]) -> str | None:
    """The term of a two-column definitions table row: its first cell, when it is short."""
    filled = [c for c in cells if c]
    if len(filled) < 2 or not cells[0]:
        return None
    term = cells[0].strip().strip("\"'").strip()
    if not term or len(term) > 100 or len(term.split()) > 10:
        return None
    if term.lower() in _TERM_HEADS and cells[1].lower().startswith(_DEFINITION_HEADS):
        return None  # the table's header row: "Term | Definition"
    return term


_TERM_HEADS = frozenset(
    {"term", "terms", "defined term", "word", "expression", "abbreviation", "acronym", "name"}
)
_DEFINITION_HEADS = ("definition", "meaning", "description", "explanation", "full")


def title_words(rest: str) -> bool:
    """The words after a clause number read as a title: short, no sentence end, no duty."""
    rest = rest.strip()
    if not rest or len(rest) > 100 or len(rest.split()) > 12:
        return False
    if rest[-1] in ".;:,!?" or not (rest[0].isupper() or rest[0] in "\"'([" or rest[0].isdigit()):
        return False
    return not re.search(r"\b(?:shall|must|will|may)\b", rest, re.I)


def caps_title(rest: str) -> bool:
    """ "GENERAL INSTRUCTIONS": a title in capitals."""
    letters = [c for c in rest if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and title_words(rest)


def pseudo_heading(text: str) -> bool:
    """A short line that a bold face makes a sub-heading ("Requirements of the Case Study")."""
    return (
        len(text) <= 100
        and len(text.split()) <= 16
        and text[-1] not in ".;:,!?"
        and text[0].isupper()
        and not _DUTY.search(text)
    )
