"""Word list numbering: numbering.xml's definitions, the running counters and rendered labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from tenderlint.read.docx.styles import Styles, int_value, on
from tenderlint.read.ooxml.names import VAL, w

_PLACEHOLDER = re.compile(r"%([1-9])")
# Labels Word renders, turned into the tokens Outline understands.
_PAREN_LABEL = re.compile(r"^\(?([A-Za-z]{1,6}|\d{1,3})\)$")
_LETTER_DOT = re.compile(r"^([A-Za-z]{1,6})\.$")
_DOTTED_LABEL = re.compile(r"^(?:[A-Za-z]{2,12}\.?\s+)?(\d{1,3}(?:\.\d{1,3}){0,5})\.?$")
# Word's number format settles what Outline would otherwise guess ("(i)": letter or roman?).
NUMBER_STYLES = {
    "lowerLetter": "alpha",
    "lowerRoman": "roman",
    "upperLetter": "upper",
    "upperRoman": "upper-roman",
    "decimal": "digit",
}


@dataclass(frozen=True)
class _Lvl:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # 1-based level whose use restarts this one; 0 = never
    legal: bool = False
    pstyle: str | None = None


_LVL_FIELDS = {
    w("start"): "start",
    w("numFmt"): "fmt",
    w("lvlText"): "text",
    w("lvlRestart"): "restart",
    w("isLgl"): "legal",
    w("pStyle"): "pstyle",
}


def _parse_lvl(el: Any) -> _Lvl:
    changes: dict[str, Any] = {}
    for child in el:
        name = _LVL_FIELDS.get(child.tag)
        val = child.get(VAL)
        if name == "start":
            changes[name] = int_value(val, 1) or 0
        elif name == "fmt":
            changes[name] = val or "decimal"
        elif name == "text":
            changes[name] = val or ""
        elif name == "restart":
            changes[name] = int_value(val)
        elif name == "legal":
            changes[name] = on(child)
        elif name == "pstyle":
            changes[name] = val
    return replace(_Lvl(), **changes)


@dataclass(frozen=True)
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    levels: dict[int, _Lvl] = field(default_factory=dict)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = []
    for value, sym in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def _letters(n: int) -> str:
    # Word goes a..z, then aa..zz, then aaa..: the letter repeats, it does not carry.
    # A hostile w:start of a billion must not build a string of 38 million letters.
    if not 0 < n <= 26 * 20:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word number format ``fmt`` ("lowerRoman" 4 -> "iv")."""
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    return str(n)


def clause_token(label: str) -> str | None:
    """The clause token of a rendered list label: "1.2." -> "1.2", "b)" -> "(b)", else None."""
    m = _PAREN_LABEL.match(label) or _LETTER_DOT.match(label)
    if m:
        return f"({m.group(1)})"
    m = _DOTTED_LABEL.match(label)
    return m.group(1) if m else None


# A resolved list: (counter key, its nine levels, startOverride values by level).
_Resolved = tuple[tuple[str, str], list[_Lvl], dict[int, int]]


class Numbering:
    """Word's list numbering: definitions from numbering.xml and the running counters."""

    def __init__(self, root: Any | None, styles: Styles) -> None:
        self._abstracts: dict[str, dict[int, _Lvl]] = {}
        self._links: dict[str, str] = {}
        self._nums: dict[str, _Num] = {}
        self._counters: dict[tuple[str, str], list[int | None]] = {}
        self._resolved: dict[str, _Resolved | None] = {}
        self._restarted: set[tuple[str, int]] = set()  # (num, level) whose override applied
        self._styles = styles
        if root is None:
            return
        for el in root.iter(w("abstractNum")):
            aid = el.get(w("abstractNumId")) or ""
            levels = {}
            for lvl in el.iter(w("lvl")):
                ilvl = int_value(lvl.get(w("ilvl")), 0) or 0
                levels[ilvl] = _parse_lvl(lvl)
            self._abstracts[aid] = levels
            link = el.find(w("numStyleLink"))
            if link is not None and link.get(VAL):
                self._links[aid] = link.get(VAL)
        for el in root.iter(w("num")):
            self._nums[el.get(w("numId")) or ""] = self._read_num(el)

    @staticmethod
    def _read_num(el: Any) -> _Num:
        ref = el.find(w("abstractNumId"))
        num = _Num((ref.get(VAL) or "") if ref is not None else "")
        for over in el.iter(w("lvlOverride")):
            ilvl = int_value(over.get(w("ilvl")), 0) or 0
            start = over.find(w("startOverride"))
            if start is not None:
                num.starts[ilvl] = int_value(start.get(VAL), 1) or 0
            lvl = over.find(w("lvl"))
            if lvl is not None:
                num.levels[ilvl] = _parse_lvl(lvl)
        return num

    def _abstract_of(self, nid: str) -> str | None:
        """The abstract numbering of num ``nid``, following numStyleLink to the real one."""
        seen: set[str] = set()
        num = self._nums.get(nid)
        aid = num.abstract if num else None
        while aid is not None and aid in self._links and aid not in seen:
            seen.add(aid)
            style = self._styles.numbering.get(self._links[aid])
            linked = self._nums.get(style.num_id or "") if style else None
            aid = linked.abstract if linked else None
        return aid if aid in self._abstracts else None

    def _resolve(self, nid: str) -> _Resolved | None:
        if nid in self._resolved:
            return self._resolved[nid]
        got = None
        num = self._nums.get(nid)
        aid = self._abstract_of(nid)
        if num is not None and aid is not None:
            base = self._abstracts[aid]
            levels = [num.levels.get(i) or base.get(i) or _Lvl() for i in range(9)]
            # Nums on one abstract numbering are one list, as in Word: they share counters
            # (a Heading 2 numbered through its style continues the Heading 1 list that its
            # paragraphs number directly). A startOverride restarts the list where that num
            # is first used at that level (see ``next``).
            got = (("abstract", aid), levels, num.starts)
        self._resolved[nid] = got
        return got

    def level_for_style(self, nid: str, style_id: str | None) -> int | None:
        """The list level whose w:pStyle links it to paragraph style ``style_id``."""
        got = self._resolve(nid)
        if got is None or not style_id:
            return None
        for i, lvl in enumerate(got[1]):
            if lvl.pstyle == style_id:
                return i
        return None

    def next(self, nid: str, ilvl: int) -> tuple[str, str] | None:
        """Advance the list and render its number: (label, numFmt), None if unnumbered."""
        got = self._resolve(nid)
        if got is None:
            return None
        key, levels, starts = got
        ilvl = min(max(ilvl, 0), 8)
        counters = self._counters.get(key)
        if counters is None:
            counters = self._counters[key] = [None] * 9
        lvl = levels[ilvl]
        if ilvl in starts and (nid, ilvl) not in self._restarted:
            self._restarted.add((nid, ilvl))
            counters[ilvl] = None  # the override's restart, once
        current = counters[ilvl]
        counters[ilvl] = starts.get(ilvl, lvl.start) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart
            # Default: a level restarts whenever any shallower level is used; lvlRestart
            # names the (1-based) shallowest level whose use restarts it, 0 = never.
            if restart is None or (restart != 0 and ilvl < restart):
                counters[deeper] = None
        if lvl.fmt == "bullet":
            return (lvl.text, "bullet")

        def render(m: re.Match[str]) -> str:
            i = int(m.group(1)) - 1
            value = counters[i]
            if value is None:
                value = starts.get(i, levels[i].start)
            fmt = "decimal" if lvl.legal and levels[i].fmt != "none" else levels[i].fmt
            return format_number(value, fmt)

        return (_PLACEHOLDER.sub(render, lvl.text).strip(), lvl.fmt)
