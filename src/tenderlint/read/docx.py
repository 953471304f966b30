"""Word .docx files into located blocks, read from the package's XML with zipfile and lxml."""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree

from tenderlint.model import Block, BlockKind, Document, Location
from tenderlint.read import Limits, ReadFailure
from tenderlint.read.normalise import normalise
from tenderlint.read.redaction import find_markers, measure
from tenderlint.read.structure import Outline

__all__ = ["read_docx", "read_docx_elements"]

# -- namespaces and tags --------------------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DC = "http://purl.org/dc/elements/1.1/"
# ISO 29500 Strict documents use other namespace URIs for the same vocabulary; rewriting the
# URIs before parsing lets one walker read both.
_STRICT = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main", W.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships", R.encode()),
    (b"http://purl.oclc.org/ooxml/officeDocument/math", M.encode()),
)


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


P, R_, T, TBL, TR, TC, SDT, SDT_CONTENT = map(
    _w, ("p", "r", "t", "tbl", "tr", "tc", "sdt", "sdtContent")
)
PPR, RPR, TRPR, PSTYLE, RSTYLE = map(_w, ("pPr", "rPr", "trPr", "pStyle", "rStyle"))
NUMPR, NUMID, ILVL, OUTLINE = map(_w, ("numPr", "numId", "ilvl", "outlineLvl"))
INS, DEL, MOVE_FROM, MOVE_TO = map(_w, ("ins", "del", "moveFrom", "moveTo"))
DEL_TEXT, INSTR = _w("delText"), _w("instrText")
TAB, PTAB, BR, CR, NB_HYPHEN, SYM = map(_w, ("tab", "ptab", "br", "cr", "noBreakHyphen", "sym"))
FLD_CHAR, FLD_SIMPLE, HYPERLINK, SMART_TAG, CUSTOM_XML, DIR, BDO = map(
    _w, ("fldChar", "fldSimple", "hyperlink", "smartTag", "customXml", "dir", "bdo")
)
VANISH, SHD, HIGHLIGHT, COLOR = map(_w, ("vanish", "shd", "highlight", "color"))
FOOTNOTE_REF, ENDNOTE_REF = _w("footnoteReference"), _w("endnoteReference")
DRAWING, PICT, TXBX = _w("drawing"), _w("pict"), _w("txbxContent")
SECT_PR, ALT_CHUNK, BODY = _w("sectPr"), _w("altChunk"), _w("body")
VAL, ID, TYPE = _w("val"), _w("id"), _w("type")
R_ID = f"{{{R}}}id"
ALTERNATE, CHOICE = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice"
MATH, MATH_PARA, MATH_T = f"{{{M}}}oMath", f"{{{M}}}oMathPara", f"{{{M}}}t"
RUBY, RUBY_BASE, OBJECT = _w("ruby"), _w("rubyBase"), _w("object")
# Elements that make a paragraph's text more than the plain join of its w:t texts. A
# paragraph holding none of them is read by lxml in one call (see _Reader._paragraph).
_SPECIAL = (
    INS,
    DEL,
    MOVE_FROM,
    MOVE_TO,
    FLD_CHAR,
    VANISH,
    SHD,
    HIGHLIGHT,
    TAB,
    PTAB,
    BR,
    CR,
    NB_HYPHEN,
    SYM,
    FOOTNOTE_REF,
    ENDNOTE_REF,
    DRAWING,
    PICT,
    OBJECT,
    RUBY,
    ALTERNATE,
    MATH,
    MATH_PARA,
)
_OFF = frozenset({"0", "false", "off", "none"})
_REDACTION_MARK = "\u2588"  # "█": what the marker scanner counts as a redaction box
_MAX_ENTRIES = 20_000  # a Word package has dozens of parts; thousands is an attack
_CHUNK = 1 << 20
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
# A "heading" this long is a clause that borrowed a heading style for its numbering.
_MAX_HEADING_CHARS = 200

# Symbol-font letters are Greek; a few dingbats in Wingdings carry meaning in tender forms.
_SYMBOL = {
    **{0x41 + i: c for i, c in enumerate("ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ")},
    **{0x61 + i: c for i, c in enumerate("αβχδεφγηιϕκλμνοπθρστυϖωξψζ")},
    0xA3: "≤",
    0xB3: "≥",
    0xB1: "±",
    0xB4: "×",
    0xB8: "÷",
    0xB7: "•",
    0xA5: "∞",
    0xB9: "≠",
    0xBB: "≈",
    0xAE: "→",
    0xAC: "←",
    0xD6: "√",
    0xD2: "®",
    0xD3: "©",
    0xD4: "™",
    0xE2: "®",
    0xE3: "©",
    0xE4: "™",
}
_WINGDINGS = {
    0xA8: "☐",
    0x6F: "☐",
    0x71: "☐",
    0x78: "☒",
    0xFD: "☒",
    0xFE: "☑",
    0xFB: "✗",
    0xFC: "✓",
    0x9F: "•",
    0xA7: "▪",
    0x6C: "●",
}
_WINGDINGS2 = {0xA3: "☐", 0x30: "☐", 0x53: "☒", 0x54: "☒", 0x52: "☑", 0x50: "✓", 0x4F: "✗"}


# -- the package ----------------------------------------------------------------------------
class _Package:
    """The zip container, with every read bounded by the unzip budget."""

    def __init__(self, data: bytes, limits: Limits) -> None:
        self._entries_guard(data)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
            raise ReadFailure("corrupt or truncated .docx (not a valid zip)") from None
        except NotImplementedError:
            raise ReadFailure("corrupt .docx (unsupported zip format)") from None
        if len(infos) > _MAX_ENTRIES:
            raise ReadFailure(f"zip has {len(infos)} entries: not a Word document")
        cap = limits.max_unzipped_bytes
        # Declared sizes are checked before anything is unpacked; the bounded read below
        # catches an archive whose headers understate what it expands to.
        declared = sum(i.file_size for i in infos)
        if declared > cap:
            raise ReadFailure(
                f"zip declares {_mb(declared)} MB of content, over the {_mb(cap)} MB unzip limit"
                " (zip bomb?)"
            )
        # OPC part names are case-insensitive; "/word/document.xml" and "word/document.xml"
        # name the same part.
        self._infos = {i.filename.lstrip("/").lower(): i for i in infos}
        self._cap = cap
        self._left = cap

    @staticmethod
    def _entries_guard(data: bytes) -> None:
        """Refuse a central directory claiming huge numbers of entries before zipfile lists it."""
        pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
        if pos >= 0 and pos + 22 <= len(data):
            total = struct.unpack_from("<H", data, pos + 10)[0]
            if _MAX_ENTRIES < total < 0xFFFF:
                raise ReadFailure(f"zip has {total} entries: not a Word document")

    def names(self) -> Iterable[str]:
        return self._infos.keys()

    def has(self, name: str) -> bool:
        return name.lstrip("/").lower() in self._infos

    def read(self, name: str) -> bytes | None:
        """The bytes of part ``name``, or None when the package has no such part."""
        info = self._infos.get(name.lstrip("/").lower())
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise ReadFailure("the .docx zip is password-encrypted: save an unprotected copy")
        chunks: list[bytes] = []
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(min(_CHUNK, self._left + 1))
                    if not chunk:
                        break
                    self._left -= len(chunk)
                    if self._left < 0:
                        raise ReadFailure(
                            f"unzips to more than the {_mb(self._cap)} MB limit (zip bomb?)"
                        )
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise ReadFailure(f"corrupt or truncated .docx ({info.filename} is damaged)") from None
        except NotImplementedError:
            raise ReadFailure(
                f"corrupt .docx ({info.filename} uses an unsupported zip compression)"
            ) from None
        return b"".join(chunks)

    def xml(self, name: str) -> Any | None:
        """The parsed root element of part ``name``, or None when it is absent."""
        raw = self.read(name)
        return None if raw is None else parse_xml(raw, name)

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of the internal relationships of ``part``."""
        base, leaf = posixpath.split(part.lstrip("/"))
        root = self.xml(posixpath.join(base, "_rels", leaf + ".rels"))
        if root is None:
            return []
        out = []
        for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target") or ""
            if target.startswith("/"):
                path = target.lstrip("/")
            else:
                path = posixpath.normpath(posixpath.join(base, target))
            out.append((rel.get("Id") or "", (rel.get("Type") or "").rsplit("/", 1)[-1], path))
        return out


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f}" if n >= 1048576 else f"{n / 1048576:.2g}"


def parse_xml(raw: bytes, name: str) -> Any:
    """Parse one package part with a parser that neither loads DTDs nor expands entities.

    Word never writes a DTD, so any DOCTYPE or entity declaration is refused outright: that
    is how entity-expansion ("billion laughs") and external-entity attacks arrive.
    """
    attack = ReadFailure(
        f"{name} declares a DTD or XML entities (entity-expansion attack?): refused"
    )
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise attack
    if b"purl.oclc.org/ooxml" in raw:
        for strict, transitional in _STRICT:
            raw = raw.replace(strict, transitional)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else "syntax error"
        if "depth" in detail.lower():
            raise ReadFailure(f"{name} is nested too deeply to read") from None
        raise ReadFailure(f"corrupt .docx: {name} is not well-formed XML ({detail})") from None
    if root is None:
        raise ReadFailure(f"corrupt .docx: {name} is empty")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise attack
    return root


# -- styles ---------------------------------------------------------------------------------
# Run properties that matter to the reader, each None when not set at that level:
# (hidden, dark shading, black highlight, light font colour).
_RunProps = tuple[bool | None, bool | None, bool | None, bool | None]
_NO_PROPS: _RunProps = (None, None, None, None)


def _on(el: Any) -> bool:
    return (el.get(VAL) or "true").lower() not in _OFF


def _dark_hex(value: str | None) -> bool | None:
    if not value or value.lower() == "auto":
        return None
    try:
        rgb = int(value, 16)
    except ValueError:
        return None
    # "Black" and the near-blacks of Word's palette ("Black, Lighter 5%" is 0D0D0D).
    return max(rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF) <= 0x30


def _run_props(rpr: Any) -> _RunProps:
    hidden = shade = high = light = None
    for el in rpr:
        tag = el.tag
        if tag == VANISH:
            hidden = _on(el)
        elif tag == SHD:
            fill = el.get(_w("fill"))
            pattern = (el.get(VAL) or "").lower()
            if pattern == "solid":
                # A solid pattern paints the pattern colour; "auto" there is black.
                colour = el.get(_w("color")) or "auto"
                shade = colour.lower() == "auto" or bool(_dark_hex(colour))
            elif fill and fill.lower() != "auto":
                shade = bool(_dark_hex(fill))
            elif (el.get(_w("themeFill")) or "") in ("text1", "dark1"):
                shade = True
            else:
                shade = False
        elif tag == HIGHLIGHT:
            high = (el.get(VAL) or "").lower() == "black"
        elif tag == COLOR:
            val = el.get(VAL) or ""
            theme = el.get(_w("themeColor")) or ""
            if theme in ("background1", "light1"):
                light = True
            elif val and val.lower() != "auto":
                try:
                    rgb = int(val, 16)
                except ValueError:
                    light = None
                else:
                    light = min(rgb >> 16, (rgb >> 8) & 0xFF, rgb & 0xFF) >= 0xC0
            else:
                light = False
    return (hidden, shade, high, light)


def _merge(first: _RunProps, then: _RunProps) -> _RunProps:
    return (
        first[0] if first[0] is not None else then[0],
        first[1] if first[1] is not None else then[1],
        first[2] if first[2] is not None else then[2],
        first[3] if first[3] is not None else then[3],
    )


@dataclass
class _Style:
    sid: str
    name: str
    based_on: str | None
    num_id: str | None = None
    ilvl: int | None = None
    outline: int | None = None
    run: _RunProps = _NO_PROPS


@dataclass(frozen=True)
class _ParaStyle:
    """A paragraph style resolved through its basedOn chain."""

    role: str | None  # "title" | "heading" | "toc" | None
    level: int  # heading level for role "heading"
    num_id: str | None
    ilvl: int | None
    run: _RunProps


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Styles:
    def __init__(self, root: Any | None) -> None:
        self.para: dict[str, _Style] = {}
        self.char: dict[str, _Style] = {}
        self.numbering: dict[str, _Style] = {}
        self.default_para: str | None = None
        self.defaults: _RunProps = _NO_PROPS
        self._para_cache: dict[str | None, _ParaStyle] = {}
        self._char_cache: dict[str | None, _RunProps] = {}
        if root is None:
            return
        rpr = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{RPR}")
        if rpr is not None:
            self.defaults = _run_props(rpr)
        for el in root.iter(_w("style")):
            sid = el.get(_w("styleId")) or ""
            name_el = el.find(_w("name"))
            based = el.find(_w("basedOn"))
            style = _Style(
                sid,
                (name_el.get(VAL) or "") if name_el is not None else sid,
                based.get(VAL) if based is not None else None,
            )
            ppr = el.find(PPR)
            if ppr is not None:
                numpr = ppr.find(NUMPR)
                if numpr is not None:
                    num = numpr.find(NUMID)
                    lvl = numpr.find(ILVL)
                    style.num_id = num.get(VAL) if num is not None else None
                    style.ilvl = _int(lvl.get(VAL)) if lvl is not None else None
                outline = ppr.find(OUTLINE)
                if outline is not None:
                    style.outline = _int(outline.get(VAL))
            rpr = el.find(RPR)
            if rpr is not None:
                style.run = _run_props(rpr)
            kind = el.get(TYPE) or "paragraph"
            table = {"paragraph": self.para, "character": self.char, "numbering": self.numbering}
            if kind in table:
                table[kind][sid] = style
            if kind == "paragraph" and _on_attr(el.get(_w("default"))):
                self.default_para = sid

    def _chain(self, table: dict[str, _Style], sid: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while sid and sid in table and sid not in seen:
            seen.add(sid)
            style = table[sid]
            yield style
            sid = style.based_on

    def paragraph(self, sid: str | None) -> _ParaStyle:
        sid = sid or self.default_para
        got = self._para_cache.get(sid)
        if got is not None:
            return got
        role: str | None = None
        level = 0
        decided = False
        num_id: str | None = None
        ilvl: int | None = None
        run = _NO_PROPS
        for style in self._chain(self.para, sid):
            if not decided:
                name = style.name.strip()
                heading = _HEADING_NAME.match(name) or _HEADING_ID.match(style.sid)
                if name.lower() in _TITLE_NAMES or style.sid.lower() in _TITLE_NAMES:
                    role, decided = "title", True
                elif heading:
                    role, level, decided = "heading", int(heading.group(1)), True
                elif _TOC_NAME.match(name) or _TOC_NAME.match(style.sid):
                    role, decided = "toc", True
                elif style.outline is not None:
                    # An explicit outline level decides, 9 meaning body text: "TOC Heading"
                    # is based on Heading 1 but is not a heading.
                    decided = True
                    if 0 <= style.outline < 9:
                        role, level = "heading", style.outline + 1
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
            run = _merge(run, style.run)
        got = _ParaStyle(role, level, num_id, ilvl, _merge(run, self.defaults))
        self._para_cache[sid] = got
        return got

    def character(self, sid: str | None) -> _RunProps:
        got = self._char_cache.get(sid)
        if got is None:
            got = _NO_PROPS
            for style in self._chain(self.char, sid):
                got = _merge(got, style.run)
            self._char_cache[sid] = got
        return got


def _on_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF


# -- numbering ------------------------------------------------------------------------------
@dataclass
class _Lvl:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None  # 1-based level whose use restarts this one; 0 = never
    legal: bool = False
    pstyle: str | None = None


def _parse_lvl(el: Any, base: _Lvl | None = None) -> _Lvl:
    lvl = replace(base) if base else _Lvl()
    for child in el:
        tag, val = child.tag, child.get(VAL)
        if tag == _w("start"):
            lvl.start = _int(val, 1) or 0
        elif tag == _w("numFmt"):
            lvl.fmt = val or "decimal"
        elif tag == _w("lvlText"):
            lvl.text = val or ""
        elif tag == _w("lvlRestart"):
            lvl.restart = _int(val)
        elif tag == _w("isLgl"):
            lvl.legal = _on(child)
        elif tag == _w("pStyle"):
            lvl.pstyle = val
    return lvl


@dataclass
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


_PLACEHOLDER = re.compile(r"%([1-9])")


class _Numbering:
    """Word's list numbering: definitions from numbering.xml and the running counters."""

    def __init__(self, root: Any | None, styles: _Styles) -> None:
        self._abstracts: dict[str, dict[int, _Lvl]] = {}
        self._links: dict[str, str] = {}
        self._nums: dict[str, _Num] = {}
        self._counters: dict[tuple[str, str], list[int | None]] = {}
        self._resolved: dict[str, tuple[tuple[str, str], list[_Lvl], dict[int, int]] | None] = {}
        self._styles = styles
        if root is None:
            return
        for el in root.iter(_w("abstractNum")):
            aid = el.get(_w("abstractNumId")) or ""
            levels = {}
            for lvl in el.iter(_w("lvl")):
                ilvl = _int(lvl.get(_w("ilvl")), 0) or 0
                levels[ilvl] = _parse_lvl(lvl)
            self._abstracts[aid] = levels
            link = el.find(_w("numStyleLink"))
            if link is not None and link.get(VAL):
                self._links[aid] = link.get(VAL)
        for el in root.iter(_w("num")):
            nid = el.get(_w("numId")) or ""
            ref = el.find(_w("abstractNumId"))
            num = _Num((ref.get(VAL) or "") if ref is not None else "")
            for over in el.iter(_w("lvlOverride")):
                ilvl = _int(over.get(_w("ilvl")), 0) or 0
                start = over.find(_w("startOverride"))
                if start is not None:
                    num.starts[ilvl] = _int(start.get(VAL), 1) or 0
                lvl = over.find(_w("lvl"))
                if lvl is not None:
                    num.levels[ilvl] = _parse_lvl(lvl)
            self._nums[nid] = num

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

    def _resolve(self, nid: str) -> tuple[tuple[str, str], list[_Lvl], dict[int, int]] | None:
        if nid in self._resolved:
            return self._resolved[nid]
        got = None
        num = self._nums.get(nid)
        aid = self._abstract_of(nid)
        if num is not None and aid is not None:
            base = self._abstracts[aid]
            levels = [num.levels.get(i) or base.get(i) or _Lvl() for i in range(9)]
            # A num that restarts its list (startOverride) keeps its own counters; nums that
            # share an abstract numbering without overrides continue one another, as in Word.
            key = ("num", nid) if num.starts or num.levels else ("abstract", aid)
            got = (key, levels, num.starts)
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


# Labels Word renders, turned into the tokens Outline understands.
_PAREN_LABEL = re.compile(r"^\(?([A-Za-z]{1,6}|\d{1,3})\)$")
_LETTER_DOT = re.compile(r"^([A-Za-z]{1,6})\.$")
_DOTTED_LABEL = re.compile(r"^(?:[A-Za-z]{2,12}\.?\s+)?(\d{1,3}(?:\.\d{1,3}){0,5})\.?$")


def clause_token(label: str) -> str | None:
    """The clause token of a rendered list label: "1.2." -> "1.2", "b)" -> "(b)", else None."""
    m = _PAREN_LABEL.match(label) or _LETTER_DOT.match(label)
    if m:
        return f"({m.group(1)})"
    m = _DOTTED_LABEL.match(label)
    return m.group(1) if m else None


# -- text of a paragraph ----------------------------------------------------------------------
class _Text:
    """The accepted-view text of one paragraph as it is gathered, with its redaction boxes."""

    __slots__ = ("box_of", "boxes", "in_box", "notes", "parts", "textboxes")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.box_of: list[int] = []  # box number of each part, -1 outside boxes
        self.boxes = 0
        self.in_box = False
        self.notes: list[tuple[str, str]] = []
        self.textboxes: list[Any] = []

    def add(self, s: str) -> None:
        if s:
            self.parts.append(s)
            self.box_of.append(-1)
            if self.in_box and s.strip():
                self.in_box = False

    def add_dark(self, s: str) -> None:
        if s:
            if not self.in_box:
                self.boxes += 1
                self.in_box = True
            self.parts.append(s)
            self.box_of.append(self.boxes - 1)

    def finish(self) -> tuple[str, int, int]:
        """(text with box contents masked, boxes, boxes with real text under them)."""
        if not self.boxes:
            return "".join(self.parts), 0, 0
        pieces: list[list[str]] = [[] for _ in range(self.boxes)]
        for part, box in zip(self.parts, self.box_of, strict=True):
            if box >= 0:
                pieces[box].append(part)
        leaked = 0
        masked = []
        for text in map("".join, pieces):
            if find_markers(text.strip()):
                # The box covers a marker ("[REDACTED s.43]"): nothing is hidden under it,
                # and the marker keeps its label for the scanner.
                masked.append(text)
                continue
            if re.sub(r"[\s\u2580-\u259fXx*_.\-]", "", text):
                leaked += 1  # real words under the box: anyone can select and copy them
            masked.append(_REDACTION_MARK * len(text))
        out = []
        for part, box in zip(self.parts, self.box_of, strict=True):
            if box < 0:
                out.append(part)
            else:
                # A box's masked text goes where the box starts, once.
                out.append(masked[box])
                masked[box] = ""
        return "".join(out), self.boxes, leaked


@dataclass(slots=True)
class _Para:
    text: str
    style: _ParaStyle
    label: str | None = None
    bullet: bool = False
    fmt: str = ""  # Word number format of the paragraph's list level
    ilvl: int = 0
    heading: int = 0  # outline level when the paragraph is a heading
    title: bool = False
    toc: bool = False
    mark_deleted: bool = False
    boxes: int = 0
    leaked: int = 0
    notes: Sequence[tuple[str, str]] = ()
    textboxes: Sequence[Any] = ()


def _sym(el: Any) -> str:
    try:
        code = int(el.get(_w("char")) or "", 16)
    except ValueError:
        return ""
    if code >= 0xF000:  # symbol fonts are addressed in the private-use area
        code -= 0xF000
    font = (el.get(_w("font")) or "").lower()
    if font == "symbol":
        return _SYMBOL.get(code, chr(code) if 0x20 <= code < 0x7F else "")
    if font.startswith("wingdings 2"):
        return _WINGDINGS2.get(code, "")
    if font.startswith("wingdings"):
        return _WINGDINGS.get(code, "")
    return chr(code) if 0x20 <= code < 0xD800 else ""


# A character that survives normalise(): NFKC never turns these into only whitespace.
_VISIBLE = re.compile(r"[!-~\u00a1-\u00ac\u00ae-\u167f\u1681-\u1fff]")
# Every redaction marker contains one of these; most text contains none, and the pre-check
# is far cheaper than the marker scanner.
_MAYBE_MARKER = re.compile(
    r"[\u2580-\u259f]|redact|withheld|commercially|exempt|confidential|publication"
)


def _is_empty(text: str) -> bool:
    """True when ``text`` normalises to nothing (a visible character settles it quickly)."""
    return _VISIBLE.search(text) is None and not normalise(text)


def _maybe_marker(text: str) -> bool:
    # Searching the lower-cased text is three times faster than a case-blind search.
    return _MAYBE_MARKER.search(text.lower()) is not None


def _whole_redaction(text: str) -> bool:
    """True when the block is nothing but redaction markers (and their labels)."""
    if not _maybe_marker(text):
        return False
    marks = find_markers(normalise(text))
    return bool(marks) and all(m.whole_block for m in marks)


def _has_text(el: Any) -> bool:
    return next(el.iter(T, DEL_TEXT), None) is not None


# -- the reader -------------------------------------------------------------------------------
_LISTINGS = frozenset({"TOC", "INDEX", "TOA"})


class _Fields:
    """The complex fields open at a point of a story: codes are hidden, results are text.

    Counters rather than a scan of the stack keep a file with thousands of unclosed fields
    linear.
    """

    __slots__ = ("in_code", "listing", "stack")

    def __init__(self) -> None:
        self.stack: list[list[Any]] = []  # [past separate?, code so far, is a listing?]
        self.in_code = 0  # open fields still in their code part
        self.listing = 0  # open TOC/INDEX/TOA fields in their result part

    def begin(self) -> None:
        self.stack.append([False, "", False])
        self.in_code += 1

    def code(self, text: str) -> None:
        if self.stack and not self.stack[-1][0] and len(self.stack[-1][1]) < 64:
            self.stack[-1][1] += text

    def separate(self) -> None:
        if self.stack and not self.stack[-1][0]:
            field = self.stack[-1]
            field[0] = True
            self.in_code -= 1
            words = field[1].split(maxsplit=1)
            if words and words[0].upper() in _LISTINGS:
                field[2] = True
                self.listing += 1

    def end(self) -> None:
        if self.stack:
            past, _code, listing = self.stack.pop()
            if not past:
                self.in_code -= 1
            if listing:
                self.listing -= 1


@dataclass
class _Note:
    kind: str  # "footnote" | "endnote"
    nid: str


# Word's number format settles what Outline would otherwise guess ("(i)": letter or roman?).
_NUMBER_STYLES = {
    "lowerLetter": "alpha",
    "lowerRoman": "roman",
    "upperLetter": "upper",
    "upperRoman": "upper-roman",
    "decimal": "digit",
}


class _Reader:
    def __init__(self, pkg: _Package, main: str, keep: bool = True) -> None:
        self.pkg = pkg
        self.main = main
        # A caller that does not want the elements lets the walk free the tree as it goes.
        self.keep = keep
        rels = pkg.rels(main)
        self.targets = {rid: target for rid, _typ, target in rels}
        by_type: dict[str, str] = {}
        for _rid, typ, target in rels:
            by_type.setdefault(typ, target)
        self.by_type = by_type
        self.styles = _Styles(self._part("styles", "word/styles.xml"))
        self.numbering = _Numbering(self._part("numbering", "word/numbering.xml"), self.styles)
        self.outline = Outline()
        self.elements: list[Any] = []
        self.revisions = 0
        self.boxes = 0
        self.leaked = 0
        self.alt_chunks = 0
        self.placeholders = 0  # content controls never filled in
        self.title: str | None = None
        self.header_ids: list[tuple[str, str]] = []  # ("header"|"footer", relationship id)
        self.note_refs: dict[tuple[str, str], int] = {}  # note -> index of citing block
        self._fields = _Fields()
        # Elements that make a paragraph's text more than the plain join of its w:t texts.
        special = [*_SPECIAL]
        if any(
            True in self.styles.character(sid)[:3] for sid in self.styles.char
        ):  # some character style hides or blacks out text
            special.append(RSTYLE)
        self._special = tuple(special)
        self._slow: set[Any] = set()  # paragraphs that hold any of them
        self._carry: list[str] = []  # text whose paragraph mark was deleted
        self._carry_el: Any = None

    def _mark(self, root: Any) -> None:
        """Find, in one pass in C, the paragraphs that need the full walk of their runs."""
        for el in root.iter(*self._special):
            p = next(el.iterancestors(P), None)
            if p is not None:
                self._slow.add(p)

    def _part(self, typ: str, default: str) -> Any | None:
        name = self.by_type.get(typ)
        if name is None and not self.by_type and self.pkg.has(default):
            name = default
        return self.pkg.xml(name) if name else None

    # -- inline content -----------------------------------------------------------------
    def _inline(self, parent: Any, out: _Text, base: _RunProps) -> None:
        for child in parent:
            tag = child.tag
            if tag == R_:
                self._run(child, out, base)
            elif tag in (INS, MOVE_TO):
                if _has_text(child):
                    self.revisions += 1
                self._inline(child, out, base)
            elif tag in (DEL, MOVE_FROM):
                # Accepted view: deleted and moved-away text is gone.
                if _has_text(child):
                    self.revisions += 1
            elif tag in (HYPERLINK, SMART_TAG, CUSTOM_XML, FLD_SIMPLE, DIR, BDO):
                self._inline(child, out, base)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._inline(content, out, base)
            elif tag == ALTERNATE:
                choice = child.find(CHOICE)
                if choice is not None:
                    self._inline(choice, out, base)
            elif tag in (MATH, MATH_PARA):
                out.add("".join(t.text or "" for t in child.iter(MATH_T)))
            elif tag == RUBY:
                # Ruby (phonetic guide) text sits above its base text: read the base only.
                base_text = child.find(RUBY_BASE)
                if base_text is not None:
                    self._inline(base_text, out, base)

    def _run(self, run: Any, out: _Text, base: _RunProps) -> None:
        props = base
        rpr = run.find(RPR)
        if rpr is not None:
            rstyle = rpr.find(RSTYLE)
            if rstyle is not None:
                props = _merge(self.styles.character(rstyle.get(VAL)), base)
            props = _merge(_run_props(rpr), props)
        hidden = props[0] is True
        dark = (props[1] is True or props[2] is True) and props[3] is not True
        add = out.add_dark if dark else out.add
        for el in run:
            tag = el.tag
            if tag == T:
                if not hidden and not self._fields.in_code:
                    add(el.text or "")
                continue
            if tag == FLD_CHAR:
                kind = el.get(_w("fldCharType"))
                if kind == "begin":
                    self._fields.begin()
                elif kind == "separate":
                    self._fields.separate()
                elif kind == "end":
                    self._fields.end()
                continue
            if tag == INSTR:
                self._fields.code(el.text or "")
                continue
            if hidden or self._fields.in_code:
                continue
            if tag in (TAB, PTAB, BR, CR):
                add(" ")
            elif tag == NB_HYPHEN:
                add("-")
            elif tag == SYM:
                add(_sym(el))
            elif tag == FOOTNOTE_REF:
                out.notes.append(("footnote", el.get(ID) or ""))
            elif tag == ENDNOTE_REF:
                out.notes.append(("endnote", el.get(ID) or ""))
            elif tag in (DRAWING, PICT):
                self._textboxes(el, out)
            elif tag == ALTERNATE:
                choice = el.find(CHOICE)
                if choice is not None:
                    self._textboxes(choice, out)
            # softHyphen, instrText, delText, lastRenderedPageBreak...: no text in this view

    def _textboxes(self, el: Any, out: _Text) -> None:
        for box in el.iter(TXBX):
            parent = box.getparent()
            nested = False
            while parent is not None and parent is not el:
                if parent.tag == TXBX:
                    nested = True
                    break
                parent = parent.getparent()
            if not nested:
                out.textboxes.append(box)

    def _paragraph(self, p: Any, numbered: bool = True) -> _Para:
        ppr = p.find(PPR)
        sid = None
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        mark_deleted = False
        if ppr is not None:
            for el in ppr:
                tag = el.tag
                if tag == PSTYLE:
                    sid = el.get(VAL)
                elif tag == NUMPR:
                    num = el.find(NUMID)
                    lvl = el.find(ILVL)
                    if num is not None:
                        num_id = num.get(VAL)
                    if lvl is not None:
                        ilvl = _int(lvl.get(VAL))
                elif tag == OUTLINE:
                    outline = _int(el.get(VAL))
                elif tag == RPR:
                    mark_deleted = el.find(DEL) is not None or el.find(MOVE_FROM) is not None
                elif tag == SECT_PR:
                    self._section(el)
        style = self.styles.paragraph(sid)
        listing = self._fields.listing
        if (
            p not in self._slow
            and not self._fields.stack
            and style.run[0] is not True
            and style.run[1] is not True
            and style.run[2] is not True
        ):
            # Fast path for the common paragraph of plain runs: nothing in it changes which
            # w:t texts are read, so lxml can gather them without a Python walk of each run.
            para = _Para("".join(p.itertext(T, with_tail=False)), style)
        else:
            out = _Text()
            self._inline(p, out, style.run)
            out.in_box = False
            text, boxes, leaked = out.finish()
            para = _Para(text, style, mark_deleted=mark_deleted, boxes=boxes, leaked=leaked)
            para.notes, para.textboxes = out.notes, out.textboxes
        if outline is not None:
            if 0 <= outline < 9:
                para.heading = outline + 1
        elif style.role == "heading":
            para.heading = style.level
        para.title = style.role == "title"
        # Table-of-contents entries, by style or inside a TOC/INDEX field, repeat headings
        # with page numbers: not contract text.
        para.toc = style.role == "toc" or bool(listing or self._fields.listing)
        if para.title:
            para.heading = 1
        if not numbered or mark_deleted:
            return para
        # The paragraph's own numPr wins, then its style's; numId 0 switches numbering off.
        from_style = num_id is None
        nid = num_id if num_id is not None else style.num_id
        if nid and nid != "0":
            if ilvl is None:
                ilvl = style.ilvl
            if ilvl is None and from_style:
                ilvl = self.numbering.level_for_style(nid, sid)
            para.ilvl = ilvl or 0
            got = self.numbering.next(nid, para.ilvl)
            if got is not None:
                label, para.fmt = got
                para.bullet = para.fmt == "bullet"
                if label and not para.bullet:
                    para.label = label
        return para

    def _section(self, sect: Any) -> None:
        for el in sect:
            if el.tag in (_w("headerReference"), _w("footerReference")):
                kind = "header" if el.tag == _w("headerReference") else "footer"
                self.header_ids.append((kind, el.get(R_ID) or ""))

    # -- body -----------------------------------------------------------------------------
    def body(self, root: Any) -> None:
        body = root.find(BODY)
        self._mark(root)
        self.placeholders = sum(1 for _ in root.iter(_w("showingPlcHdr")))
        if body is not None:
            for child in body:
                self._block(child)
                if not self.keep:
                    # Free each part of the tree once read: the memory is reused for the
                    # blocks instead of being released in one slow heap trim at the end.
                    child.clear()
        self._flush_carry()

    def _container(self, parent: Any) -> None:
        for child in parent:
            self._block(child)

    def _block(self, child: Any) -> None:
        tag = child.tag
        if tag == P:
            self._body_paragraph(child)
        elif tag == TBL:
            self._table(child)
        elif tag in (SDT, CUSTOM_XML):
            content = child.find(SDT_CONTENT) if tag == SDT else child
            if content is not None:
                self._container(content)
        elif tag in (INS, MOVE_TO):
            self._container(child)
        elif tag == ALTERNATE:
            choice = child.find(CHOICE)
            if choice is not None:
                self._container(choice)
        elif tag == SECT_PR:
            self._section(child)
        elif tag == ALT_CHUNK:
            self.alt_chunks += 1

    def _emit(
        self,
        el: Any,
        text: str,
        kind: BlockKind = BlockKind.PARAGRAPH,
        *,
        heading: int = 0,
        number: str | None = None,
        depth: int | None = None,
        notes: Iterable[tuple[str, str]] = (),
        style: str | None = None,
    ) -> None:
        # Outline drops text that normalises to nothing; checking first keeps the element
        # list aligned with the blocks (a visible character settles it without normalising).
        empty = _is_empty(text)
        for note in notes:
            # A note whose citing text is empty belongs to the block before it.
            self.note_refs.setdefault(note, max(len(self.elements) - (1 if empty else 0), 0))
        if empty:
            return
        if heading:
            self.outline.heading(text, heading, number=number)
        else:
            self.outline.add(
                text,
                kind,
                number=number,
                depth=depth,
                redacted=_whole_redaction(text),
                style=style,
            )
        self.elements.append(el if self.keep else None)

    def _flush_carry(self) -> None:
        if self._carry:
            text = " ".join(self._carry)
            self._carry = []
            self._emit(self._carry_el, text)

    def _body_paragraph(self, p: Any) -> None:
        para = self._paragraph(p)
        self.boxes += para.boxes
        self.leaked += para.leaked
        if para.toc:
            return
        if para.mark_deleted:
            # The paragraph mark was deleted with changes tracked: in the accepted view this
            # text runs on into the next paragraph.
            self._carry.append(para.text)
            self._carry_el = p
            self._notes_pending(para)
            return
        text = para.text
        if self._carry:
            text = " ".join([*self._carry, text])
            self._carry, self._carry_el = [], None
        if _is_empty(text):
            # An empty paragraph, numbered or not, is spacing: its number alone is no clause.
            self._emit(p, "", notes=para.notes)
            return
        label = para.label
        body_text = normalise(text) if para.heading else ""
        if para.title and body_text and self.title is None:
            self.title = body_text
        if body_text and len(body_text) <= _MAX_HEADING_CHARS:
            token = clause_token(label) if label else None
            if label and token and (token.startswith("(") or label[0].isdigit()):
                self._emit(p, text, heading=para.heading, number=label, notes=para.notes)
            else:
                full = f"{label} {text}" if label else text
                self._emit(p, full, heading=para.heading, notes=para.notes)
        elif label:
            self._emit(
                p,
                f"{label} {text}",
                number=clause_token(label),
                depth=para.ilvl + 1,
                notes=para.notes,
                style=_NUMBER_STYLES.get(para.fmt),
            )
        elif para.bullet:
            self._emit(p, text, BlockKind.LIST_ITEM, depth=para.ilvl + 1, notes=para.notes)
        else:
            self._emit(p, text, notes=para.notes)
        self._story(para.textboxes)

    def _notes_pending(self, para: _Para) -> None:
        for note in para.notes:
            self.note_refs.setdefault(note, len(self.elements))

    def _story(self, boxes: Sequence[Any]) -> None:
        """Text boxes are stories of their own: fields do not run into or out of them."""
        for box in boxes:
            saved, self._fields = self._fields, _Fields()
            self._container(box)
            self._fields = saved

    def _rows(self, tbl: Any) -> Iterator[Any]:
        return self._children(tbl, TR)

    def _cells(self, tr: Any) -> Iterator[Any]:
        return self._children(tr, TC)

    def _children(self, parent: Any, tag: str) -> Iterator[Any]:
        """Children with ``tag``, looking through content controls and custom XML wrappers."""
        for child in parent:
            if child.tag == tag:
                yield child
            elif child.tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if child.tag == SDT else child
                if content is not None:
                    yield from self._children(content, tag)

    def _table(self, tbl: Any) -> None:
        self._flush_carry()
        rows = list(self._rows(tbl))
        if rows and all(sum(1 for _ in self._cells(tr)) <= 1 for tr in rows):
            # A one-column table is a frame around text (a boxed note, or a whole layout);
            # its paragraphs are read as ordinary paragraphs, headings and clauses.
            for tr in rows:
                if not self._row_deleted(tr):
                    for tc in self._cells(tr):
                        self._container(tc)
            return
        for tr in rows:
            self._row(tr)

    def _row_deleted(self, tr: Any) -> bool:
        trpr = tr.find(TRPR)
        if trpr is None:
            return False
        if trpr.find(DEL) is not None:
            if _has_text(tr):
                self.revisions += 1
            return True
        if trpr.find(INS) is not None and _has_text(tr):
            self.revisions += 1
        return False

    def _row(self, tr: Any) -> None:
        if self._row_deleted(tr):
            return
        cells: list[str] = []
        later: list[Any] = []
        notes: list[tuple[str, str]] = []
        for tc in self._cells(tr):
            texts: list[str] = []
            self._cell(tc, texts, later, notes)
            cells.append(normalise(" ".join(texts)))
        if any(cells):
            self._emit(tr, " | ".join(cells), BlockKind.TABLE_ROW, notes=notes)
        for el in later:
            if el.tag == TBL:
                # A table inside a cell: its rows follow the row that holds it.
                self._table(el)
            else:
                self._story([el])

    def _cell(self, parent: Any, texts: list[str], later: list[Any], notes: list[Any]) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                para = self._paragraph(child)
                self.boxes += para.boxes
                self.leaked += para.leaked
                if para.toc:
                    continue
                if para.label and not _is_empty(para.text):
                    texts.append(f"{para.label} {para.text}")
                else:
                    texts.append(para.text)
                notes.extend(para.notes)
                later.extend(para.textboxes)
            elif tag == TBL:
                later.append(child)
            elif tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self._cell(content, texts, later, notes)

    # -- headers, footers, notes ----------------------------------------------------------
    def story_texts(self, root: Any) -> list[str]:
        """Paragraph and table-row texts of a header, footer or note, in order."""
        saved, self._fields = self._fields, _Fields()
        self._mark(root)
        texts: list[str] = []
        self._story_walk(root, texts)
        self._fields = saved
        return texts

    def _story_walk(self, parent: Any, texts: list[str]) -> None:
        for child in parent:
            tag = child.tag
            if tag == P:
                para = self._paragraph(child, numbered=False)
                self.boxes += para.boxes
                self.leaked += para.leaked
                texts.append(para.text)
                for box in para.textboxes:
                    self._story_walk(box, texts)
            elif tag == TBL:
                for tr in self._rows(child):
                    if self._row_deleted(tr):
                        continue
                    cells = []
                    for tc in self._cells(tr):
                        inner: list[str] = []
                        self._story_walk(tc, inner)
                        cells.append(normalise(" ".join(inner)))
                    if any(cells):
                        texts.append(" | ".join(cells))
            elif tag in (SDT, CUSTOM_XML):
                content = child.find(SDT_CONTENT) if tag == SDT else child
                if content is not None:
                    self._story_walk(content, texts)


def _count_comments(pkg: _Package, reader: _Reader, doc_root: Any) -> int:
    name = reader.by_type.get("comments")
    root = pkg.xml(name) if name else None
    if root is not None:
        return sum(1 for _ in root.iter(_w("comment")))
    # No comments part: count the distinct comments the text still cites.
    return len({el.get(ID) for el in doc_root.iter(_w("commentReference"))})


def _core_title(pkg: _Package) -> str | None:
    name = next((t for _r, typ, t in pkg.rels("") if typ == "core-properties"), None)
    root = pkg.xml(name or "docProps/core.xml")
    if root is None:
        return None
    el = root.find(f"{{{DC}}}title")
    text = normalise(el.text or "") if el is not None else ""
    return text or None


def _main_part(pkg: _Package) -> str:
    for _rid, typ, target in pkg.rels(""):
        if typ == "officeDocument" and pkg.has(target):
            return target
    if pkg.has("word/document.xml"):
        return "word/document.xml"
    names = set(pkg.names())
    if "xl/workbook.xml" in names:
        raise ReadFailure("content is an Excel workbook, not a Word document; is it misnamed?")
    if "ppt/presentation.xml" in names:
        raise ReadFailure("content is a PowerPoint file, not a Word document; is it misnamed?")
    if "mimetype" in names or "content.xml" in names:
        raise ReadFailure("content is an OpenDocument file, not a Word document; save as .docx")
    raise ReadFailure("not a Word document (the zip has no word/document.xml)")


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def read_docx_elements(
    data: bytes, path: str, sha256: str, limits: Limits
) -> tuple[Document, list[Any]]:
    """Read a .docx and return the Document with, for each block, the element it came from.

    ``elements[i]`` is the lxml ``w:p`` or ``w:tr`` element of ``document.blocks[i]`` (for a
    paragraph that absorbed earlier ones through a deleted paragraph mark, the one whose mark
    survives), or None for header, footer, footnote and endnote blocks. The elements belong to
    one parsed tree of the main document part (``elements[i].getroottree()``), so a caller can
    anchor comments or insert revisions there and write the part back into a copy of the
    package. Raises ReadFailure with a one-line message for any file that cannot be read.
    """
    return _read(data, path, sha256, limits, keep=True)


def _read(
    data: bytes, path: str, sha256: str, limits: Limits, *, keep: bool
) -> tuple[Document, list[Any]]:
    pkg = _Package(data, limits)
    main = _main_part(pkg)
    root = pkg.xml(main)
    if root is None or root.tag != _w("document"):
        raise ReadFailure("not a Word document (its main part is not a w:document)")
    reader = _Reader(pkg, main, keep)
    comments = _count_comments(pkg, reader, root)  # before the body walk frees the tree
    reader.body(root)
    body_blocks = list(reader.outline.blocks())
    elements: list[Any] = list(reader.elements)
    if len(body_blocks) != len(elements):  # pragma: no cover - an invariant of _emit
        raise ReadFailure("internal error: blocks and elements out of step")
    extra: list[Block] = []

    def add(text: str, kind: BlockKind, cite: int | None = None) -> None:
        text = normalise(text)
        if not text:
            return
        at = body_blocks[cite].location if cite is not None and cite < len(body_blocks) else None
        extra.append(
            Block(
                text,
                kind,
                Location(
                    block=len(body_blocks) + len(extra) + 1,
                    clause=at.clause if at else None,
                    heading=at.heading if at else None,
                ),
                redacted=_whole_redaction(text),
            )
        )

    # Running headers and footers repeat on every page of every section: each distinct line
    # is kept once, after the body, so it cannot interrupt a clause.
    seen: set[tuple[str, str]] = set()
    parts_done: set[str] = set()
    for kind_name in ("header", "footer"):
        kind = BlockKind.HEADER if kind_name == "header" else BlockKind.FOOTER
        for which, rid in reader.header_ids:
            target = reader.targets.get(rid)
            if which != kind_name or not target or target in parts_done:
                continue
            parts_done.add(target)
            part = pkg.xml(target)
            if part is None:
                continue
            for text in reader.story_texts(part):
                key = (kind_name, normalise(text))
                if key[1] and key not in seen:
                    seen.add(key)
                    add(text, kind)
    # Footnotes and endnotes are contract text (obligations hide there); each note is one
    # block, located at the clause that cites it.
    for typ, tag in (("footnotes", "footnote"), ("endnotes", "endnote")):
        name = reader.by_type.get(typ)
        part = pkg.xml(name) if name else None
        if part is None:
            continue
        notes = []
        for el in part.iter(_w(tag)):
            if (el.get(TYPE) or "normal") != "normal":
                continue  # separators and continuation notices
            nid = el.get(ID) or ""
            notes.append((_int(nid, 0) or 0, nid, el))
        for _n, nid, el in sorted(notes, key=lambda n: n[0]):
            add(
                " ".join(reader.story_texts(el)),
                BlockKind.FOOTNOTE,
                reader.note_refs.get((tag, nid)),
            )
    elements.extend([None] * len(extra))
    blocks = (*body_blocks, *extra)

    warnings: list[str] = []
    if reader.revisions:
        warnings.append(
            f"document has {_plural(reader.revisions, 'unaccepted tracked change')}: "
            "read as if accepted"
        )
    if comments:
        warnings.append(f"document has {_plural(comments, 'comment')}: not read as contract text")
    if reader.leaked:
        warnings.append(
            f"{_plural(reader.leaked, 'redaction')} {'is' if reader.leaked == 1 else 'are'}"
            " black shading over text that is still in the file and can be recovered"
        )
    if reader.alt_chunks:
        warnings.append(
            f"document embeds {_plural(reader.alt_chunks, 'imported file')} (altChunk) "
            "whose text was not read"
        )
    if reader.placeholders:
        warnings.append(
            f"{_plural(reader.placeholders, 'content control')} still "
            f"{'shows its' if reader.placeholders == 1 else 'show their'} placeholder text"
        )
    # The marker scanner is the slow part of measuring; a document with no possible marker
    # has no redaction to measure.
    maybe = any(b.kind.is_body and _maybe_marker(b.text) for b in blocks)
    redaction = measure(blocks) if maybe else None
    if redaction is not None and reader.boxes:
        redaction = replace(redaction, boxes=reader.boxes, leaked=reader.leaked)
    title = reader.title or _core_title(pkg) or reader.outline.title()
    doc = Document(
        path=path,
        sha256=sha256,
        format="docx",
        blocks=blocks,
        pages=None,
        title=title,
        redaction=redaction,
        warnings=tuple(warnings),
        measures={"tracked_changes": reader.revisions, "comments": comments},
    )
    return doc, elements


def read_docx(data: bytes, path: str, sha256: str, limits: Limits) -> Document:
    """Read a .docx into a Document: body in reading order, then headers, footers and notes."""
    return _read(data, path, sha256, limits, keep=False)[0]
