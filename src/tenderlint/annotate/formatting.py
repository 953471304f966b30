"""What the draft's styles and list levels mean for a new paragraph, and w:pPr's schema order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from tenderlint.read.ooxml.names import ILVL, IND, NUMID, NUMPR, OUTLINE, PPR, VAL, w

# w:pPr children in schema order (CT_PPr): Word rejects a file whose properties are out of
# order, so anything added to a copied w:pPr goes in its place in this sequence.
# fmt: off
_PPR_NAMES = (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
    "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
    "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange",
)
# fmt: on
_PPR_ORDER = {name: i for i, name in enumerate(_PPR_NAMES)}


def numpr(el: Any) -> tuple[str | None, str | None]:
    """(numId, ilvl) of a w:numPr, None where it does not say."""
    num = el.find(NUMID)
    lvl = el.find(ILVL)
    return (
        num.get(VAL) if num is not None else None,
        lvl.get(VAL) if lvl is not None else None,
    )


def _level_indents(parent: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for lvl in parent.iter(w("lvl")):
        ind = lvl.find(f"{PPR}/{IND}")
        if ind is not None:
            left = ind.get(w("left")) or ind.get(w("start"))
            if left:
                out[lvl.get(w("ilvl")) or "0"] = left
    return out


def put(ppr: Any, el: Any) -> None:
    """Add ``el`` to ``ppr`` in schema order, replacing an element of the same name."""
    name = etree.QName(el).localname
    old = ppr.find(el.tag)
    if old is not None:
        old.addprevious(el)
        ppr.remove(old)
        return
    rank = _PPR_ORDER.get(name, len(_PPR_ORDER))
    for child in ppr:
        if not isinstance(child.tag, str):
            continue
        other = _PPR_ORDER.get(etree.QName(child).localname)
        if other is not None and other > rank:
            child.addprevious(el)
            return
    ppr.append(el)


class Formatting:
    """What an inserted paragraph needs to know about styles and list levels."""

    def __init__(self, styles: Any | None, numbering: Any | None) -> None:
        self.ids: set[str] = set()
        self._based: dict[str, str] = {}
        self._num: dict[str, tuple[str | None, str | None]] = {}  # style -> (numId, ilvl)
        self._heading: set[str] = set()
        # (numId, ilvl) -> left indent of that list level, in twips.
        self._indent: dict[tuple[str, str], str] = {}
        self._levels: dict[str, set[str]] = {}  # numId -> the list levels it defines
        self._list: dict[str, str] = {}  # numId -> the list it counts in (see list_of)
        if styles is not None:
            for st in styles.iter(w("style")):
                self._read_style(st)
        if numbering is not None:
            self._read_numbering(numbering)

    def _read_style(self, st: Any) -> None:
        sid = st.get(w("styleId")) or ""
        self.ids.add(sid)
        based = st.find(w("basedOn"))
        if based is not None and based.get(VAL):
            self._based[sid] = based.get(VAL)
        name_el = st.find(w("name"))
        name = (name_el.get(VAL) if name_el is not None else "") or ""
        ppr = st.find(PPR)
        outline = ppr.find(OUTLINE) if ppr is not None else None
        if re.match(r"^(heading\s*\d|title|subtitle)$", name.strip(), re.I) or (
            outline is not None and (outline.get(VAL) or "9") < "9"
        ):
            self._heading.add(sid)
        found = ppr.find(NUMPR) if ppr is not None else None
        if found is not None:
            self._num[sid] = numpr(found)

    def _read_numbering(self, numbering: Any) -> None:
        abstract: dict[str, dict[str, str]] = {}
        defined: dict[str, set[str]] = {}
        for an in numbering.iter(w("abstractNum")):
            aid = an.get(w("abstractNumId")) or ""
            abstract[aid] = _level_indents(an)
            defined[aid] = {lvl.get(w("ilvl")) or "0" for lvl in an.iter(w("lvl"))}
        for num in numbering.iter(w("num")):
            nid = num.get(w("numId")) or ""
            ref = num.find(w("abstractNumId"))
            aid = (ref.get(VAL) or "") if ref is not None else ""
            levels = dict(abstract.get(aid, {}))
            overrides = list(num.iter(w("lvlOverride")))
            for override in overrides:
                levels.update(_level_indents(override))
            for ilvl, left in levels.items():
                self._indent[(nid, ilvl)] = left
            self._levels[nid] = set(defined.get(aid, set()))
            # Nums that share an abstract numbering without overrides continue one another.
            self._list[nid] = f"num:{nid}" if overrides else f"abstract:{aid}"

    def _chain(self, sid: str | None) -> Iterator[str]:
        seen: set[str] = set()
        while sid and sid not in seen and len(seen) < 20:
            seen.add(sid)
            yield sid
            sid = self._based.get(sid)

    def style_numbering(self, sid: str | None) -> tuple[str | None, str | None]:
        """(numId, ilvl) that paragraph style ``sid`` numbers its paragraphs with."""
        for s in self._chain(sid):
            if s in self._num:
                return self._num[s]
        return (None, None)

    def heading_style(self, sid: str | None) -> bool:
        """Whether style ``sid`` makes a paragraph a heading (by name or outline level)."""
        return any(s in self._heading for s in self._chain(sid))

    def list_of(self, num_id: str) -> str:
        """The list whose counters num ``num_id`` advances: its own when it overrides a level,
        else its abstract numbering's, shared with every other num of it (as Word counts)."""
        return self._list.get(num_id, f"num:{num_id}")

    def levels(self, num_id: str) -> set[str]:
        """The list levels (ilvl values) list ``num_id`` defines."""
        return self._levels.get(num_id, set())

    def indent(self, num_id: str, ilvl: str) -> str | None:
        """The left indent, in twips, of list ``num_id``'s level ``ilvl``."""
        return self._indent.get((num_id, ilvl))
