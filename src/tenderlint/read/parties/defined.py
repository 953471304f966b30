"""Names a document defines for its parties: inline definitions, definition entries, order-form
fields and role statements ("X acts as Data Processor")."""

from __future__ import annotations

import re

from tenderlint.model import BlockKind
from tenderlint.read.parties.claims import Claim, Source, kind_of_body, role_from_names
from tenderlint.read.parties.view import View
from tenderlint.read.parties.words import (
    BUYER,
    LOWER,
    NOT_A_PARTY,
    PRONOUN_WORDS,
    SUPPLIER,
    is_placeholder,
    role_of,
)

# One quoted name in a definition: "the Council", 'data exporter', the "Buyer".
_ITEM = r"""(?:(?:the|a|an)\s+)?["'](?!s\b)([^"'\n]{1,60}?)["']"""
_SEP = r"""\s*(?:,|/|\bor\b|\band\b|\band/or\b)\s*(?:(?:each|together|jointly)\s+)?"""
# Possessive, and one run of separators per word: "(the the the ..." must fail at once, not
# try every way of sharing the spaces between words.
_LEAD = (
    r"(?:(?:hereinafter|hereafter|herein|referred\s+to\s+as|called|known\s+as|each|both|"
    r"together|jointly|collectively|individually|also|as|the|a|an)\b[\s:,]*)*+"
)
# X (the "Buyer"); X ("the Contractor"); (hereinafter "the Tax Court" or "the Court").
DEF_PAREN = re.compile(r"\(\s*(" + _LEAD + _ITEM + r"(?:" + _SEP + _ITEM + r")*)\s*[.;,]?\s*\)")
# X, hereafter referred to as 'the Organisation'; referred to as "the Council".
DEF_HEREAFTER = re.compile(
    r"(?:[Hh]ereinafter|[Hh]ereafter|referred\s+to\s+as|known\s+as)\s+(?:referred\s+to\s+as\s+|"
    r"called\s+|known\s+as\s+)?:?\s*(" + _ITEM + r"(?:" + _SEP + _ITEM + r")*)"
)
ITEMS = re.compile(_ITEM)
_HEREAFTER_WORDS = ("hereinafter", "hereafter", "referred to as", "known as")


def hereafter(text: str, lower: str) -> list[re.Match[str]]:
    """'hereafter referred to as "the Organisation"' definitions, found from the few places
    their lead words occur (a literal search is far faster than a regex over the text)."""
    out = []
    for word in _HEREAFTER_WORDS:
        at = lower.find(word)
        while at >= 0:
            if at == 0 or not lower[at - 1].isalnum():
                m = DEF_HEREAFTER.match(text, at)
                if m is not None and not (word == "hereafter" and lower[at - 6 : at] == "herein"):
                    out.append(m)
            at = lower.find(word, at + len(word))
    return sorted(out, key=lambda m: m.start())


_NAME_WORD = re.compile(r"^(?:[A-Z][\w.&'/-]*,?|of|for|and|the|&|de|du|on|in)$")
_NOT_A_NAME_START = re.compile(
    r"^(?:Annex|Schedule|Clause|Section|Appendix|Article|Part|Attachment|Exhibit|Table|"
    r"Figure|Regulation|Directive|Decision|Paragraph|The|This|These|Each|Any|All|In|On|If)$"
)


def defined_names(match: re.Match[str]) -> tuple[str, ...]:
    """The quoted names of a definition, as written ("the Court")."""
    out = []
    for m in ITEMS.finditer(match.group(1)):
        name = m.group(1).strip()
        lead = m.group(0)[: m.start(1) - m.start(0)].strip(" \"'").lower()
        if name.lower().startswith("the ") or lead != "the":
            out.append(name)
        else:
            out.append("the " + name)
    return tuple(n for n in out if n and not is_placeholder(n) and not _collective(n))


def _collective(name: str) -> bool:
    """'(together the "Parties")', '(each a "Party")': both sides at once, no one party's name."""
    words = name.lower().split()
    return bool(words) and words[-1] in ("parties", "party") and len(words) <= 3


def name_before(text: str) -> str | None:
    """The proper name just before a definition: "The United States Tax Court (hereinafter"."""
    words = text[-200:].rstrip(" ,").split()
    kept: list[str] = []
    for w in reversed(words):
        if not _NAME_WORD.match(w) or len(kept) >= 12:
            break
        kept.append(w)
    kept.reverse()
    while kept and kept[0].lower() in ("of", "for", "and", "&", "de", "du", "on", "in"):
        kept.pop(0)
    while kept and kept[-1].lower() in ("of", "for", "and", "&", "the", "in", "on"):
        kept.pop()
    if kept and kept[0] == "the" and len(kept) == 1:
        kept = []
    if not kept or not any(w[0].isupper() for w in kept):
        return None
    if _NOT_A_NAME_START.match(kept[0].strip(",")) and len(kept) == 1:
        return None
    if _NOT_A_NAME_START.match(kept[0].strip(",")) and kept[0] != "The":
        return None
    name = " ".join(kept).strip(" ,")
    return None if is_placeholder(name) else name


def _role_of_defined(names: tuple[str, ...], full: str | None) -> tuple[str | None, str | None]:
    """The side of defined names, from the names themselves or, failing that, the body named."""
    role = role_from_names(names)
    if role is not None:
        return role, None
    body = kind_of_body(full or "") or next((k for n in names if (k := kind_of_body(n))), None)
    if body == "company":
        return SUPPLIER, body
    if body == "public":
        return BUYER, body
    return None, None


def inline_definitions(view: View) -> list[Claim]:
    """Definitions made in passing: 'X (the "Buyer")', 'hereinafter "the Council"'."""
    text = view.text
    out: list[Claim] = []
    for m in (*DEF_PAREN.finditer(text), *hereafter(text, view.lower)):
        names = defined_names(m)
        if not names:
            continue
        start = m.start()
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        full = name_before(before)
        if full is not None and "'s " in full:
            continue  # an officer or unit of a party: "the Court's Reporter of Decisions"
        party = tuple(n for n in names if n.lower() not in PRONOUN_WORDS)
        if full is None and _GENERIC.search(before[-80:]) and not _safe(party):
            continue  # 'a court of competent jurisdiction ("Court")': not a party
        described = full is not None and _INDEFINITE.search(before[: before.rfind(full)])
        if described and not _safe(party):
            continue  # "support of a Case Management Service": a thing being bought
        role, body = _role_of_defined(party, full)
        pronouns = tuple(n.lower() for n in names if n.lower() in PRONOUN_WORDS)
        if role is None and pronouns:
            role = SUPPLIER if pronouns[0] in ("we", "us", "our") else BUYER
        if role is None:
            continue
        if body is not None and not _acts(text, party):
            continue  # an organisation mentioned in passing is not a party
        all_names = party + ((full,) if full else ()) + pronouns
        evidence = view.evidence(max(line_start, start - 100), m.end())
        out.append(Claim(all_names, role, Source.DEFINITION, evidence, start))
    return out


_INDEFINITE = re.compile(r"\b(?:a|an)\s+$", re.IGNORECASE)
# "a court of competent jurisdiction (": a description of anyone, not a named party.
_GENERIC = re.compile(r"\b(?:a|an|any)\s+(?:[\w-]+\s+){0,5}[\w-]+\s*,?\s*$", re.IGNORECASE)


def _safe(names: tuple[str, ...]) -> bool:
    """Names that mean a party whatever precedes them ("the data exporter", "the Supplier")."""
    return any((found := role_of(n)) is not None and found[1] == LOWER for n in names)


def _acts(text: str, names: tuple[str, ...]) -> bool:
    """Is one of ``names`` used at least twice as a party: "CCCM will", "the Court's"."""
    for name in names:
        bare = re.escape(re.sub(r"^the\s+", "", name, flags=re.IGNORECASE))
        pattern = re.compile(
            r"\b" + bare + r"(?:'s?|\s+(?:shall|will|must|may|should|can|is|has|intends|expects"
            r"|requires|reserves|owns|seeks|administers|provides|agrees))\b"
        )
        if len(pattern.findall(text)) >= 2:
            return True
    return False


_DEF_ENTRY = re.compile(
    r"""^\s*(?:\(?[a-z0-9]{1,3}(?:\.\d{1,3})*[.)]?\s+)?["']?"""
    r"""(?P<term>[A-Za-z][\w &/'-]{0,48}?)["']?\s*"""
    r"""(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to|is\s+defined\s+as)\b\s*:?\s*"""
    r"""(?P<body>.*)$""",
    re.IGNORECASE | re.DOTALL,
)
_DEF_QUOTED = re.compile(
    r"""^\s*(?:\(?[a-z0-9]{1,3}(?:\.\d{1,3})*[.)]?\s+)?["'](?P<term>[A-Za-z][\w &/'-]{0,48}?)["']"""
    r"""\s*(?::|-)\s*(?P<body>.*)$""",
    re.DOTALL,
)
# A definition by reference to the law names a role, not a party: "'Controller' has the
# meaning given in the UK GDPR".
_BY_LAW = re.compile(
    r"^\s*(?:has|have|shall\s+have|bears?)\s+the\s+meaning|\b(?:GDPR|Article\s+\d|Act\s+\d{4}|"
    r"Regulation|Directive|Data\s+Protection\s+Legislation|legislation)\b",
)
# The body of a definition that names a party: a proper name, or "the person/organisation ...".
_PARTY_BODY = re.compile(
    r"^(?:the|a|an|any)?\s*(?:\w+\s+){0,3}?(?:party|person|persons|organisation|"
    r"organization|entity|body|company|firm|business|legal\s+person|department|authority|"
    r"council|government|agency|buyer|customer|client|purchaser|supplier|contractor|vendor|"
    r"provider|consultant)\b",
    re.IGNORECASE,
)
_BODY_NAME = re.compile(r"^(?P<name>[^,;:()\n]{2,90})")


_MEANS = re.compile(
    r"""^[\s"':,-]*(?:(?:means|shall\s+mean|refers\s+to|is\s+defined\s+as)\b\s*:?\s*)?"""
)
_LIST_OF_TERMS = re.compile(r"""^["']?\s*(?:,|and\b|or\b)""")
_ENTRY_CUE = re.compile(r"\b(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to|is\s+defined)\b")


# A further quoted entry in the same paragraph: '"Buyer" means ...; "Supplier" means ...'.
_NEXT_ENTRY = re.compile(
    r"""(?<![\w"'])["'](?P<term>[A-Za-z][\w &/'-]{0,48}?)["']\s*(?:means|shall\s+mean)\b"""
)


def _first(view: View, i: int, text: str) -> tuple[str, str] | None:
    """The entry a block opens with: its term and body, from the block or its table cells."""
    b = view.doc.blocks[view.blocks[i]]
    start = view.starts[i]
    quoted = text[:1] in ("'", '"')
    if not b.term and not quoted and not _ENTRY_CUE.search(view.lower, start, start + 90):
        return None
    if b.term:
        body = text.split(b.term, 1)[-1]
        if _LIST_OF_TERMS.match(body):
            return None  # "'Controller', 'Processor', ... are defined in the UK GDPR"
        return b.term, _MEANS.sub("", body)
    if b.kind is BlockKind.TABLE_ROW:
        cells = b.cells or tuple(c.strip() for c in text.split(" | "))
        if len(cells) >= 2 and re.match(r"\s*(?:means|shall mean)\b", cells[1], re.I):
            return cells[0].strip(" \"'"), _MEANS.sub("", cells[1])
        return None
    m = _DEF_ENTRY.match(text) or _DEF_QUOTED.match(text)
    return (m.group("term"), _MEANS.sub("", m.group("body"))) if m else None


def _entries(view: View, i: int) -> list[tuple[str, str, int]]:
    """Every entry in a block, (term, body, offset in the view): usually one, but a text file
    may run a definitions list together in one paragraph."""
    start = view.starts[i]
    end = view.starts[i + 1] - 1 if i + 1 < len(view.starts) else len(view.text)
    text = view.text[start:end]
    first = _first(view, i, text)
    out = [(first[0], first[1], start)] if first else []
    if view.lower.count(" means", start, end) + view.lower.count("shall mean", start, end) < 2:
        return out
    more = [m for m in _NEXT_ENTRY.finditer(text) if m.start() > 0]
    if first and more:  # the first entry's body ends where the next entry starts
        out[0] = (
            first[0],
            first[1][: max(len(first[1]) - (len(text) - more[0].start()), 0)],
            start,
        )
    for m, nxt in zip(more, [*more[1:], None], strict=True):
        body = text[m.end() : nxt.start() if nxt else len(text)]
        out.append((m.group("term"), _MEANS.sub("", body), start + m.start()))
    return out


def definition_entries(view: View) -> tuple[list[Claim], set[str]]:
    """Entries of a definitions clause that define a party name, and the party-like terms the
    document defines as something else ("'Customer' means a member of the public")."""
    out: list[Claim] = []
    not_parties: set[str] = set()
    for term, body, start in (e for i in range(len(view.starts)) for e in _entries(view, i)):
        term = term.strip()
        pronoun = term.lower() in PRONOUN_WORDS
        found = role_of(term)
        if found is None and not pronoun:
            continue
        head = body[:240].strip()
        m = _BODY_NAME.match(head)
        full = m.group("name").strip() if m else ""
        full_role = role_of(full) if len(full.split()) <= 4 else None
        if NOT_A_PARTY.search(head) and full_role is None:
            not_parties.add(term.lower())
            continue
        if _BY_LAW.search(head[:120]) or not (
            full_role or _is_proper(full) or _PARTY_BODY.match(head)
        ):
            continue
        role = full_role[0] if full_role else (found[0] if found else None)
        if role is None:  # a pronoun defined by a name: "'you' means Acme Ltd"
            body_kind = kind_of_body(full)
            role = SUPPLIER if body_kind == "company" else BUYER if body_kind else None
        if role is None:
            continue
        names: tuple[str, ...] = (term.lower(),) if pronoun else (term,)
        if full and _is_proper(full):
            names += (full,)
        evidence = view.evidence(start, start + len(term) + 2 + len(head))
        out.append(Claim(names, role, Source.DEFINITION, evidence, start))
    return out, not_parties


def _is_proper(name: str) -> bool:
    """A name rather than a description: "the City of Austin", not "the person who ..."."""
    words = name.split()
    if not words or len(words) > 10 or is_placeholder(name):
        return False
    rest = words[1:] if words[0].lower() == "the" else words
    return bool(rest) and rest[0][:1].isupper()
