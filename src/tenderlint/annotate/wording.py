"""Model wording from a suggestion: the document's variant, its paragraphs and tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tenderlint.model import DocType, Location

if TYPE_CHECKING:
    from tenderlint.lang.nouns import Rule

_VARIANT = re.compile(r"^\s*(Contract|Tender)\s*:\s*", re.MULTILINE)
_ITEM = re.compile(r"^(?:[A-Z]?\d*(?:\.\d+)+\.?|\d{1,3}\.|[A-Z]\.\d+)\s")
# Not "(3)": a wrapped line often starts with the figure of "three (3) months".
_SUB = re.compile(r"^\((?:[a-z]{1,2}|[ivxl]{1,6})\)\s")
_MODAL = re.compile(r"\b(?:shall|must|will|may|agrees?|undertakes?|warrants?)\b", re.I)
# Contract wording opens with its subject ("The Authority owns..."); advice to the drafter
# opens with an imperative ("Complete or delete every placeholder...").
_SUBJECT = re.compile(
    r"^(?:(?:[A-Z]?\d*(?:\.\d+)+\.?|\d{1,3}\.)\s+)?"
    r"(?:the|each|every|all|any|no|neither|either|nothing|this|these|as between)\b",
    re.I,
)
_RULE_ROW = re.compile(r"^\|?\s*:?-{3,}")  # a Markdown header rule: |---|:--|


def variant(text: str, doc_type: DocType) -> str:
    """A suggestion with "Contract:" and "Tender:" parts gives the unlabelled wording plus the
    part for this kind of document; an unknown kind gets the whole text."""
    marks = list(_VARIANT.finditer(text))
    if not marks or doc_type is DocType.UNKNOWN:
        return text
    parts = [text[: marks[0].start()].strip()]
    for i, m in enumerate(marks):
        if m.group(1).lower() == doc_type.value:
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            parts.append(text[m.end() : end].strip())
    return "\n".join(p for p in parts if p)


def is_wording(rule: Rule | None, text: str) -> bool:
    """Is the suggestion model wording for the document, rather than advice to the drafter?
    Only wording is inserted as a tracked change: advice pasted into a contract would become
    a term of it. Drafting-hygiene rules give advice; wording binds someone (a modal verb)
    or states a term with its subject first."""
    if rule is not None and "drafting" in rule.tags:
        return False
    return bool(_MODAL.search(text) or _SUBJECT.match(text.strip()))


@dataclass(frozen=True)
class Para:
    """A paragraph of model wording."""

    text: str
    sub: bool = False  # an "(a)" sub-item, indented one step


@dataclass(frozen=True)
class Table:
    """A table of model wording, the first row its header."""

    rows: tuple[tuple[str, ...], ...]


Wording = list[Para | Table]


def wording(text: str) -> Wording:
    """Model wording as paragraphs and tables. Pack authors wrap long lines and start each
    numbered item or "(a)" sub-item on a new line; a blank line also breaks; lines that
    start with "|" are the rows of a table (KPI tables, say), which become a Word table."""
    out: Wording = []
    cur: list[str] = []
    rows: list[tuple[str, ...]] = []
    sub = False

    def flush() -> None:
        if cur:
            out.append(Para(" ".join(cur), sub))
            cur.clear()
        if rows:
            width = max(len(r) for r in rows)
            out.append(Table(tuple(r + ("",) * (width - len(r)) for r in rows)))
            rows.clear()

    for line in text.splitlines():
        s = line.strip()
        if s.startswith("|"):
            if cur:
                flush()
            if not _RULE_ROW.match(s):
                rows.append(tuple(c.strip() for c in s.strip("|").split("|")))
            continue
        if rows or not s:
            flush()
        if not s:
            continue
        if cur and (_ITEM.match(s) or _SUB.match(s)):
            flush()
        if not cur:
            sub = bool(_SUB.match(s))
        cur.append(s)
    flush()
    return out


def wording_lines(items: Wording) -> list[str]:
    """The wording as lines of comment text: a table row per line, cells split by "|"."""
    out: list[str] = []
    for item in items:
        if isinstance(item, Para):
            out.append(item.text)
        else:
            out.extend(" | ".join(row) for row in item.rows)
    return out


def short(text: str, words: int = 8) -> str:
    """The first ``words`` words of ``text``, with an ellipsis when there were more."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def cite(text: str, loc: Location) -> str:
    """How a lawyer finds a block: its clause number, else its first words."""
    return f"cl.{loc.clause}" if loc.clause else f"“{short(text, 6)}”"


def one_line(text: str | None) -> str:
    """``text`` with its line breaks and runs of spaces made single spaces."""
    return " ".join((text or "").split())
