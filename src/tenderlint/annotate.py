"""Annotated Word copies: results as comments anchored on the evidence, model wording as
tracked insertions."""

from __future__ import annotations

import copy
import datetime as _dt
import hashlib
import io
import os
import posixpath
import re
import tempfile
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from tenderlint.model import BlockKind, DocType, Document, Location, Outcome, Result
from tenderlint.read import Limits, ReadFailure
from tenderlint.read.normalise import normalise

if TYPE_CHECKING:
    from tenderlint.config import Config
    from tenderlint.engine import Compiled, Index
    from tenderlint.rules import Condition, Pack, Pattern, Rule

__all__ = [
    "AUTHOR",
    "AnnotateError",
    "Annotated",
    "annotate",
    "load_docx",
    "output_path",
    "review",
    "write_output",
]

AUTHOR = "tenderlint"
INITIALS = "TL"

# -- namespaces and tags --------------------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
# The reader parses ISO 29500 Strict parts under the transitional URIs; a Strict package gets
# its own URIs back when the parts are written, so Word sees one vocabulary per package.
_STRICT = (
    (W, "http://purl.oclc.org/ooxml/wordprocessingml/main"),
    (R, "http://purl.oclc.org/ooxml/officeDocument/relationships"),
    (M, "http://purl.oclc.org/ooxml/officeDocument/math"),
)


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


P, R_, T, TBL, TR, TC = map(_w, ("p", "r", "t", "tbl", "tr", "tc"))
PPR, RPR, PSTYLE, RSTYLE, NUMPR, NUMID, ILVL, IND = map(
    _w, ("pPr", "rPr", "pStyle", "rStyle", "numPr", "numId", "ilvl", "ind")
)
INS, DEL, MOVE_FROM, MOVE_TO = map(_w, ("ins", "del", "moveFrom", "moveTo"))
SDT_CONTENT, CUSTOM_XML, TXBX, BODY, SECT_PR = map(
    _w, ("sdtContent", "customXml", "txbxContent", "body", "sectPr")
)
TAB, PTAB, BR, CR, NB_HYPHEN, VANISH, FLD_CHAR = map(
    _w, ("tab", "ptab", "br", "cr", "noBreakHyphen", "vanish", "fldChar")
)
COMMENT, RANGE_START, RANGE_END, REFERENCE = map(
    _w, ("comment", "commentRangeStart", "commentRangeEnd", "commentReference")
)
VAL, ID, AUTHOR_ATTR = _w("val"), _w("id"), _w("author")

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
# Properties of the paragraph an insertion follows that must not be copied: its mark's run
# properties and revisions (ids must stay unique), a section break (copying it would start a
# new section), frames and page breaks, and outline levels that would make the model wording
# a heading in the navigation pane. Numbering is handled in _Annotator._properties.
# fmt: off
_NOT_COPIED = frozenset(_w(n) for n in (
    "rPr", "sectPr", "pPrChange", "numPr", "framePr", "pageBreakBefore", "keepNext",
    "outlineLvl", "divId", "cnfStyle",
))
# fmt: on
SUB_INDENT = 720  # twips (half an inch): model-wording sub-items "(a)" sit one step in
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class AnnotateError(Exception):
    """A problem that stops an annotated copy being written, in one line for the user."""


@dataclass(frozen=True)
class Annotated:
    """The annotated copy's bytes and what went into it."""

    data: bytes
    weak: int
    conflict: int
    missing: int
    inserted: int

    @property
    def comments(self) -> int:
        return self.weak + self.conflict + (1 if self.missing else 0)

    def summary(self, shown: str) -> str:
        """The one-line summary the command prints, naming the copy as ``shown``."""
        missing = f"1 listing {self.missing} missing" if self.missing else "0 missing"
        return (
            f"wrote {shown}: {_plural(self.comments, 'comment')} ({self.weak} weak, "
            f"{self.conflict} conflict, {missing}), "
            f"{_plural(self.inserted, 'suggestion')} inserted"
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- paths ----------------------------------------------------------------------------------


def output_path(src: Path, output: Path | None, force: bool) -> Path:
    """Where the copy of ``src`` goes; refuses the input itself and, without ``force``, any
    existing file, so a lawyer's draft is never overwritten by a review."""
    if src.suffix.lower() != ".docx":
        raise AnnotateError(
            f"{src}: annotate adds Word comments, so it needs a .docx file"
            f" (got {src.suffix or 'no extension'}; save the draft as .docx)"
        )
    if not src.exists():
        raise AnnotateError(f"{src}: no such file")
    out = output if output is not None else src.with_name(f"{src.stem}.reviewed.docx")
    if out.suffix.lower() != ".docx":
        raise AnnotateError(f"{out}: the annotated copy must be named .docx")
    if _same_file(src, out):
        raise AnnotateError(f"{out}: is the input file; annotate never overwrites the draft")
    if out.is_dir():
        raise AnnotateError(f"{out}: is a directory")
    if (out.exists() or out.is_symlink()) and not force:
        raise AnnotateError(f"{out}: already exists (use --force to overwrite it)")
    return out


def _same_file(a: Path, b: Path) -> bool:
    # samefile sees through symlinks, hard links and case-insensitive file systems; the
    # resolved-path comparison covers an output that does not exist yet.
    try:
        if b.exists() and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def write_output(out: Path, data: bytes, src: Path) -> None:
    """Write the copy through a temporary file in the same directory, then rename it into
    place, so an interrupted run never leaves half a .docx where the copy should be."""
    if _same_file(src, out):  # checked again: the file system may have changed meanwhile
        raise AnnotateError(f"{out}: is the input file; annotate never overwrites the draft")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tenderlint-", suffix=".docx", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the copy from others
            os.replace(tmp, out)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise AnnotateError(f"{out}: cannot write: {exc.strerror or exc}") from None


# -- reading --------------------------------------------------------------------------------


def load_docx(path: Path, shown: str, limits: Limits) -> tuple[bytes, Document, list[Any]]:
    """The bytes of ``path`` (read once, never written), its Document and block elements."""
    from tenderlint.read import sniff
    from tenderlint.read.docx import read_docx_elements

    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ReadFailure("not a regular file")
        if size == 0:
            raise ReadFailure("empty file")
        if size > limits.max_bytes:
            raise ReadFailure(
                f"file is {size / 1048576:.1f} MB, over the "
                f"{limits.max_bytes / 1048576:.0f} MB limit"
            )
        with open(path, "rb") as fh:
            data = fh.read()
        kind = sniff(data)
        if kind == "ole":
            raise ReadFailure(
                "encrypted (password-protected) or legacy Word file: save an unprotected .docx"
            )
        if kind != "zip":
            what = {"pdf": "a PDF", "rtf": "an RTF document"}.get(kind or "", "text")
            raise ReadFailure(f"content is {what}, not a Word document; is it misnamed?")
        sha = hashlib.sha256(data).hexdigest()
        doc, elements = read_docx_elements(data, shown, sha, limits)
        if not any(b.kind.is_body and b.text for b in doc.blocks):
            raise ReadFailure("no text found in the document")
    except ReadFailure as exc:
        raise AnnotateError(f"{shown}: {exc}") from None
    except FileNotFoundError:
        raise AnnotateError(f"{shown}: no such file") from None
    except OSError as exc:
        raise AnnotateError(f"{shown}: cannot open: {exc.strerror or exc}") from None
    except RecursionError:
        raise AnnotateError(f"{shown}: document structure is nested too deeply to read") from None
    return data, doc, elements


def review(
    draft: tuple[bytes, Document, list[Any]],
    *,
    rel_path: str,
    config: Config,
    packs: Sequence[Pack],
    compiled: Compiled,
    rules: Sequence[Rule],
    doc_type: str | None,
    insert_suggestions: bool,
    today: _dt.date,
) -> Annotated:
    """Evaluate and annotate a draft read by ``load_docx``: with the config's doc types,
    severities and waivers, as ``check`` does, so the copy agrees with the report."""
    from tenderlint import waivers
    from tenderlint.doctype import detect_doc_type
    from tenderlint.engine import Context, evaluate

    data, doc, elements = draft
    kind = config.doc_type_for(rel_path)
    reason = "set in the config"
    if kind is None and doc_type:
        kind, reason = DocType(doc_type), "set by --doc-type"
    if kind is None:
        kind, reason = detect_doc_type(doc)
    results = evaluate(doc, compiled, Context(kind, reason), rules)
    results = waivers.apply(results, rel_path, config.waivers, config.severity, today, set())
    try:
        return annotate(
            data,
            doc,
            elements,
            results,
            compiled=compiled,
            packs=packs,
            doc_type=kind,
            insert_suggestions=insert_suggestions,
        )
    except AnnotateError as exc:
        raise AnnotateError(f"{doc.path}: {exc}") from None
    except RecursionError:
        raise AnnotateError(f"{doc.path}: document structure is nested too deeply") from None
    except Exception as exc:  # a bug must give the one-line error and exit 2, not a trace
        raise AnnotateError(
            f"{doc.path}: could not annotate ({type(exc).__name__}: {exc})"
        ) from None


# -- the package ----------------------------------------------------------------------------


class _Package:
    """The input zip, the parts changed or added, and a deterministic copy of it all."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self._infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
            raise AnnotateError("corrupt or truncated .docx (not a valid zip)") from None
        # OPC part names are case-insensitive; the last entry of a duplicated name wins, as
        # it does for the reader.
        self._by_name = {i.filename.lstrip("/").lower(): i for i in self._infos}
        self._changed: dict[str, bytes] = {}
        self._added: dict[str, tuple[str, bytes]] = {}  # lower-case name -> (name, bytes)

    def has(self, name: str) -> bool:
        key = name.lstrip("/").lower()
        return key in self._by_name or key in self._added

    def read(self, name: str) -> bytes | None:
        key = name.lstrip("/").lower()
        if key in self._changed:
            return self._changed[key]
        if key in self._added:
            return self._added[key][1]
        info = self._by_name.get(key)
        if info is None:
            return None
        return self._raw(info)

    def _raw(self, info: zipfile.ZipInfo) -> bytes:
        # The reader has already checked the declared sizes against the unzip budget, and
        # zipfile never returns more than an entry declares.
        try:
            return self._zip.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise AnnotateError(f"corrupt .docx ({info.filename} is damaged)") from None
        except NotImplementedError:
            raise AnnotateError(
                f"corrupt .docx ({info.filename} uses an unsupported zip compression)"
            ) from None
        except RuntimeError:
            raise AnnotateError("the .docx zip is password-encrypted") from None

    def xml(self, name: str) -> Any | None:
        from tenderlint.read.docx import parse_xml

        raw = self.read(name)
        if raw is None:
            return None
        try:
            return parse_xml(raw, name)
        except ReadFailure as exc:
            raise AnnotateError(str(exc)) from None

    def write(self, name: str, data: bytes) -> None:
        key = name.lstrip("/").lower()
        if key in self._by_name:
            self._changed[key] = data
        else:
            self._added[key] = (name.lstrip("/"), data)

    def build(self) -> bytes:
        """Every entry in its original order with its original timestamp and attributes;
        unchanged parts byte for byte; new parts at the end with a fixed timestamp."""
        out = io.BytesIO()
        done: set[str] = set()
        with zipfile.ZipFile(out, "w") as z:
            for info in self._infos:
                key = info.filename.lstrip("/").lower()
                if key in done:
                    continue
                done.add(key)
                data = self._changed.get(key)
                if data is None:
                    data = self._raw(self._by_name[key])
                z.writestr(self._entry(info.filename, info), data)
            for name, data in self._added.values():
                z.writestr(self._entry(name, None), data)
        return out.getvalue()

    @staticmethod
    def _entry(name: str, like: zipfile.ZipInfo | None) -> zipfile.ZipInfo:
        # Fixed timestamps and attributes make the copy the same bytes on every run.
        zi = zipfile.ZipInfo(name, date_time=like.date_time if like else (2000, 1, 1, 0, 0, 0))
        stored = like is not None and like.compress_type == zipfile.ZIP_STORED
        zi.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        zi.create_system = like.create_system if like else 0
        zi.external_attr = like.external_attr if like else 0
        return zi


def _rels_name(part: str) -> str:
    base, leaf = posixpath.split(part)
    return posixpath.join(base, "_rels", leaf + ".rels")


def _target(base: str, rel: Any) -> str:
    target = rel.get("Target") or ""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _serialise(root: Any, strict: bool) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if strict:
        for transitional, iso in _STRICT:
            data = data.replace(transitional.encode(), iso.encode())
    return data


def _clean(text: str) -> str:
    """Text safe for XML 1.0: control characters cannot be written at all."""
    return _XML_BAD.sub("", text)


# -- styles and numbering -------------------------------------------------------------------


class _Formatting:
    """What an inserted paragraph needs to know about styles and list levels."""

    def __init__(self, styles: Any | None, numbering: Any | None) -> None:
        self.ids: set[str] = set()
        self._based: dict[str, str] = {}
        self._num: dict[str, tuple[str | None, str | None]] = {}  # style -> (numId, ilvl)
        self._heading: set[str] = set()
        if styles is not None:
            for st in styles.iter(_w("style")):
                sid = st.get(_w("styleId")) or ""
                self.ids.add(sid)
                based = st.find(_w("basedOn"))
                if based is not None and based.get(VAL):
                    self._based[sid] = based.get(VAL)
                name_el = st.find(_w("name"))
                name = (name_el.get(VAL) if name_el is not None else "") or ""
                ppr = st.find(PPR)
                outline = ppr.find(_w("outlineLvl")) if ppr is not None else None
                if re.match(r"^(heading\s*\d|title|subtitle)$", name.strip(), re.I) or (
                    outline is not None and (outline.get(VAL) or "9") < "9"
                ):
                    self._heading.add(sid)
                numpr = ppr.find(NUMPR) if ppr is not None else None
                if numpr is not None:
                    self._num[sid] = _numpr(numpr)
        # (numId, ilvl) -> left indent of that list level, in twips.
        self._indent: dict[tuple[str, str], str] = {}
        if numbering is None:
            return
        abstract: dict[str, dict[str, str]] = {}
        for an in numbering.iter(_w("abstractNum")):
            abstract[an.get(_w("abstractNumId")) or ""] = _level_indents(an)
        for num in numbering.iter(_w("num")):
            nid = num.get(_w("numId")) or ""
            ref = num.find(_w("abstractNumId"))
            levels = dict(abstract.get(ref.get(VAL) or "", {}) if ref is not None else {})
            for override in num.iter(_w("lvlOverride")):
                levels.update(_level_indents(override))
            for ilvl, left in levels.items():
                self._indent[(nid, ilvl)] = left

    def _chain(self, sid: str | None) -> Iterator[str]:
        seen: set[str] = set()
        while sid and sid not in seen and len(seen) < 20:
            seen.add(sid)
            yield sid
            sid = self._based.get(sid)

    def style_numbering(self, sid: str | None) -> tuple[str | None, str | None]:
        for s in self._chain(sid):
            if s in self._num:
                return self._num[s]
        return (None, None)

    def heading_style(self, sid: str | None) -> bool:
        return any(s in self._heading for s in self._chain(sid))

    def indent(self, num_id: str, ilvl: str) -> str | None:
        return self._indent.get((num_id, ilvl))


def _numpr(numpr: Any) -> tuple[str | None, str | None]:
    num = numpr.find(NUMID)
    lvl = numpr.find(ILVL)
    return (
        num.get(VAL) if num is not None else None,
        lvl.get(VAL) if lvl is not None else None,
    )


def _level_indents(parent: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for lvl in parent.iter(_w("lvl")):
        ind = lvl.find(f"{PPR}/{IND}")
        if ind is not None:
            left = ind.get(_w("left")) or ind.get(_w("start"))
            if left:
                out[lvl.get(_w("ilvl")) or "0"] = left
    return out


def _put(ppr: Any, el: Any) -> None:
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


# -- finding the quoted text ----------------------------------------------------------------


def _home(el: Any) -> Any | None:
    return next(el.iterancestors(P), None)


def _outside_textbox(el: Any) -> Any:
    """A text box's paragraph stands for the body paragraph that holds the box: comments and
    new paragraphs belong in the main story, not inside a drawing."""
    box = None
    for anc in el.iterancestors(TXBX):
        box = anc
    if box is None:
        return el
    outer = _home(box)
    return outer if outer is not None else el


def _hidden(run: Any) -> bool:
    rpr = run.find(RPR)
    vanish = rpr.find(VANISH) if rpr is not None else None
    return vanish is not None and (vanish.get(VAL) or "true").lower() not in (
        "0",
        "false",
        "off",
    )


def _visible_runs(p: Any) -> Iterator[Any]:
    """The runs whose text the reader read for paragraph ``p``: not deleted, not hidden, and
    not in a text box nested inside it."""
    for run in p.iter(R_):
        if _home(run) is not p or _hidden(run):
            continue
        deleted = False
        for anc in run.iterancestors():
            if anc is p:
                break
            if anc.tag in (DEL, MOVE_FROM):
                deleted = True
                break
        if not deleted:
            yield run


def _child_text(el: Any) -> str:
    tag = el.tag
    if tag == T:
        return str(el.text or "")
    if tag in (TAB, PTAB, BR, CR):
        return " "
    if tag == NB_HYPHEN:
        return "-"
    return ""


def _text(el: Any) -> str:
    return "".join(t.text or "" for t in el.iter(T))


def _run_text(run: Any) -> str:
    return "".join(_child_text(c) for c in run)


def _paragraphs_of(container: Any) -> list[Any]:
    if container.tag == P:
        return [container]
    return [p for p in container.iter(P) if _outside_textbox(p) is p]


@dataclass(frozen=True)
class _Match:
    """Where a quotation starts and ends: the runs and the character offsets within them."""

    first: Any
    first_at: int
    last: Any
    last_at: int  # offset of the last quoted character in ``last``


def _locate(container: Any, quote: str) -> _Match | None:
    """Find the quotation in the runs of a paragraph or table row.

    The quote is the reader's normalised text (clause numbers added, quotes and dashes
    folded, ellipses where it was shortened), so it is matched word by word on each run
    character normalised the same way, ignoring punctuation and spacing between words.
    """
    chars: list[str] = []
    owner: list[tuple[Any, int] | None] = []
    for k, p in enumerate(_paragraphs_of(container)):
        if k:
            chars.append(" ")
            owner.append(None)
        for run in _visible_runs(p):
            for i, c in enumerate(_run_text(run)):
                for ch in " " if c.isspace() else normalise(c):
                    chars.append(ch)
                    owner.append((run, i))
    text = "".join(chars)
    norm = normalise(quote)
    words = re.findall(r"\w+", norm)
    if not words:
        return None

    def edge(chars: str) -> str:
        # Punctuation around the words ("[Enter name]." or a closing quote) is part of the
        # quotation; an ellipsis only says where the reader shortened it.
        return "" if "..." in chars else r"\s*".join(map(re.escape, chars.replace(" ", "")))

    wordy = [i for i, c in enumerate(norm) if c.isalnum() or c == "_"]
    lead, trail = edge(norm[: wordy[0]]), edge(norm[wordy[-1] + 1 :])
    # A clause number ("14.2(b)") is in the quote but not in the runs, and a shortened quote
    # may start inside a word: drop up to five leading words before giving up.
    for skip in range(min(5, max(len(words) - 1, 1))):
        core = r"\W*".join(map(re.escape, words[skip:]))
        before = f"(?:{lead}\\s*)?" if lead and not skip else ""
        after = f"(?:\\s*{trail})?" if trail else ""
        m = re.search(f"{before}(?<!\\w){core}{after}", text, re.IGNORECASE)
        if m is None:
            continue
        start, end = owner[m.start()], owner[m.end() - 1]
        if start is None or end is None:  # pragma: no cover - a match starts and ends on \w
            return None
        return _Match(start[0], start[1], end[0], end[1])
    return None


def _fields(p: Any) -> dict[Any, tuple[Any, Any]]:
    """For each run inside a complex field of ``p``, the outermost field's first and last
    runs: a comment must not start or end inside a field result, which Word regenerates."""
    runs = [r for r in p.iter(R_) if _home(r) is p]
    out: dict[Any, tuple[Any, Any]] = {}
    depth = 0
    group: list[Any] = []
    begin: Any = None
    for run in runs:
        for fc in run.iter(FLD_CHAR):
            kind = fc.get(_w("fldCharType"))
            if kind == "begin":
                if depth == 0:
                    begin, group = run, []
                depth += 1
            elif kind == "end":
                depth = max(depth - 1, 0)
        if begin is not None:
            group.append(run)
            if depth == 0:
                for g in group:
                    out[g] = (begin, run)
                begin = None
    if begin is not None and runs:
        for g in group:
            out[g] = (begin, runs[-1])
    return out


def _split(run: Any, at: int) -> Any | None:
    """Split ``run`` before text offset ``at``; return the new second run, or None when the
    run cannot be split safely (a tracked formatting change carries a revision id)."""
    rpr = run.find(RPR)
    if rpr is not None and rpr.find(_w("rPrChange")) is not None:
        return None
    pos = 0
    children = [c for c in run if c.tag != RPR]
    for idx, child in enumerate(children):
        n = len(_child_text(child))
        if pos + n <= at:
            pos += n
            continue
        second = etree.Element(R_, attrib=dict(run.attrib))
        if rpr is not None:
            second.append(copy.deepcopy(rpr))
        cut = at - pos
        moved = children[idx:]
        if cut > 0:  # only a w:t holds more than one character
            text = child.text or ""
            child.text = text[:cut]
            child.set(XML_SPACE, "preserve")
            tail = etree.SubElement(second, T)
            tail.text = text[cut:]
            tail.set(XML_SPACE, "preserve")
            moved = children[idx + 1 :]
        for c in moved:
            second.append(c)
        run.addnext(second)
        return second
    return None


# -- model wording --------------------------------------------------------------------------

_VARIANT = re.compile(r"^\s*(Contract|Tender)\s*:\s*", re.MULTILINE)
_ITEM = re.compile(r"^(?:[A-Z]?\d*(?:\.\d+)+\.?|\d{1,3}\.|[A-Z]\.\d+)\s")
# Not "(3)": a wrapped line often starts with the figure of "three (3) months".
_SUB = re.compile(r"^\((?:[a-z]{1,2}|[ivxl]{1,6})\)\s")


def _variant(text: str, doc_type: DocType) -> str:
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


_MODAL = re.compile(r"\b(?:shall|must|will|may|agrees?|undertakes?|warrants?)\b", re.I)
# Contract wording opens with its subject ("The Authority owns..."); advice to the drafter
# opens with an imperative ("Complete or delete every placeholder...").
_SUBJECT = re.compile(
    r"^(?:(?:[A-Z]?\d*(?:\.\d+)+\.?|\d{1,3}\.)\s+)?"
    r"(?:the|each|every|all|any|no|neither|either|nothing|this|these|as between)\b",
    re.I,
)


def _is_wording(rule: Rule | None, text: str) -> bool:
    """Is the suggestion model wording for the document, rather than advice to the drafter?
    Only wording is inserted as a tracked change: advice pasted into a contract would become
    a term of it. Drafting-hygiene rules give advice; wording binds someone (a modal verb)
    or states a term with its subject first."""
    if rule is not None and "drafting" in rule.tags:
        return False
    return bool(_MODAL.search(text) or _SUBJECT.match(text.strip()))


@dataclass(frozen=True)
class _Para:
    text: str
    sub: bool = False  # an "(a)" sub-item, indented one step


@dataclass(frozen=True)
class _Table:
    rows: tuple[tuple[str, ...], ...]


_Wording = list[_Para | _Table]
_RULE_ROW = re.compile(r"^\|?\s*:?-{3,}")  # a Markdown header rule: |---|:--|


def _wording(text: str) -> _Wording:
    """Model wording as paragraphs and tables. Pack authors wrap long lines and start each
    numbered item or "(a)" sub-item on a new line; a blank line also breaks; lines that
    start with "|" are the rows of a table (KPI tables, say), which become a Word table."""
    out: _Wording = []
    cur: list[str] = []
    rows: list[tuple[str, ...]] = []
    sub = False

    def flush() -> None:
        if cur:
            out.append(_Para(" ".join(cur), sub))
            cur.clear()
        if rows:
            width = max(len(r) for r in rows)
            out.append(_Table(tuple(r + ("",) * (width - len(r)) for r in rows)))
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


def _wording_lines(wording: _Wording) -> list[str]:
    """The wording as lines of comment text: a table row per line, cells split by "|"."""
    out: list[str] = []
    for item in wording:
        if isinstance(item, _Para):
            out.append(item.text)
        else:
            out.extend(" | ".join(row) for row in item.rows)
    return out


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _cite(text: str, loc: Location) -> str:
    """How a lawyer finds a block: its clause number, else its first words."""
    return f"cl.{loc.clause}" if loc.clause else f"“{_short(text, 6)}”"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


_DEFINITION = re.compile(
    r'^(?:[\w.()]+\s+)?"[^"]{1,80}"\s+(?:means|includes|has the meaning|shall mean)\b', re.I
)
_OUTCOME_LABEL = {
    Outcome.WEAK: "Weak",
    Outcome.CONFLICT: "Conflict",
    Outcome.MISSING: "Missing",
}
# Words too common in contract headings to say which section a requirement belongs in.
# fmt: off
_GENERIC = frozenset((
    "and", "the", "for", "with", "from", "into", "its", "their", "this", "that", "other",
    "general", "provisions", "services", "service", "contract", "contracts", "supplier",
    "authority", "buyer", "customer", "party", "parties", "terms", "clause", "clauses",
    "schedule", "schedules", "requirements", "requirement", "obligations", "information",
    "management", "public",
))
# fmt: on


# -- the annotator --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    """Where one rule's model wording goes: after ``after`` (None: the end of the body),
    formatted like ``template`` (a w:p) unless ``plain``; ``where`` tells the lawyer."""

    after: Any | None
    template: Any | None
    plain: bool
    where: str


Runs = list[tuple[str, bool]]  # one comment paragraph: (text, bold) runs


class _Annotator:
    def __init__(
        self,
        pkg: _Package,
        doc: Document,
        elements: Sequence[Any],
        compiled: Compiled,
        packs: Sequence[Pack],
        doc_type: DocType,
    ) -> None:
        self.pkg = pkg
        self.doc = doc
        self.elements = list(elements)
        self.compiled = compiled
        self.doc_type = doc_type
        self.versions = {p.name: p.version for p in packs}
        self.rules = {r.id: r for r in compiled.rules}
        self._index: Index | None = None
        self.main = self._main_part()
        raw = pkg.read(self.main) or b""
        self.strict = b"purl.oclc.org/ooxml/wordprocessingml" in raw
        root = next((e.getroottree().getroot() for e in self.elements if e is not None), None)
        if root is None:  # only notes had text: nothing is anchored on the body's elements
            root = pkg.xml(self.main)
        self.root: Any = root
        self.body: Any = root.find(BODY) if root is not None else None
        if self.body is None:
            raise AnnotateError("not a Word document (its main part has no body)")
        base = posixpath.dirname(self.main)
        self.base = base
        self.rels_name = _rels_name(self.main)
        self.rels = pkg.xml(self.rels_name)
        self.related: list[tuple[str, str]] = []  # (type, part) of the main part's relations
        if self.rels is not None:
            for rel in self.rels.iter(f"{{{PKG_REL}}}Relationship"):
                typ = (rel.get("Type") or "").rsplit("/", 1)[-1]
                if rel.get("TargetMode") != "External":
                    self.related.append((typ, _target(base, rel)))
        self.targets = {typ: name for typ, name in reversed(self.related)}  # first of each
        self.fmt = _Formatting(self._part("styles"), self._part("numbering"))
        self.comments_name = self.targets.get("comments")
        self.comments = self.pkg.xml(self.comments_name) if self.comments_name else None
        self.next_id = self._first_free_id()
        self.block_of = {el: i for i, el in enumerate(self.elements) if el is not None}
        self.last_inserted: dict[Any, Any] = {}

    # -- package parts ----------------------------------------------------------------------
    def _main_part(self) -> str:
        rels = self.pkg.xml("_rels/.rels")
        if rels is not None:
            for rel in rels.iter(f"{{{PKG_REL}}}Relationship"):
                if (rel.get("Type") or "").endswith("/officeDocument"):
                    name = _target("", rel)
                    if self.pkg.has(name):
                        return name
        return "word/document.xml"

    def _part(self, typ: str) -> Any | None:
        name = self.targets.get(typ)
        return self.pkg.xml(name) if name else None

    def _first_free_id(self) -> int:
        """One past every w:id in use. Comment and revision ids share this counter, so new
        ones collide with no comment, revision or bookmark of the document or its notes."""
        top = -1
        for tree in (self.root, self.comments):
            if tree is None:
                continue
            for el in tree.iter():
                value = el.get(ID) if isinstance(el.tag, str) else None
                if value and value.lstrip("-").isdigit():
                    top = max(top, int(value))
        for typ, name in self.related:
            if typ in ("footnotes", "endnotes", "header", "footer"):
                for m in re.finditer(rb':id="(\d{1,9})"', self.pkg.read(name) or b""):
                    top = max(top, int(m.group(1)))
        return top + 1

    def _id(self) -> str:
        n = self.next_id
        self.next_id += 1
        return str(n)

    def index(self) -> Index:
        from tenderlint.engine import Index

        if self._index is None:
            self._index = Index(self.doc, self.compiled)
        return self._index

    # -- blocks -----------------------------------------------------------------------------
    def element(self, block: int | None) -> Any | None:
        """The w:p or w:tr of 1-based block ``block`` in the main story, if it has one."""
        if block is None or not 1 <= block <= len(self.elements):
            return None
        el = self.elements[block - 1]
        return None if el is None else _outside_textbox(el)

    def title_element(self) -> Any:
        """The document's title paragraph, else its first body paragraph."""
        blocks = self.doc.blocks
        title = self.doc.title
        for i, el in enumerate(self.elements):
            kind, text = blocks[i].kind, blocks[i].text
            if el is not None and title and kind is BlockKind.HEADING and text == title:
                return _outside_textbox(el)
        first = next((e for e in self.elements if e is not None), None)
        if first is not None:
            return _outside_textbox(first)
        para = next(self.body.iter(P), None)
        if para is None:
            para = etree.SubElement(self.body, P)
            sect = self.body.find(SECT_PR)
            if sect is not None:
                sect.addprevious(para)
        return para

    # -- comments ---------------------------------------------------------------------------
    def mark(self, container: Any, quote: str | None, cid: str) -> None:
        """Anchor comment ``cid`` on the quoted runs of ``container``, else on all of it."""
        found = _locate(container, quote) if quote else None
        if found is None:
            self._mark_whole(container, cid)
            return
        first, first_at, last, last_at = found.first, found.first_at, found.last, found.last_at
        first_p, last_p = _home(first), _home(last)
        bounds = _fields(first_p)
        if first in bounds:
            first, first_at = bounds[first][0], 0
        if last_p is not first_p:
            bounds = _fields(last_p)
        if last in bounds:
            last = bounds[last][1]
            last_at = len(_run_text(last)) - 1
        # Split the runs so that the comment covers exactly the quotation.
        if 0 <= last_at < len(_run_text(last)) - 1:
            _split(last, last_at + 1)
        if first_at > 0:
            second = _split(first, first_at)
            if second is not None:
                if last is first:
                    last = second
                first = second
        first.addprevious(self._marker(RANGE_START, cid))
        end = self._marker(RANGE_END, cid)
        last.addnext(end)
        self._reference_after(end, cid)

    def _mark_whole(self, container: Any, cid: str) -> None:
        paras = _paragraphs_of(container)
        if not paras:
            return
        first, last = paras[0], paras[-1]
        ppr: Any = first.find(PPR)
        first.insert(first.index(ppr) + 1 if ppr is not None else 0, self._marker(RANGE_START, cid))
        end = self._marker(RANGE_END, cid)
        last.append(end)
        self._reference_after(end, cid)

    def _reference_after(self, end: Any, cid: str) -> None:
        # The reference run goes in the paragraph itself, not inside a hyperlink or someone
        # else's tracked insertion, so rejecting their change cannot delete our comment.
        para = _home(end)
        top = end
        while top.getparent() is not None and top.getparent() is not para:
            top = top.getparent()
        run = etree.Element(R_)
        if "CommentReference" in self.fmt.ids:
            rpr = etree.SubElement(run, RPR)
            etree.SubElement(rpr, RSTYLE).set(VAL, "CommentReference")
        etree.SubElement(run, REFERENCE).set(ID, cid)
        top.addnext(run)

    @staticmethod
    def _marker(tag: str, cid: str) -> Any:
        el = etree.Element(tag)
        el.set(ID, cid)
        return el

    def add_comment(self, cid: str, paragraphs: Sequence[Runs]) -> None:
        if self.comments is None:
            self.comments = etree.Element(_w("comments"), nsmap={"w": W, "r": R})
        c = etree.SubElement(self.comments, COMMENT)
        c.set(ID, cid)
        c.set(AUTHOR_ATTR, AUTHOR)
        c.set(_w("initials"), INITIALS)
        for k, runs in enumerate(paragraphs):
            p = etree.SubElement(c, P)
            if "CommentText" in self.fmt.ids:
                ppr = etree.SubElement(p, PPR)
                etree.SubElement(ppr, PSTYLE).set(VAL, "CommentText")
            if k == 0:
                ref = etree.SubElement(p, R_)
                if "CommentReference" in self.fmt.ids:
                    rpr = etree.SubElement(ref, RPR)
                    etree.SubElement(rpr, RSTYLE).set(VAL, "CommentReference")
                etree.SubElement(ref, _w("annotationRef"))
            for text, bold in runs:
                r = etree.SubElement(p, R_)
                if bold:
                    etree.SubElement(etree.SubElement(r, RPR), _w("b"))
                t = etree.SubElement(r, T)
                t.text = _clean(text)
                t.set(XML_SPACE, "preserve")

    def header(self, rule_ids: Sequence[str]) -> Runs:
        # A finding of no pack (an expired waiver) names every pack that ran.
        names = sorted({self.compiled.pack_of.get(r, "") for r in rule_ids} - {""})
        names = names or sorted(self.versions)
        packs = ", ".join(f"{n} {self.versions.get(n, '')}".strip() for n in names)
        return [(f"tenderlint · {packs}" if packs else "tenderlint", True)]

    def finding_comment(self, result: Result, plan: _Plan | None) -> None:
        rule = self.rules.get(result.rule)
        ev = result.evidence[0] if result.evidence else None
        anchor = self.element(ev.location.block if ev and ev.location else None)
        body: list[Runs] = [self.header([result.rule])]
        label = _OUTCOME_LABEL.get(result.outcome, result.outcome.value)
        body.append(
            [(f"{label} ({result.severity.label}) — {result.rule}: ", True), (result.title, False)]
        )
        if result.message and not result.message.endswith(result.title):
            body.append([(result.message, False)])  # a pack's own message, not "Weak: title"
        if anchor is None and ev is not None:
            where = ev.location.short() if ev.location else "the document"
            body.append([(f"Evidence ({where}): ", True), (f"“{ev.quote}”", False)])
        if result.reasons:
            body.append([("Why flagged:", True)])
            body.extend([[(f"• {reason}", False)] for reason in result.reasons])
        if rule is not None and rule.rationale:
            body.append([("Why it matters: ", True), (_one_line(rule.rationale), False)])
        if result.suggestion:
            note = f" (inserted {plan.where} as a tracked change)" if plan else ""
            what = "wording" if _is_wording(rule, result.suggestion) else "action"
            body.append([(f"Suggested {what}{note}:", True)])
            lines = _wording_lines(_wording(_variant(result.suggestion, self.doc_type)))
            body.extend([[(line, False)] for line in lines])
        if rule is not None and rule.citations:
            body.append([("Sources:", True)])
            for c in rule.citations:
                line = c.title + (f", {c.section}" if c.section else "")
                line += f" — {c.url}" if c.url else ""
                body.append([(f"• {line}", False)])
        cid = self._id()
        self.mark(
            anchor if anchor is not None else self.title_element(),
            ev.quote if ev and anchor is not None else None,
            cid,
        )
        self.add_comment(cid, body)

    def missing_comment(self, missing: Sequence[Result], plans: Mapping[str, _Plan]) -> None:
        body: list[Runs] = [self.header([r.rule for r in missing])]
        body.append(
            [
                (f"Missing ({len(missing)}): ", True),
                ("no clause meets these requirements; the suggestion follows each.", False),
            ]
        )
        for r in missing:
            wording = _wording(_variant(r.suggestion or "", self.doc_type))
            line = f" — {' '.join(_wording_lines(wording))}" if wording else ""
            plan = plans.get(r.rule)
            note = f" [inserted {plan.where} as a tracked change]" if plan else ""
            body.append([(f"{r.rule} ", True), (f"{r.title}{line}{note}", False)])
        cid = self._id()
        self.mark(self.title_element(), None, cid)
        self.add_comment(cid, body)

    # -- insertions -------------------------------------------------------------------------
    def _clamp(self, last: int, first: int) -> int:
        while last > first and (last >= len(self.elements) or self.elements[last] is None):
            last -= 1
        return last

    def _block_point(self, el: Any) -> Any:
        """The block-level element a new paragraph can follow: a table for its rows, the
        body paragraph for a text box, and out of content controls it ends."""
        node = el
        if node.tag == TR:
            node = next(node.iterancestors(TBL), node)
        node = _outside_textbox(node)
        while True:
            parent = node.getparent()
            if parent is None or parent.tag not in (SDT_CONTENT, CUSTOM_XML, INS, MOVE_TO):
                break
            if node.getnext() is not None:
                break
            node = parent.getparent() if parent.tag == SDT_CONTENT else parent
            if node is None:  # pragma: no cover - sdtContent always has an sdt
                break
        return node

    def _plan_after(self, last: int, where: str) -> _Plan:
        el = self.elements[last]
        point = self._block_point(el)
        heading = self.doc.blocks[last].kind is BlockKind.HEADING
        template = point if point.tag == P else None
        return _Plan(point, template, heading or template is None, where)

    def weak_plan(self, result: Result) -> _Plan | None:
        """After the weak clause: the last block of the clause that holds the first evidence
        (with its sub-clauses), stretched over later evidence in the same section, since the
        unit found weak can be a whole section; a heading stands for its whole section."""
        located = [
            e.location.block - 1
            for e in result.evidence
            if e.location is not None
            and 1 <= e.location.block <= len(self.elements)
            and self.elements[e.location.block - 1] is not None
        ]
        # A definition ("Exit Plan" means...) is where a weak duty is named, not where its
        # wording belongs: the wording follows the first operative clause of the evidence,
        # or goes where a missing requirement's would.
        located = [e for e in located if not _DEFINITION.match(self.doc.blocks[e].text)]
        if not located:
            return None
        b = located[0]
        ix = self.index()
        if self.doc.blocks[b].kind is BlockKind.HEADING:
            last = ix.section_unit(b).last
        else:
            # The outermost clause holding the evidence, so the wording never splits a list
            # of sub-clauses or bullets: "1.2 The Supplier shall: (a)... (b)..." as a whole.
            clause_last, section_of = ix.clause_last(), ix.section_of()
            last = clause_last[(ix.clause_ancestors(b) or [b])[-1]]
            for e in located[1:]:
                if e > b and section_of[e] == section_of[b]:
                    last = max(last, clause_last[(ix.clause_ancestors(e) or [e])[-1]])
        last = self._clamp(last, b)
        where = f"after {_cite(self.doc.blocks[last].text, self.doc.blocks[last].location)}"
        el = self.elements[last]
        if el.tag == TR and last == b:
            # Wording for a weak table row (a requirement in a schedule, say) goes into the
            # row's cell that holds the quotation, not after a table that may run for pages.
            # The quotation can span the row ("R1 | The Supplier shall..."): of the cells it
            # touches, the one with the most text holds the requirement itself.
            cells = [tc for tc in el.iter(TC) if next(tc.iterancestors(TR), None) is el]
            found = _locate(el, result.evidence[0].quote)
            touched = cells
            if found is not None:
                first = next(found.first.iterancestors(TC), None)
                last_cell = next(found.last.iterancestors(TC), None)
                if first in cells and last_cell in cells:
                    touched = cells[cells.index(first) : cells.index(last_cell) + 1]
            cell = max(touched, key=lambda tc: len(_text(tc)), default=None)
            paras = [c for c in cell if c.tag == P] if cell is not None else []
            if paras:
                return _Plan(paras[-1], paras[-1], False, "in the same table row")
        return self._plan_after(last, where)

    def section_plan(self, rule: Rule) -> _Plan:
        """At the end of the most relevant section, else at the end of the body.

        Each heading is scored: the requirement's own ``in section`` patterns decide
        outright; then the rule's theme as a phrase; then the patterns the requirement looks
        for (a "Freedom of Information" heading for FOI rules); then single key words from
        the theme and tags that are not generic contract words. The first heading with the
        best positive score wins, since main clauses come before schedules.
        """
        h = self._best_heading(rule)
        if h is None:
            return self._end_plan()
        last = self._clamp(self.index().section_unit(h).last, h)
        return self._plan_after(last, f"at the end of “{_short(self.doc.blocks[h].text)}”")

    def _end_plan(self) -> _Plan:
        children = [c for c in self.body if c.tag != SECT_PR]
        last = children[-1] if children else None
        template = last if last is not None and last.tag == P else None
        plain = template is None
        if template is not None:
            b = self.block_of.get(template)
            plain = b is not None and self.doc.blocks[b].kind is BlockKind.HEADING
        return _Plan(None, template, plain, "at the end of the document")

    def _best_heading(self, rule: Rule) -> int | None:
        from tenderlint.matcher import Atom, compile_atom
        from tenderlint.packs import flatten
        from tenderlint.rules import Phrase, Regex

        def atoms(patterns: Sequence[Pattern], phrases_only: bool) -> list[Atom]:
            out: list[Atom] = []
            for p in patterns:
                for c in flatten(p, self.compiled.sets):
                    if isinstance(c, Phrase) or (isinstance(c, Regex) and not phrases_only):
                        out.append(compile_atom(0, c))
            return out

        req = rule.requirement
        scope = atoms(req.sections, False) if req else []
        # Only the phrases of what the requirement looks for: its expressions can be
        # structural (a line start, a number) and would match every heading.
        looked = atoms(_condition_patterns(req.condition), True) if req else []
        theme = _one_line(rule.theme).lower()
        words = {
            w
            for w in re.findall(r"[a-z]{3,}", f"{theme} {' '.join(rule.tags)}".lower())
            if w not in _GENERIC
        }
        best: tuple[int, int] | None = None
        for i, el in enumerate(self.elements):
            block = self.doc.blocks[i]
            if el is None or block.kind is not BlockKind.HEADING:
                continue
            if i == 0 and block.text == self.doc.title:
                continue  # the title's "section" is the whole opening of the document
            text = block.text
            lower = text.lower()
            score = 0
            if any(a.search(text) for a in scope):
                score += 100
            if theme and theme in lower:
                score += 10
            if any(a.search(text) for a in looked):
                score += 5
            score += sum(1 for w in words if re.search(rf"\b{re.escape(w)}", lower))
            if score and (best is None or score > best[0]):
                best = (score, i)
        return best[1] if best else None

    def insert(self, plan: _Plan, text: str) -> None:
        """Insert the wording at ``plan``, after any wording already inserted there."""
        key = plan.after if plan.after is not None else self.body
        prev = self.last_inserted.get(key)
        items = _wording(text)
        made: list[Any] = []
        for item in items:
            if isinstance(item, _Para):
                made.append(self._paragraph(item.text, self._properties(plan, item.sub)))
            else:
                made.append(self._table(item))
        if made and made[-1].tag == TBL:
            # A table cannot end a table cell, and two tables in a row would join up.
            made.append(self._paragraph("", self._properties(plan, False)))
        for el in made:
            if prev is not None:
                prev.addnext(el)
            elif plan.after is not None:
                plan.after.addnext(el)
            else:
                sect = self.body[-1] if len(self.body) else None
                if sect is not None and sect.tag == SECT_PR:
                    sect.addprevious(el)
                else:
                    self.body.append(el)
            prev = el
        if prev is not None:
            self.last_inserted[key] = prev

    def _revision(self, tag: str) -> Any:
        el = etree.Element(tag)
        el.set(ID, self._id())
        el.set(AUTHOR_ATTR, AUTHOR)
        return el

    def _paragraph(self, text: str, ppr: Any, bold: bool = False) -> Any:
        """A new paragraph whose mark and text are one tracked insertion by tenderlint, so
        rejecting it in Word removes the paragraph, not only its words."""
        p = etree.Element(P)
        mark = etree.Element(RPR)
        mark.append(self._revision(INS))
        _put(ppr, mark)
        p.append(ppr)
        if text:
            wrap = self._revision(INS)
            p.append(wrap)
            run = etree.SubElement(wrap, R_)
            if bold:
                etree.SubElement(etree.SubElement(run, RPR), _w("b"))
            t = etree.SubElement(run, T)
            t.text = _clean(text)
            t.set(XML_SPACE, "preserve")
        return p

    def _table(self, table: _Table) -> Any:
        """A bordered table of the wording, every row a tracked insertion; the first row is
        the header, repeated on each page, as in the pack's Markdown."""
        cols = max(len(r) for r in table.rows)
        width = 9000 // cols  # twips across a portrait A4 text block, shared equally
        tbl = etree.Element(TBL)
        tblpr = etree.SubElement(tbl, _w("tblPr"))
        if "TableGrid" in self.fmt.ids:
            etree.SubElement(tblpr, _w("tblStyle")).set(VAL, "TableGrid")
        tblw = etree.SubElement(tblpr, _w("tblW"))
        tblw.set(_w("w"), "5000")
        tblw.set(_w("type"), "pct")
        borders = etree.SubElement(tblpr, _w("tblBorders"))
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            b = etree.SubElement(borders, _w(side))
            b.set(VAL, "single")
            b.set(_w("sz"), "4")
            b.set(_w("space"), "0")
            b.set(_w("color"), "auto")
        grid = etree.SubElement(tbl, _w("tblGrid"))
        for _ in range(cols):
            etree.SubElement(grid, _w("gridCol")).set(_w("w"), str(width))
        for i, row in enumerate(table.rows):
            tr = etree.SubElement(tbl, TR)
            trpr = etree.SubElement(tr, _w("trPr"))
            if i == 0:
                etree.SubElement(trpr, _w("tblHeader"))
            trpr.append(self._revision(INS))
            for cell in row:
                tc = etree.SubElement(tr, TC)
                tcw = etree.SubElement(etree.SubElement(tc, _w("tcPr")), _w("tcW"))
                tcw.set(_w("w"), str(width))
                tcw.set(_w("type"), "dxa")
                tc.append(self._paragraph(cell, etree.Element(PPR), bold=i == 0))
        return tbl

    def _properties(self, plan: _Plan, sub: bool) -> Any:
        ppr = self._copied_properties(plan)
        if sub:
            ind = ppr.find(IND)
            left = str((ind.get(_w("left")) or ind.get(_w("start"))) if ind is not None else "")
            new = etree.Element(IND)
            new.set(_w("left"), str(int(left) + SUB_INDENT if left.isdigit() else SUB_INDENT))
            new.set(_w("hanging"), "0")
            _put(ppr, new)
        return ppr

    def _copied_properties(self, plan: _Plan) -> Any:
        """The paragraph properties of the paragraph the wording follows, less what would
        make it something else (see _NOT_COPIED).

        Numbering is not copied: the model wording would become clause "14.3", renumber
        every later clause and break the cross-references to them when accepted; numbering
        it is the drafter's call. The text keeps the clause's indent instead, and a style
        that numbers its paragraphs is switched off with numId 0. A heading's properties are
        never copied, or the wording would become a heading.
        """
        src = plan.template.find(PPR) if plan.template is not None else None
        if src is None or plan.plain:
            return etree.Element(PPR)
        style_el = src.find(PSTYLE)
        style = style_el.get(VAL) if style_el is not None else None
        outline = src.find(_w("outlineLvl"))
        if self.fmt.heading_style(style) or (
            outline is not None and (outline.get(VAL) or "9") < "9"
        ):
            return etree.Element(PPR)
        ppr = copy.deepcopy(src)
        for child in list(ppr):
            if child.tag in _NOT_COPIED or not isinstance(child.tag, str):
                ppr.remove(child)
        own = src.find(NUMPR)
        own_id, own_lvl = _numpr(own) if own is not None else (None, None)
        style_id, style_lvl = self.fmt.style_numbering(style)
        num_id = own_id if own_id is not None else style_id
        ilvl = own_lvl or style_lvl or "0"
        if num_id and num_id != "0":
            if style_id and style_id != "0":
                off = etree.Element(NUMPR)
                etree.SubElement(off, NUMID).set(VAL, "0")
                _put(ppr, off)
            left = self.fmt.indent(num_id, ilvl)
            if left and ppr.find(IND) is None:
                ind = etree.Element(IND)
                ind.set(_w("left"), left)
                ind.set(_w("firstLine"), "0")
                _put(ppr, ind)
        elif own_id == "0":
            _put(ppr, copy.deepcopy(own))
        return ppr

    # -- writing ----------------------------------------------------------------------------
    def finish(self) -> bytes:
        self.pkg.write(self.main, _serialise(self.root, self.strict))
        if self.comments is not None and len(self.comments):
            name = self.comments_name
            if name is None:
                name = self._free_name(posixpath.join(self.base, "comments.xml"))
                self._relate(name)
            self.pkg.write(name, _serialise(self.comments, self.strict))
            self._content_type(name)
        return self.pkg.build()

    def _free_name(self, name: str) -> str:
        # An unreferenced comments.xml left in the package by some tool is not ours to reuse.
        stem, n = name[: -len(".xml")], 1
        while self.pkg.has(name):
            name = f"{stem}{n}.xml"
            n += 1
        return name

    def _relate(self, name: str) -> None:
        rels = self.rels
        if rels is None:
            rels = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
        used = {rel.get("Id") for rel in rels}
        n = len(used) + 1
        while f"rId{n}" in used:
            n += 1
        rel = etree.SubElement(rels, f"{{{PKG_REL}}}Relationship")
        rel.set("Id", f"rId{n}")
        kind = _STRICT[1][1] if self.strict else R
        rel.set("Type", f"{kind}/comments")
        rel.set("Target", posixpath.relpath(name, self.base or "."))
        self.pkg.write(self.rels_name, _serialise(rels, strict=False))

    def _content_type(self, name: str) -> None:
        types = self.pkg.xml("[Content_Types].xml")
        if types is None:
            raise AnnotateError("not a Word document (the zip has no [Content_Types].xml)")
        part = "/" + name
        for o in types.iter(f"{{{CT}}}Override"):
            if (o.get("PartName") or "").lower() == part.lower():
                if o.get("ContentType") == COMMENTS_CT:
                    return
                o.set("ContentType", COMMENTS_CT)
                break
        else:
            o = etree.SubElement(types, f"{{{CT}}}Override")
            o.set("PartName", part)
            o.set("ContentType", COMMENTS_CT)
        self.pkg.write("[Content_Types].xml", _serialise(types, strict=False))


def _condition_patterns(cond: Condition) -> list[Pattern]:
    """The patterns a condition mentions (both sides of a "near"), for matching headings."""
    from tenderlint.rules import All, AnyOf, Count, Mentions, Near, Not

    out: list[Pattern] = []
    if isinstance(cond, Mentions | Count):
        for p in cond.patterns:
            stack = [p]
            while stack:
                q = stack.pop()
                if isinstance(q, Near):
                    stack.extend((q.left, q.right))
                else:
                    out.append(q)
    elif isinstance(cond, All | AnyOf):
        for c in cond.items:
            out.extend(_condition_patterns(c))
    elif isinstance(cond, Not):
        pass  # what a clause must not say is no sign of where it belongs
    return out


def annotate(
    data: bytes,
    doc: Document,
    elements: Sequence[Any],
    results: Sequence[Result],
    *,
    compiled: Compiled,
    packs: Sequence[Pack],
    doc_type: DocType,
    insert_suggestions: bool = False,
) -> Annotated:
    """The annotated copy of the .docx ``data`` that ``doc`` and ``elements`` were read from.

    A comment for every weak and conflict result, anchored on its evidence; one comment on
    the title listing the missing requirements; with ``insert_suggestions``, the model
    wording of weak and missing requirements as tracked insertions. ``elements`` (from
    ``read_docx_elements``) are modified in place. Every other part is copied unchanged.
    """
    ann = _Annotator(_Package(data), doc, elements, compiled, packs, doc_type)
    weak = [r for r in results if r.outcome is Outcome.WEAK]
    conflict = [r for r in results if r.outcome is Outcome.CONFLICT]
    missing = [r for r in results if r.outcome is Outcome.MISSING]
    # Plans are made before anything changes, so comments and insertions cannot move each
    # other; insertions go in last, after the comments' markers are in place.
    plans: dict[str, _Plan] = {}
    if insert_suggestions:
        for r in [*weak, *missing]:
            rule = ann.rules.get(r.rule)
            if rule is None or not r.suggestion or not _is_wording(rule, r.suggestion):
                continue
            plan = ann.weak_plan(r) if r.outcome is Outcome.WEAK else None
            plans[r.rule] = plan if plan is not None else ann.section_plan(rule)
    for r in sorted([*weak, *conflict], key=lambda r: r.rule):
        ann.finding_comment(r, plans.get(r.rule))
    if missing:
        ann.missing_comment(missing, plans)
    for r in [*weak, *missing]:
        plan = plans.get(r.rule)
        if plan is not None and r.suggestion:
            ann.insert(plan, _variant(r.suggestion, doc_type))
    return Annotated(
        data=ann.finish(),
        weak=len(weak),
        conflict=len(conflict),
        missing=len(missing),
        inserted=len(plans),
    )
