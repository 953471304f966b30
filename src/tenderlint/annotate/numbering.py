"""How inserted clauses are numbered: the document's own list, never typed placeholders.

Model wording in a pack is typed "1. ... 2. ... (a) ..." or "X.1 ...". Inserted into a draft,
it takes the numbering of the clause it follows instead. When that clause is numbered by Word
(a list level), the new clauses join the same list: at the same level when nothing after
them at that level would be renumbered, else one level down, as sub-clauses of the clause
they follow, so accepting the insertion never changes a later clause's number (Word and
LibreOffice would show every later number changed, and cross-references would break). When
the clause's number is typed ("14.2 ..."), the new clauses continue it as typed text by the
same rule ("14.3", or "14.2.1" when 14.3 exists). With no number to follow, the typed
numbers are dropped. Lettered sub-items ("(a)") go one level below their clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tenderlint.annotate.formatting import Formatting, numpr
from tenderlint.annotate.locate import text_of
from tenderlint.annotate.result import AUTHOR
from tenderlint.read.ooxml.names import AUTHOR_ATTR, INS, NUMPR, PPR, PSTYLE, RPR, VAL, P

# A typed number opening a line of model wording: "1.", "14.2", "X.1", "A.3".
TYPED_ITEM = re.compile(r"^(?:[A-Z]?\d*(?:\.\d+)+\.?|\d{1,3}\.|[A-Z]\.\d+)\s+")
TYPED_SUB = re.compile(r"^\((?:[a-z]{1,2}|[ivxl]{1,6})\)\s+")
# A clause number typed at the start of a paragraph of the draft: "14.2", "3.", "7".
_DRAFT_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*)\.?\s")


@dataclass(frozen=True)
class Scheme:
    """Where new clauses go in the draft's numbering: a Word list (``num_id`` with the
    levels of clauses and of sub-items), typed numbers (``typed``: the first new number,
    dotted), or none."""

    num_id: str | None = None
    top: str | None = None  # list level (ilvl) of a new clause
    sub: str | None = None  # list level of a lettered sub-item, when the list has one
    typed: tuple[int, ...] | None = None

    def strip(self, text: str, sub: bool) -> str:
        """The wording without the typed number the scheme replaces."""
        if sub:
            return TYPED_SUB.sub("", text, count=1) if self.sub is not None else text
        return TYPED_ITEM.sub("", text, count=1)

    def label(self, index: int) -> str:
        """The typed number of the ``index``-th new clause (0-based), or "" if not typed."""
        if self.typed is None:
            return ""
        head, last = self.typed[:-1], self.typed[-1] + index
        return ".".join(str(n) for n in (*head, last))


def _own_numbering(p: Any, fmt: Formatting) -> tuple[str | None, str]:
    """(numId, ilvl) of a paragraph, by its own properties or its style; numId None if it
    is not in a list."""
    ppr = p.find(PPR)
    own = ppr.find(NUMPR) if ppr is not None else None
    own_id, own_lvl = numpr(own) if own is not None else (None, None)
    style_el = ppr.find(PSTYLE) if ppr is not None else None
    style_id, style_lvl = fmt.style_numbering(style_el.get(VAL) if style_el is not None else None)
    num_id = own_id if own_id is not None else style_id
    if not num_id or num_id == "0":
        return None, "0"
    return num_id, own_lvl or style_lvl or "0"


def _ours(p: Any) -> bool:
    """Whether paragraph ``p`` is one tenderlint inserted (its mark is our tracked insertion)."""
    mark = p.find(f"{PPR}/{RPR}/{INS}")
    return mark is not None and mark.get(AUTHOR_ATTR) == AUTHOR


def _following(el: Any) -> Any:
    """The draft's own paragraphs after ``el``: wording inserted by an earlier rule at the
    same place is not the draft's, and must not decide how this rule's wording is numbered."""
    return (p for p in el.itersiblings() if p.tag == P and not _ours(p))


def _next_in_list(after: Any, num_id: str, fmt: Formatting) -> str | None:
    """The list level of the next paragraph after ``after`` that counts in the same list as
    num ``num_id`` (another num of the same abstract numbering counts too), if any."""
    wanted = fmt.list_of(num_id)
    for el in _following(after):
        nid, lvl = _own_numbering(el, fmt)
        if nid is not None and fmt.list_of(nid) == wanted:
            return lvl
    return None


def _typed_scheme(template: Any) -> Scheme:
    m = _DRAFT_NUMBER.match(text_of(template).strip())
    if m is None:
        return Scheme()
    number = tuple(int(n) for n in m.group(1).split("."))
    for el in _following(template):
        if not text_of(el).strip():
            continue
        nxt = _DRAFT_NUMBER.match(text_of(el).strip())
        sibling = (
            nxt is not None
            and len(nxt.group(1).split(".")) == len(number)
            and nxt.group(1).split(".")[:-1] == [str(n) for n in number[:-1]]
        )
        # A later sibling would collide with the next number: go one level down.
        return Scheme(typed=(*number, 1) if sibling else (*number[:-1], number[-1] + 1))
    return Scheme(typed=(*number[:-1], number[-1] + 1))


def scheme_for(template: Any | None, plain: bool, fmt: Formatting) -> Scheme:
    """How clauses inserted after ``template`` (a w:p; None or ``plain`` for the end of the
    document or after a heading) are numbered."""
    if template is None or plain or template.tag != P:
        return Scheme()
    num_id, lvl = _own_numbering(template, fmt)
    if num_id is None:
        return _typed_scheme(template)
    levels = fmt.levels(num_id)
    top = lvl
    if _next_in_list(template, num_id, fmt) == lvl:
        top = str(int(lvl) + 1)  # as sub-clauses: nothing later is renumbered
    if top not in levels:
        return Scheme()
    sub = str(int(top) + 1)
    return Scheme(num_id=num_id, top=top, sub=sub if sub in levels else None)
