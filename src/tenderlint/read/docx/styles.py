"""Word styles: the paragraph and character styles of styles.xml and the run properties read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tenderlint.read.ooxml.names import (
    COLOR,
    HIGHLIGHT,
    ILVL,
    NUMID,
    NUMPR,
    OUTLINE,
    PPR,
    RPR,
    SHD,
    TYPE,
    VAL,
    VANISH,
    w,
)

BOLD = w("b")
_OFF = frozenset({"0", "false", "off", "none"})
# Word applies "Heading 1".."Heading 9" by built-in name (always English in w:name); files
# written by localised tools or other suites may carry localised names and ids instead.
_HEADING_NAME = re.compile(
    r"^(?:heading|überschrift|titre|kop|titolo|título|titulo|encabezado|rubrik|overskrift"
    r"|otsikko|nagłówek|cabeçalho|nadpis|címsor|заголовок)\s*([1-9])$",
    re.IGNORECASE,
)
_HEADING_ID = re.compile(
    r"^(?:heading|berschrift|titre|kop|titolo|ttulo|titulo|encabezado|rubrik|overskrift"
    r"|otsikko|nagwek|cabealho|nadpis)([1-9])$",
    re.IGNORECASE,
)
_TITLE_NAMES = frozenset({"title", "titel", "titre", "titolo", "título", "titulo", "tytuł"})
# Table-of-contents entries repeat the headings with page numbers; read as text they would
# be taken for clauses ("1.1 Definitions 3").
_TOC_NAME = re.compile(r"^(?:toc|tm|verzeichnis|inhopg|sommario|índice|indice)\s*[1-9]$", re.I)

# Run properties that matter to the reader, each None when not set at that level:
# (hidden, dark shading, black highlight, light font colour).
RunProps = tuple[bool | None, bool | None, bool | None, bool | None]
NO_PROPS: RunProps = (None, None, None, None)


def int_value(value: str | None, default: int | None = None) -> int | None:
    """An integer attribute value, or ``default`` when it is absent or not a number."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def on(el: Any) -> bool:
    """Whether a toggle property element (w:vanish, w:isLgl...) is switched on."""
    return (el.get(VAL) or "true").lower() not in _OFF


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF


def _dark_hex(value: str | None) -> bool | None:
    if not value or value.lower() == "auto":
        return None
    try:
        rgb = int(value, 16)
    except ValueError:
        return None
    # "Black" and the near-blacks of Word's palette ("Black, Lighter 5%" is 0D0D0D).
    return max(rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF) <= 0x30


def _shading(el: Any) -> bool:
    fill = el.get(w("fill"))
    pattern = (el.get(VAL) or "").lower()
    if pattern == "solid":
        # A solid pattern paints the pattern colour; "auto" there is black.
        colour = el.get(w("color")) or "auto"
        return colour.lower() == "auto" or bool(_dark_hex(colour))
    if fill and fill.lower() != "auto":
        return bool(_dark_hex(fill))
    return (el.get(w("themeFill")) or "") in ("text1", "dark1")


def _light(el: Any) -> bool | None:
    val = el.get(VAL) or ""
    theme = el.get(w("themeColor")) or ""
    if theme in ("background1", "light1"):
        return True
    if val and val.lower() != "auto":
        try:
            rgb = int(val, 16)
        except ValueError:
            return None
        return min(rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF) >= 0xC0
    return False


def run_props(rpr: Any) -> RunProps:
    """The properties a w:rPr sets, None for those it leaves to the level below."""
    hidden = shade = high = light = None
    for el in rpr:
        tag = el.tag
        if tag == VANISH:
            hidden = on(el)
        elif tag == SHD:
            shade = _shading(el)
        elif tag == HIGHLIGHT:
            high = (el.get(VAL) or "").lower() == "black"
        elif tag == COLOR:
            light = _light(el)
    return (hidden, shade, high, light)


def merge(first: RunProps, then: RunProps) -> RunProps:
    """``first`` with the properties it leaves unset taken from ``then``."""
    return (
        first[0] if first[0] is not None else then[0],
        first[1] if first[1] is not None else then[1],
        first[2] if first[2] is not None else then[2],
        first[3] if first[3] is not None else then[3],
    )


@dataclass(frozen=True)
class _Style:
    sid: str
    name: str
    based_on: str | None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    run: RunProps = NO_PROPS
    bold: bool | None = None


def bold_of(rpr: Any) -> bool | None:
    """Whether a w:rPr makes text bold (w:b or, for complex scripts, w:bCs), None if unset."""
    el = rpr.find(BOLD)
    return on(el) if el is not None else None


def _read_style(el: Any) -> _Style:
    sid = el.get(w("styleId")) or ""
    name_el = el.find(w("name"))
    based = el.find(w("basedOn"))
    num_id: str | None = None
    ilvl: int | None = None
    outline_lvl: int | None = None
    ppr = el.find(PPR)
    if ppr is not None:
        numpr = ppr.find(NUMPR)
        if numpr is not None:
            num = numpr.find(NUMID)
            lvl = numpr.find(ILVL)
            num_id = num.get(VAL) if num is not None else None
            ilvl = int_value(lvl.get(VAL)) if lvl is not None else None
        outline = ppr.find(OUTLINE)
        if outline is not None:
            outline_lvl = int_value(outline.get(VAL))
    rpr = el.find(RPR)
    return _Style(
        sid,
        (name_el.get(VAL) or "") if name_el is not None else sid,
        based.get(VAL) if based is not None else None,
        num_id,
        ilvl,
        outline_lvl,
        run_props(rpr) if rpr is not None else NO_PROPS,
        bold_of(rpr) if rpr is not None else None,
    )


@dataclass(frozen=True)
class ParaStyle:
    """A paragraph style resolved through its basedOn chain."""

    role: str | None  # "title" | "heading" | "toc" | None
    level: int  # heading level for role "heading"
    num_id: str | None
    ilvl: int | None
    run: RunProps
    bold: bool = False  # the style makes its text bold
    name: str = ""  # the style's own name, as Word shows it


def _role(style: _Style) -> tuple[bool, str | None, int]:
    """(decided, role, heading level) that ``style``'s own name, id or outline level gives."""
    name = style.name.strip()
    heading = _HEADING_NAME.match(name) or _HEADING_ID.match(style.sid)
    if name.lower() in _TITLE_NAMES or style.sid.lower() in _TITLE_NAMES:
        return True, "title", 0
    if heading:
        return True, "heading", int(heading.group(1))
    if _TOC_NAME.match(name) or _TOC_NAME.match(style.sid):
        return True, "toc", 0
    if style.outline is not None:
        # An explicit outline level decides, 9 meaning body text: "TOC Heading" is based
        # on Heading 1 but is not a heading.
        if 0 <= style.outline < 9:
            return True, "heading", style.outline + 1
        return True, None, 0
    return False, None, 0


class Styles:
    """The styles of styles.xml, resolved through their basedOn chains on demand."""

    def __init__(self, root: Any | None) -> None:
        self.para: dict[str, _Style] = {}
        self.char: dict[str, _Style] = {}
        self.numbering: dict[str, _Style] = {}
        self.default_para: str | None = None
        self.defaults: RunProps = NO_PROPS
        self.default_bold = False
        self._para_cache: dict[str | None, ParaStyle] = {}
        self._char_cache: dict[str | None, RunProps] = {}
        self._char_bold: dict[str | None, bool | None] = {}
        if root is None:
            return
        rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{RPR}")
        if rpr is not None:
            self.defaults = run_props(rpr)
            self.default_bold = bool(bold_of(rpr))
        for el in root.iter(w("style")):
            style = _read_style(el)
            kind = el.get(TYPE) or "paragraph"
            table = {"paragraph": self.para, "character": self.char, "numbering": self.numbering}
            if kind in table:
                table[kind][style.sid] = style
            if kind == "paragraph" and _on_attr(el.get(w("default"))):
                self.default_para = style.sid

    def _chain(self, table: dict[str, _Style], sid: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while sid and sid in table and sid not in seen:
            seen.add(sid)
            style = table[sid]
            yield style
            sid = style.based_on

    def paragraph(self, sid: str | None) -> ParaStyle:
        """Paragraph style ``sid`` (None: the default paragraph style) resolved."""
        sid = sid or self.default_para
        got = self._para_cache.get(sid)
        if got is not None:
            return got
        role: str | None = None
        level = 0
        decided = False
        num_id: str | None = None
        ilvl: int | None = None
        run = NO_PROPS
        bold: bool | None = None
        for style in self._chain(self.para, sid):
            if not decided:
                decided, role, level = _role(style)
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
            if bold is None:
                bold = style.bold
            run = merge(run, style.run)
        own = self.para.get(sid or "")
        got = ParaStyle(
            role,
            level,
            num_id,
            ilvl,
            merge(run, self.defaults),
            self.default_bold if bold is None else bold,
            own.name if own else "",
        )
        self._para_cache[sid] = got
        return got

    def character(self, sid: str | None) -> RunProps:
        """The run properties character style ``sid`` sets, through its basedOn chain."""
        got = self._char_cache.get(sid)
        if got is None:
            got = NO_PROPS
            for style in self._chain(self.char, sid):
                got = merge(got, style.run)
            self._char_cache[sid] = got
        return got

    def character_bold(self, sid: str | None) -> bool | None:
        """Whether character style ``sid`` makes text bold, None when it leaves it."""
        if sid in self._char_bold:
            return self._char_bold[sid]
        got = None
        for style in self._chain(self.char, sid):
            if style.bold is not None:
                got = style.bold
                break
        self._char_bold[sid] = got
        return got
