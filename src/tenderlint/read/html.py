"""Web pages (.html, .htm) and the HTML inside Markdown into located blocks.

Headings, paragraphs, ordered and bulleted lists with their numbering, tables with their
header rows and definition lists become the same blocks the Word reader gives. Page chrome
(scripts, styles, navigation, banners, hidden elements, "Skip to main content") is not text;
where a page marks its main content, only that is read. A run of underscores that a page
labels for screen readers ("25 underscores") is a blank to fill in and stays visible as
"[___]". The parser never touches the network and never expands entities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tenderlint.model import BlockKind, Document
from tenderlint.read.encoding import decode_html
from tenderlint.read.failure import ReadFailure
from tenderlint.read.normalise import normalise, rejoin_hyphens
from tenderlint.read.redaction import find_markers, measure
from tenderlint.read.structure import Outline

BLANK = "[___]"  # what a labelled run of underscores reads as: a blank, visible to the rules
_MAX_DEPTH = 400  # libxml2 stops at 255 levels; this guards the walk whatever the parser does

# Elements that are never text, and page chrome around the document.


def _words(text: str) -> list[str]:
    return text.split()


_SKIP = frozenset(
    _words(
        "script style noscript template head title meta link svg math canvas iframe object embed "
        "button select input textarea option optgroup img picture video audio source track map "
        "area nav"
    )
)
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "menubar", "toolbar"})
_BLOCK = frozenset(
    _words(
        "p div section article main blockquote address figure figcaption details summary "
        "fieldset legend center form pre ul ol menu li dl dt dd table thead tbody tfoot tr td "
        "th caption h1 h2 h3 h4 h5 h6 header footer aside hr dialog hgroup search"
    )
)
_BOLD = frozenset({"b", "strong", "dfn"})
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# Every tag name HTML defines that can appear in text; anything else in angle brackets is
# text ("<insert name>", "<SELECT: is or is not>") and must survive as written.
KNOWN_TAGS = (
    _SKIP
    | _BLOCK
    | _BOLD
    | frozenset(
        _words(
            "a abbr acronym b bdi bdo big br cite code data del em font i ins kbd label mark nobr "
            "q rp rt ruby s samp small span strike sub sup time tt u var wbr col colgroup html body"
        )
    )
)
_NOT_A_TAG = re.compile(
    r"<(?!/?(?:"
    + "|".join(sorted(KNOWN_TAGS, key=len, reverse=True))
    + r")(?=[\s/>])|!--|!doctype)",
    re.IGNORECASE,
)
_UNDERSCORES_LABEL = re.compile(r"\bunderscores?\b|\bblank\b", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*([a-z-]+)", re.IGNORECASE)
_DEFINES = re.compile(
    r"^\s*[:,-]?\s*(?:means|shall\s+mean|has\s+the\s+meaning|refers\s+to|includes)\b", re.I
)
_SKIP_LINK = re.compile(r"^\s*skip\s+to\b", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.;:,]\s*$")
# A list's numbering: HTML's type attribute and CSS list-style-type, as the Outline's styles.
_FORMATS = {
    "1": "digit",
    "decimal": "digit",
    "decimal-leading-zero": "digit",
    "a": "alpha",
    "lower-alpha": "alpha",
    "lower-latin": "alpha",
    "A": "upper",
    "upper-alpha": "upper",
    "upper-latin": "upper",
    "i": "roman",
    "lower-roman": "roman",
    "I": "upper-roman",
    "upper-roman": "upper-roman",
}
_BULLETS = frozenset({"disc", "circle", "square", "none"})


def _tag(el: Any) -> str | None:
    """The lower-case tag of an element; None for comments and processing instructions."""
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else None


def escape_stray_brackets(markup: str) -> str:
    """Escape "<" that does not open an HTML tag, so "<insert name>" stays text."""
    return _NOT_A_TAG.sub("&lt;", markup)


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


@dataclass(frozen=True)
class _Label:
    """What a list item's number is: printed (``text``), cited (``number``) and its depth."""

    text: str  # "3." or "b." as a browser prints it; "" for a bullet
    number: str | None  # "3.2", "(b)": the token the Outline cites; None for a bullet
    depth: int
    style: str | None  # digit | alpha | upper | roman | upper-roman


@dataclass
class _List:
    style: str | None  # None: bulleted
    count: int
    step: int
    number: str | None = None  # the cited number of the item being read


def _list_style(el: Any) -> str | None:
    """The numbering style of a list element, or None for bullets."""
    css = _LIST_STYLE.search(el.get("style") or "")
    if css:
        kind = css.group(1).lower()
        if kind in _BULLETS:
            return None
        if kind in _FORMATS:
            return _FORMATS[kind]
    if _tag(el) != "ol":
        return None
    return _FORMATS.get((el.get("type") or "1").strip(), "digit")


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").strip())
    except ValueError:
        return None


class HtmlWalker:
    """Walks an HTML tree into an Outline, in reading order.

    ``line`` is the source line the markup starts on (Markdown passes its own line number
    for HTML embedded in it), so blocks keep the line an editor would show.
    """

    def __init__(self, outline: Outline, line: int = 1) -> None:
        self.outline = outline
        self.first_line = line
        self.lists: list[_List] = []
        self.pending: _Label | None = None  # the label of a list item not yet emitted
        self.note = 0  # inside an aside within the document: drafting notes and guidance

    # -- inline text ---------------------------------------------------------------------
    def _skipped(self, el: Any) -> bool:
        tag = _tag(el)
        if tag is None or tag in _SKIP:
            return True
        if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
            return True
        if (el.get("role") or "").lower() in _CHROME_ROLES:
            return True
        if _HIDDEN_STYLE.search(el.get("style") or ""):
            return True
        if tag in ("header", "footer", "aside") and not _in_document(el):
            return True
        return tag == "a" and bool(_SKIP_LINK.match(el.text_content() or ""))

    def inline(self, el: Any, out: list[tuple[str, bool]], bold: bool, depth: int) -> None:
        """Append the text of ``el`` and everything in it as (text, bold) segments."""
        if depth > _MAX_DEPTH:
            raise ReadFailure("document structure is nested too deeply to read")
        tag = _tag(el)
        if tag is None or self._skipped(el):
            return
        if tag == "br":
            out.append(("\n", bold))
            return
        label = el.get("aria-label")
        if label and _UNDERSCORES_LABEL.search(label) and "___" in (el.text_content() or ""):
            out.append((f" {BLANK} ", bold))
            return
        bold = bold or tag in _BOLD
        if tag in _BLOCK:
            out.append((" ", bold))
        if el.text:
            out.append((el.text, bold))
        for child in el:
            self.inline(child, out, bold, depth + 1)
            if child.tail:
                out.append((child.tail, bold))
        if tag in ("li", "dd", "td", "th") and out and not _ENDS_SENTENCE.search(out[-1][0]):
            out.append(("; " if tag == "li" else " ", bold))

    def text_of(self, el: Any, depth: int = 0) -> str:
        """The text of ``el`` as one line (block children separated by spaces)."""
        out: list[tuple[str, bool]] = []
        if el.text:
            out.append((el.text, False))
        for child in el:
            self.inline(child, out, False, depth + 1)
            if child.tail:
                out.append((child.tail, False))
        return _clean("".join(t for t, _ in out)).rstrip("; ")

    # -- blocks --------------------------------------------------------------------------
    def _line(self, el: Any) -> int | None:
        line = getattr(el, "sourceline", None)
        return self.first_line + line - 1 if isinstance(line, int) else None

    def flow(self, el: Any, depth: int = 0) -> None:
        """Read the children of a block container: runs of inline content are paragraphs."""
        if depth > _MAX_DEPTH:
            raise ReadFailure("document structure is nested too deeply to read")
        run: list[tuple[str, bool]] = []
        if el.text:
            run.append((el.text, False))
        for child in el:
            tag = _tag(child)
            if tag in _BLOCK and not self._skipped(child):
                self._paragraph(run, el)
                run = []
                self.block(child, depth + 1)
            else:
                self.inline(child, run, False, depth + 1)
            if child.tail:
                run.append((child.tail, False))
        self._paragraph(run, el)

    def block(self, el: Any, depth: int) -> None:
        """Read one block element."""
        tag = _tag(el) or ""
        if tag in _HEADINGS:
            self.pending = None
            self.outline.heading(self.text_of(el, depth), _HEADINGS[tag], line=self._line(el))
        elif tag in ("ul", "ol", "menu"):
            self._list(el, depth)
        elif tag == "li":  # an item outside any list: a bullet
            self._item(el, _List(None, 1, 1), depth)
        elif tag == "table":
            self._table(el, depth)
        elif tag == "dl":
            self._definitions(el, depth)
        elif tag == "aside":
            self.note += 1
            self.flow(el, depth)
            self.note -= 1
        elif tag != "hr":
            self.flow(el, depth)

    def _paragraph(self, run: list[tuple[str, bool]], el: Any) -> None:
        text = _clean("".join(t for t, _ in run))
        if not text:
            return
        line = self._line(el)
        label, self.pending = self.pending, None
        marks = find_markers(text)
        redacted = bool(marks) and all(m.whole_block for m in marks)
        note = self.note > 0
        if label is not None:
            kind = BlockKind.PARAGRAPH if label.number else BlockKind.LIST_ITEM
            self.outline.add(
                f"{label.text} {text}" if label.text else text,
                kind,
                number=label.number,
                depth=label.depth,
                style=label.style,
                redacted=redacted,
                line=line,
                note=note,
            )
        elif term := _defined_term(run):
            self.outline.add(text, BlockKind.DEFINITION, term=term, line=line)
        else:
            bullet = bool(self.lists) and self.lists[-1].style is None
            self.outline.add(
                text,
                BlockKind.LIST_ITEM if bullet else BlockKind.PARAGRAPH,
                depth=len(self.lists) or None,
                redacted=redacted,
                line=line,
                bold=_all_bold(run),
                note=note,
            )

    # -- lists ---------------------------------------------------------------------------
    def _list(self, el: Any, depth: int) -> None:
        style = _list_style(el)
        reverse = el.get("reversed") is not None
        items = sum(1 for c in el if _tag(c) == "li")
        start = _int(el.get("start"))
        if start is None:
            start = items if reverse else 1
        self.pending = None
        self.lists.append(_List(style, start, -1 if reverse else 1))
        for child in el:
            tag = _tag(child)
            if tag == "li":
                self._item(child, self.lists[-1], depth + 1)
            elif tag in _BLOCK and not self._skipped(child):
                self.block(child, depth + 1)  # a list nested straight inside a list
        self.lists.pop()

    def _item(self, el: Any, lst: _List, depth: int) -> None:
        value = _int(el.get("value"))
        if value is not None:
            lst.count = value
        n = lst.count
        lst.count += lst.step
        if lst.style is None:
            self.pending = _Label("", None, len(self.lists) or 1, None)
        else:
            self.pending = self._label(lst, n)
            lst.number = self.pending.number
        self.flow(el, depth)
        self.pending = None

    def _label(self, lst: _List, n: int) -> _Label:
        style = lst.style or "digit"
        depth = len(self.lists)
        if style == "digit":
            parent = self.lists[-2] if len(self.lists) > 1 else None
            if parent and parent.style == "digit" and parent.number:
                # "1." inside "3." is cited as 3.1; inside "(a)" it is "(1)".
                return _Label(f"{n}.", f"{parent.number}.{n}", depth, style)
            if parent and parent.number:
                return _Label(f"{n}.", f"({n})", depth, style)
            return _Label(f"{n}.", str(n), depth, style)
        token = {
            "alpha": _alpha(n),
            "upper": _alpha(n).upper(),
            "roman": _roman(n),
            "upper-roman": _roman(n).upper(),
        }[style]
        return _Label(f"{token}.", f"({token})", depth, style)

    # -- tables and definition lists ------------------------------------------------------
    def _rows(self, table: Any) -> Iterator[tuple[Any, bool]]:
        """(tr, in a thead) for every row of ``table``, not of tables inside its cells."""
        for child in table:
            tag = _tag(child)
            if tag == "tr":
                yield child, False
            elif tag in ("thead", "tbody", "tfoot"):
                for tr in child:
                    if _tag(tr) == "tr":
                        yield tr, tag == "thead"

    def _table(self, el: Any, depth: int) -> None:
        rows: list[tuple[Any, list[Any], bool]] = []
        for tr, head in self._rows(el):
            cells = [c for c in tr if _tag(c) in ("td", "th") and not self._skipped(c)]
            rows.append((tr, cells, head or (bool(cells) and all(_tag(c) == "th" for c in cells))))
        for child in el:
            if _tag(child) == "caption":
                self.flow(child, depth + 1)
        if rows and all(len(cells) <= 1 for _tr, cells, _h in rows):
            # A one-column table frames text (a boxed note, a page layout): read it as text.
            for _tr, cells, _head in rows:
                for cell in cells:
                    self.flow(cell, depth + 1)
            return
        self.outline.table()
        for i, (tr, cells, head) in enumerate(rows):
            texts = [self.text_of(c, depth) for c in cells]
            # Header rows are those in <thead>, or a first row of <th> cells.
            is_header = head and (i == 0 or rows[i - 1][2])
            self.outline.row(texts, header=is_header, line=self._line(tr))

    def _definitions(self, el: Any, depth: int) -> None:
        terms: list[str] = []
        defined = False
        for child in _dl_children(el):
            tag = _tag(child)
            if tag == "dt":
                if defined:
                    terms, defined = [], False
                term = self.text_of(child, depth)
                if term:
                    terms.append(term)
            elif tag == "dd":
                body = self.text_of(child, depth)
                if not body:
                    continue
                defined = True
                term = " / ".join(terms)
                if not term:
                    self.outline.add(body, line=self._line(child))
                    continue
                text = f"{term} {body}" if _DEFINES.match(body) else f"{term}: {body}"
                self.outline.add(text, BlockKind.DEFINITION, term=term, line=self._line(child))


def _dl_children(el: Any) -> Iterator[Any]:
    # HTML lets a <div> wrap each dt/dd group of a <dl>.
    for child in el:
        if _tag(child) == "div":
            yield from (c for c in child if _tag(c) in ("dt", "dd"))
        elif _tag(child) in ("dt", "dd"):
            yield child


def _in_document(el: Any) -> bool:
    """Is ``el`` inside an article, section or main (a section's own header or aside), not
    the page's banner or sidebar?"""
    parent = el.getparent()
    while parent is not None:
        if _tag(parent) in ("article", "section", "main"):
            return True
        if (parent.get("role") or "").lower() == "main":
            return True
        parent = parent.getparent()
    return False


def _clean(text: str) -> str:
    # Whitespace only: the Outline normalises every block it is given.
    return " ".join(rejoin_hyphens(text).split())


def _defined_term(run: list[tuple[str, bool]]) -> str | None:
    """The term of "<b>Open Source Software</b> means ...": a bold lead followed by "means"."""
    lead: list[str] = []
    rest: list[str] = []
    for text, bold in run:
        if rest or (not bold and text.strip()):
            rest.append(text)
        else:
            lead.append(text)
    term = normalise("".join(lead)).strip(" :\"'")
    if not term or len(term) > 80 or not rest:
        return None
    return term if _DEFINES.match("".join(rest)) else None


def _all_bold(run: list[tuple[str, bool]]) -> bool:
    """The whole paragraph is bold (a short one may be a clause or section title)."""
    return any(t.strip() for t, _ in run) and all(bold for t, bold in run if t.strip())


def _parse(markup: str) -> Any:
    from lxml import etree
    from lxml import html as lxml_html

    if re.search(r"<!ENTITY", markup[:65536], re.IGNORECASE):
        raise ReadFailure("declares XML entities (entity-expansion attack?): refused")
    # lxml refuses a str that declares its encoding; the bytes were decoded already.
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    parser = lxml_html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        root = lxml_html.document_fromstring(escape_stray_brackets(markup), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    if any("excessive depth" in e.message.lower() for e in parser.error_log):
        # libxml2 stops at 255 levels and drops or garbles the rest: refuse, do not guess.
        raise ReadFailure("document structure is nested too deeply to read (over 255 levels)")
    return root


def _main(root: Any) -> Any:
    """The element holding the document: the page's one <main>, else its body."""
    mains = [e for e in root.iter() if _tag(e) == "main" or (_tag(e) and e.get("role") == "main")]
    if len(mains) == 1:
        return mains[0]
    body = root.find("body")
    return body if body is not None else root


def read_fragment(markup: str, outline: Outline, line: int = 1) -> None:
    """Read HTML found inside another format (Markdown) into its outline."""
    root = _parse(markup)
    if root is not None:
        HtmlWalker(outline, line).flow(_main(root))


def inline_text(markup: str) -> str:
    """The text of inline HTML inside a line of Markdown: tags dropped, <br> as a line
    break, list items separated, labelled blanks shown as "[___]"."""
    root = _parse(f"<div>{markup}</div>")
    if root is None:
        return markup
    body = _main(root)
    walker = HtmlWalker(Outline())
    out: list[tuple[str, bool]] = []
    for child in body:
        walker.inline(child, out, False, 0)
        if child.tail:
            out.append((child.tail, False))
    return "".join(t for t, _ in out).strip().rstrip(";").rstrip()


def read_html(data: bytes, path: str, sha256: str) -> Document:
    """Read a web page into a Document."""
    text, warnings = decode_html(data)
    root = _parse(text)
    if root is None:
        raise ReadFailure("no text found in the document")
    outline = Outline()
    HtmlWalker(outline).flow(_main(root))
    blocks = outline.blocks()
    title_el = root.find(".//title")
    page_title = normalise(title_el.text_content()) if title_el is not None else ""
    has_heading = any(b.kind is BlockKind.HEADING for b in blocks)
    return Document(
        path=path,
        sha256=sha256,
        format="html",
        blocks=blocks,
        pages=None,
        title=(outline.title() if has_heading else page_title or outline.title()),
        redaction=measure(blocks),
        warnings=tuple(warnings),
    )
