"""OpenDocument styles: what a paragraph style makes of its text, and how lists number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"


def s(name: str) -> str:
    return f"{{{STYLE}}}{name}"


def t(name: str) -> str:
    return f"{{{TEXT}}}{name}"


_HEADING_NAME = re.compile(r"^heading[ _]?(?:20_)?(\d)$", re.IGNORECASE)
_MAX_CHAIN = 20  # parent chains are short; a longer one is a cycle


def _points(size: str | None) -> float | None:
    """A font size in points ("14pt", "0.5in", "18px"); None for relative sizes ("120%")."""
    m = re.fullmatch(r"\s*([\d.]+)\s*(pt|in|cm|mm|px)\s*", size or "")
    if not m:
        return None
    try:
        value = float(m.group(1))
    except ValueError:
        return None
    return value * {"pt": 1.0, "in": 72.0, "cm": 28.35, "mm": 2.835, "px": 0.75}[m.group(2)]


@dataclass(frozen=True)
class ParaStyle:
    """What a paragraph style says about its text, its parents' settings included."""

    name: str  # the display name when the style has one ("Heading 1", "Title")
    outline: int  # outline level from the style (1-10), 0 for body text
    bold: bool
    size: float | None  # font size in points
    list_style: str | None  # the list style a paragraph of this style is numbered by


@dataclass(frozen=True)
class Level:
    """One level of a list style: a number format, or a bullet."""

    fmt: str  # "1", "a", "A", "i", "I"; "" for a bullet or no number
    prefix: str
    suffix: str
    display: int  # how many levels the label shows ("1.2." shows 2)
    start: int


class Styles:
    """The styles of content.xml and styles.xml, resolved through their parents."""

    def __init__(self, roots: list[Any]) -> None:
        self._raw: dict[tuple[str, str], Any] = {}
        self._automatic: set[str] = set()  # styles a user never named ("P1", "T3")
        self.lists: dict[str, dict[int, Level]] = {}
        self.outline_levels: dict[int, Level] = {}
        self._cache: dict[str, ParaStyle] = {}
        for root in roots:
            for el in root.iter(s("style")):
                name = el.get(s("name"))
                if name:
                    self._raw[(el.get(s("family")) or "", name)] = el
                    parent = el.getparent()
                    if parent is not None and parent.tag.endswith("}automatic-styles"):
                        self._automatic.add(name)
            for el in root.iter(t("list-style")):
                name = el.get(s("name"))
                if name:
                    self.lists[name] = _levels(el)
            for el in root.iter(t("outline-style")):
                self.outline_levels = _levels(el)

    def _chain(self, family: str, name: str | None) -> list[Any]:
        chain: list[Any] = []
        while name and len(chain) < _MAX_CHAIN:
            el = self._raw.get((family, name))
            if el is None:
                break
            chain.append(el)
            name = el.get(s("parent-style-name"))
        return chain

    def text_bold(self, name: str | None) -> bool | None:
        """Whether a text (span) style is bold; None when it does not say."""
        for el in self._chain("text", name):
            props = el.find(s("text-properties"))
            weight = props.get(f"{{{FO}}}font-weight") if props is not None else None
            if weight:
                return weight in ("bold", "600", "700", "800", "900")
        return None

    def paragraph(self, name: str | None) -> ParaStyle:
        """The resolved paragraph style ``name`` (an empty style when it is unknown)."""
        key = name or ""
        got = self._cache.get(key)
        if got is not None:
            return got
        chain = self._chain("paragraph", name)
        display = ""
        outline = 0
        bold: bool | None = None
        size: float | None = None
        list_style: str | None = None
        for el in chain:
            own = el.get(s("name")) or ""
            label = el.get(s("display-name")) or own.replace("_20_", " ")
            if not display and own not in self._automatic:
                display = label
            if not outline:
                level = el.get(s("default-outline-level"))
                if level and level.isdigit():
                    outline = int(level)
                else:
                    m = _HEADING_NAME.match(label)
                    outline = int(m.group(1)) if m else 0
            props = el.find(s("text-properties"))
            if props is not None:
                weight = props.get(f"{{{FO}}}font-weight")
                if bold is None and weight:
                    bold = weight in ("bold", "600", "700", "800", "900")
                if size is None:
                    size = _points(props.get(f"{{{FO}}}font-size"))
            if list_style is None:
                list_style = el.get(s("list-style-name")) or None
        got = ParaStyle(display, outline, bool(bold), size, list_style)
        self._cache[key] = got
        return got


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _levels(el: Any) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in el:
        tag = lvl.tag if isinstance(lvl.tag, str) else ""
        number = tag == t("list-level-style-number") or tag == t("outline-level-style")
        level = _int(lvl.get(t("level")), 1)
        fmt = (lvl.get(s("num-format")) or "") if number else ""
        levels[level] = Level(
            fmt=fmt if fmt in ("1", "a", "A", "i", "I") else "",
            prefix=lvl.get(s("num-prefix")) or "",
            suffix=lvl.get(s("num-suffix")) or "",
            display=max(1, _int(lvl.get(t("display-levels")), 1)),
            start=_int(lvl.get(t("start-value")), 1),
        )
    return levels


def _roman(n: int) -> str:
    out = ""
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        while n >= value:
            out += letters
            n -= value
    return out


def _alpha(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` in a list format: "1" -> "3", "a" -> "c", "I" -> "III"."""
    if fmt == "a":
        return _alpha(n)
    if fmt == "A":
        return _alpha(n).upper()
    if fmt == "i":
        return _roman(n)
    if fmt == "I":
        return _roman(n).upper()
    return str(n)


STYLE_HINT = {"1": "digit", "a": "alpha", "A": "upper", "i": "roman", "I": "upper-roman"}


@dataclass(frozen=True)
class Label:
    """A list item's number: as printed, as the Outline cites it, and its style."""

    text: str  # "1.", "1.a", "(iv)"
    number: str  # "1", "1.2", "(a)"
    style: str


def label(levels: dict[int, Level], counts: list[int], level: int) -> Label | None:
    """The label of an item at ``level`` (1-based) given the running ``counts`` per level;
    None for a bullet or an unnumbered level."""
    lvl = levels.get(level)
    if lvl is None or not lvl.fmt:
        return None
    shown: list[str] = []
    for depth in range(max(1, level - lvl.display + 1), level + 1):
        own = levels.get(depth)
        fmt = own.fmt if own and own.fmt else "1"
        count = counts[depth - 1] if depth - 1 < len(counts) else 0
        shown.append(format_number(max(count, own.start if own else 1), fmt))
    text = f"{lvl.prefix}{'.'.join(shown)}{lvl.suffix}"
    number = ".".join(shown) if all(part.isdigit() for part in shown) else f"({shown[-1]})"
    return Label(text, number, STYLE_HINT[lvl.fmt])
