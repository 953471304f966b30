"""What Markdown carries besides the text: front matter, inline markup and HTML, pipe tables,
and the navigation of a web page saved as Markdown.

The text reader (``read.text``) walks the lines; this module says what each piece of
Markdown means, so that template markup is dropped while the placeholders it holds stay
visible, and a scraped page's menus and language pickers are not read as clauses.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

_FRONT_FENCE = {"---": ("---", "..."), "+++": ("+++",)}
_FRONT_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*[:=]")
_FRONT_TITLE = re.compile(r"^title\s*[:=]\s*(.+?)\s*$", re.IGNORECASE)

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
# A footnote reference that a page links to its note: "[(3)](#ntr3-...)", "[1](#fn1)".
_NOTE_REF = re.compile(r"\s*\[\s*(?:\(\d{1,3}\)|\^?\d{1,3}|\[\d{1,3}\])\s*\]\(#[^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
# "**bold**", "*em*", "***both***", "_em_", "__bold__": the marks go, the words stay. Marks
# without a partner ("**" left over, "*" opening a word) go too; "approval*" keeps its star.
_EMPHASIS = (
    re.compile(r"(?<![\w*])(\*{1,3})(?=\S)(.+?)(?<=\S)\1(?!\*)"),
    re.compile(r"(?<![\w_])(_{1,3})(?=\S)(.+?)(?<=\S)\1(?![\w_])"),
)
_STRAY_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PIPE = re.compile(r"(?<!\\)\|")
_MARKUP = re.compile(r"[`\\*_<&]|\]\(")
# Literal characters (escaped, or in code spans) are parked in the Private Use Area while the
# markup around them is removed.
_PARK = 0xF0000
_UNPROTECT = {_PARK + c: chr(c) for c in range(33, 127)}


def _protect(text: str) -> str:
    return "".join(
        chr(_PARK + ord(c)) if 33 <= ord(c) < 127 and not c.isalnum() else c for c in text
    )


def front_matter(lines: Sequence[str]) -> tuple[int, str | None]:
    """The number of lines of YAML or TOML front matter at the top, and its title."""
    if not lines or lines[0].strip() not in _FRONT_FENCE:
        return 0, None
    closers = _FRONT_FENCE[lines[0].strip()]
    keys = 0
    title: str | None = None
    for i in range(1, min(len(lines), 400)):
        line = lines[i].rstrip()
        if line.strip() in closers and i > 1:
            return (i + 1, title) if keys else (0, None)
        if _FRONT_KEY.match(line):
            keys += 1
            m = _FRONT_TITLE.match(line)
            if m and title is None:
                title = m.group(1).strip().strip("'\"").strip() or None
    return 0, None


def _html_inline(text: str) -> str:
    from tenderlint.read.html import KNOWN_TAGS, inline_text

    tags = re.findall(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>", text)
    if not any(t.lower() in KNOWN_TAGS for t in tags):
        return text
    return inline_text(text)


def inline(text: str) -> str:
    """Markdown inline markup made plain: code spans, emphasis and HTML tags dropped, links
    and footnote references reduced to their text, escapes and entities resolved.

    Back-ticks round a filled-in value are template markup, not text; what they hold stays,
    so a placeholder inside them ("`[insert name]`") is still seen by the drafting rules.
    """
    if not _MARKUP.search(text):
        return text  # most clauses have no markup at all
    if "`" in text:
        text = _CODE.sub(lambda m: _protect(m.group(2).strip()), text)
    if "\\" in text:
        # An escaped character is literal: it must not read as emphasis or a link.
        text = _ESCAPE.sub(lambda m: _protect(m.group(1)), text)
    if "](" in text:
        text = _NOTE_REF.sub("", text)
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _html_inline(text)
    if "*" in text or "_" in text:
        for pattern in _EMPHASIS:
            text = pattern.sub(r"\2", text)
        text = _STRAY_EMPHASIS.sub("", text)
    text = text.translate(_UNPROTECT)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    return text


def is_footnote(text: str) -> bool:
    """Does a paragraph open with the back-link of a footnote ("[(1)](#ntc1-...) Article 44")?"""
    return bool(_NOTE_REF.match(text.lstrip()))


def table_cells(line: str) -> list[str]:
    """The cells of a pipe-table row (escaped pipes stay in their cell)."""
    row = line.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [inline(c.strip()).replace("\\|", "|") for c in _PIPE.split(row)]


# -- web pages saved as Markdown ------------------------------------------------------------
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_LINK_ONLY = re.compile(r"^(?:\s*!?\[[^\]]*\]\(\s*(?P<target>[^)\s]*)[^)]*\)\s*[|·•,;]?)+\s*$")
_LANGUAGE_PICKER = re.compile(r"(?:\(\s*[a-z]{2}\s*\)[^()]{0,40}){5,}")
_CHROME = re.compile(
    r"^(?:.{0,20}\btoggle dropdown\b.*|expand all\s+collapse all|print this page|menu|"
    r"quick search|search tips|you are here|select site language|back to top|top|"
    r"(?:table of contents\s+)?(?:hide|show) table of contents|multilingual display|"
    r"skip to (?:main )?content)\s*$",
    re.IGNORECASE,
)


# Buttons and icons a page draws with characters ("×" closes a dialog, "☰" opens a menu).
_GLYPHS = frozenset("×✕✖☰≡▲▼►◄▶◀›‹«»·•|\u200b\u200c\u200d\u2060\ufeff \t")


def _local(target: str) -> bool:
    """A link within the site (a fragment or a relative path), as menus and pickers have."""
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//)", target, re.IGNORECASE)


def _link_only(text: str) -> tuple[bool, bool]:
    """(only links, at least one to the site itself)."""
    m = _LINK_ONLY.match(text)
    if not m:
        return False, False
    targets = re.findall(r"\]\(\s*([^)\s]*)", text)
    return True, any(_local(t) for t in targets)


def _lists(lines: Sequence[str]) -> list[list[int]]:
    """Runs of list-item lines (blank lines inside a run allowed)."""
    runs: list[list[int]] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if _ITEM.match(line):
            current.append(i)
        elif line.strip():
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


def navigation(lines: Sequence[str]) -> set[int]:
    """The lines of a scraped web page that are its navigation, not its document.

    A list most of whose items are only links, some of them within the site, is a menu, a
    breadcrumb trail or a language picker. Only a page that has such a list is treated as
    scraped; on it, link-only lines within the site, language pickers, interface labels
    ("Toggle Dropdown", "Print this page") and icon characters ("×") go too.
    """
    drop: set[int] = set()
    for run in _lists(lines):
        verdicts = [_link_only(_ITEM.sub(r"\1", lines[i])) for i in run]
        links = sum(1 for only, _ in verdicts if only)
        local = any(site for _, site in verdicts)
        if len(run) >= 2 and local and links * 3 >= len(run) * 2:
            drop.update(run)
    if not drop:
        return drop
    for i, line in enumerate(lines):
        text = _ITEM.sub(r"\1", line).strip()
        if not text or i in drop:
            continue
        only, site = _link_only(text)
        chrome = _LANGUAGE_PICKER.search(text) or _CHROME.match(text) or set(text) <= _GLYPHS
        if (only and site) or chrome:
            drop.add(i)
    return drop
