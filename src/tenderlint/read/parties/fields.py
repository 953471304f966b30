"""Parties named by an order form's fields ("Supplier: Acme Ltd") and by statements of a
data-protection role ("Cabinet Office/GDS act as Data Processor")."""

from __future__ import annotations

import re
from dataclasses import replace

from tenderlint.model import BlockKind
from tenderlint.read.parties.claims import Claim, Source
from tenderlint.read.parties.view import View
from tenderlint.read.parties.words import BUYER, ROLE_WORDS, SUPPLIER, is_placeholder, role_of

_LABEL = re.compile(
    r"^\s*(?:(?:the|full|legal|registered|company|organisation|organization)\s+)*"
    r"(?:name\s+of\s+(?:the\s+)?)?(?P<role>[A-Za-z][A-Za-z -]{2,30}?)(?:'s)?"
    r"(?:\s+(?:name|legal\s+name|details))?\s*:?\s*$",
    re.IGNORECASE,
)
_LINE = re.compile(r"^(?P<label>[A-Za-z][A-Za-z' -]{2,40}?)\s*:\s*(?P<value>\S.{0,120})$")
_SENTENCE = re.compile(r"\b(?:shall|will|must|may|should|is|are|means)\b", re.IGNORECASE)


_NEXT_LABEL = re.compile(r"\s+[A-Z][a-z]+(?:\s+[a-z]+){0,2}\s*:\s")


def _field(label: str, value: str) -> tuple[str, str, str | None] | None:
    """The side, the label's party name and the value's name of one order-form field."""
    m = _LABEL.match(label)
    if not m:
        return None
    word = m.group("role").strip()
    found = role_of(word)
    if found is None or " ".join(word.lower().split()) not in ROLE_WORDS:
        return None  # "Responsible agency: ..." is a page's metadata, not a party field
    value = value.strip().strip("*").strip()
    cut = _NEXT_LABEL.search(value)  # "Digital Transformation Agency Last updated: 16/02/2024"
    value = value[: cut.start()] if cut else value
    if not value or _SENTENCE.search(value) or len(value.split()) > 12:
        return None
    if is_placeholder(value) or not re.search(r"[A-Z][a-z]", value):
        return found[0], word, None
    return found[0], word, value


def order_form(view: View) -> list[Claim]:
    """Order-form rows and lines that name a party: "Supplier | Acme Ltd", "Buyer: the Council"."""
    out: list[Claim] = []
    for i, start in enumerate(view.starts):
        b = view.doc.blocks[view.blocks[i]]
        end = view.starts[i + 1] - 1 if i + 1 < len(view.starts) else len(view.text)
        text = view.text[start:end]
        if b.kind is BlockKind.TABLE_ROW:
            cells = b.cells or tuple(c.strip() for c in text.split(" | "))
            if len(cells) != 2:
                continue
            got = _field(cells[0], cells[1])
        else:
            if ":" not in text or len(text) > 160:
                continue
            m = _LINE.match(text)
            got = _field(m.group("label"), m.group("value")) if m else None
        if got is None:
            continue
        role, word, value = got
        names = (word,) + ((value,) if value else ())
        out.append(Claim(names, role, Source.FORM, view.evidence(start, end), start))
    return out


_ROLE_WORD = re.compile(r"(?=[cp])(?:controller|processor)\b(?!s)")
_STATEMENT = re.compile(
    r"(?P<name>\b[Yy]our\s+organi[sz]ation|\b(?:[Tt]he\s+)?[A-Z][\w&.'-]*(?:[ /][A-Z][\w&.'-]*)"
    r"{0,4})\s+(?:is|are|acts?\s+as|shall\s+act\s+as|will\s+act\s+as|remains?|shall\s+be|"
    r"will\s+be|is\s+acting\s+as)\s+(?:the\s+|a\s+|an\s+)?(?:[Dd]ata\s+)?$"
)
_PER_DATA = re.compile(r"\s+(?:for|of|in\s+respect|in\s+relation)\b")
MAX_HITS = 500  # a document states its parties' roles a few times, not thousands
_NOT_SUBJECT = frozenset({"It", "This", "That", "Each", "Either", "Neither", "Which", "Who"})


def role_statements(view: View) -> list[Claim]:
    """Sentences that give a party its data-protection role: the controller is the buyer
    side and the processor the supplier (brief 1.5), unless a definition says otherwise.
    "X is the Controller for the Network Data" names a role for some data only: not read."""
    out: list[Claim] = []
    text = view.text
    for seen, hit in enumerate(_ROLE_WORD.finditer(view.lower)):
        if seen == MAX_HITS:
            break
        if _PER_DATA.match(text, hit.end()):
            continue
        line_start = text.rfind("\n", max(hit.start() - 100, 0), hit.start()) + 1
        m = _STATEMENT.search(text, max(line_start, hit.start() - 100), hit.start())
        if m is None:
            continue
        name = m.group("name").strip()
        if name.split()[0] in _NOT_SUBJECT or name.lower() in ("the parties", "parties"):
            continue
        role = BUYER if hit.group(0) == "controller" else SUPPLIER
        names = tuple(n.strip() for n in name.split("/") if n.strip())
        sides = {found[0] for n in names if (found := role_of(n)) is not None}
        if sides - {role}:
            continue  # "the Supplier is the Controller": an exception, not a naming
        evidence = view.evidence(m.start(), hit.end())
        out.append(Claim(names, role, Source.STATEMENT, evidence, m.start()))
    line_of = [text.rfind("\n", 0, c.position) for c in out]
    return [
        replace(
            c,
            paired=any(d.role != c.role for d, ln in zip(out, line_of, strict=True) if ln == line),
        )
        for c, line in zip(out, line_of, strict=True)
    ]
