"""Finding quoted evidence in the runs of a paragraph, and cutting runs at its edges."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree

from tenderlint.read.normalise import normalise
from tenderlint.read.ooxml.names import (
    BR,
    CR,
    DEL,
    FLD_CHAR,
    MOVE_FROM,
    NB_HYPHEN,
    PTAB,
    R_,
    RPR,
    TAB,
    TXBX,
    VAL,
    VANISH,
    XML_SPACE,
    P,
    T,
    w,
)


def home(el: Any) -> Any | None:
    """The paragraph that holds ``el``."""
    return next(el.iterancestors(P), None)


def outside_textbox(el: Any) -> Any:
    """A text box's paragraph stands for the body paragraph that holds the box: comments and
    new paragraphs belong in the main story, not inside a drawing."""
    box = None
    for anc in el.iterancestors(TXBX):
        box = anc
    if box is None:
        return el
    outer = home(box)
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
        if home(run) is not p or _hidden(run):
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


def text_of(el: Any) -> str:
    """The w:t text inside ``el``."""
    return "".join(t.text or "" for t in el.iter(T))


def run_text(run: Any) -> str:
    """A run's text as the reader reads it, one character per offset used by ``Match``."""
    return "".join(_child_text(c) for c in run)


def paragraphs_of(container: Any) -> list[Any]:
    """The main-story paragraphs of a paragraph or table row."""
    if container.tag == P:
        return [container]
    return [p for p in container.iter(P) if outside_textbox(p) is p]


@dataclass(frozen=True)
class Match:
    """Where a quotation starts and ends: the runs and the character offsets within them."""

    first: Any
    first_at: int
    last: Any
    last_at: int  # offset of the last quoted character in ``last``


def _characters(container: Any) -> tuple[str, list[tuple[Any, int] | None]]:
    """The container's visible text, normalised character by character, and the run and
    offset each character came from (None for the space between paragraphs)."""
    chars: list[str] = []
    owner: list[tuple[Any, int] | None] = []
    for k, p in enumerate(paragraphs_of(container)):
        if k:
            chars.append(" ")
            owner.append(None)
        for run in _visible_runs(p):
            for i, c in enumerate(run_text(run)):
                for ch in " " if c.isspace() else normalise(c):
                    chars.append(ch)
                    owner.append((run, i))
    return "".join(chars), owner


def _edge(chars: str) -> str:
    # Punctuation around the words ("[Enter name]." or a closing quote) is part of the
    # quotation; an ellipsis only says where the reader shortened it.
    return "" if "..." in chars else r"\s*".join(map(re.escape, chars.replace(" ", "")))


def locate(container: Any, quote: str) -> Match | None:
    """Find the quotation in the runs of a paragraph or table row.

    The quote is the reader's normalised text (clause numbers added, quotes and dashes
    folded, ellipses where it was shortened), so it is matched word by word on each run
    character normalised the same way, ignoring punctuation and spacing between words.
    """
    text, owner = _characters(container)
    norm = normalise(quote)
    words = re.findall(r"\w+", norm)
    if not words:
        return None
    wordy = [i for i, c in enumerate(norm) if c.isalnum() or c == "_"]
    lead, trail = _edge(norm[: wordy[0]]), _edge(norm[wordy[-1] + 1 :])
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
        return Match(start[0], start[1], end[0], end[1])
    return None


def field_bounds(p: Any) -> dict[Any, tuple[Any, Any]]:
    """For each run inside a complex field of ``p``, the outermost field's first and last
    runs: a comment must not start or end inside a field result, which Word regenerates."""
    runs = [r for r in p.iter(R_) if home(r) is p]
    out: dict[Any, tuple[Any, Any]] = {}
    depth = 0
    group: list[Any] = []
    begin: Any = None
    for run in runs:
        for fc in run.iter(FLD_CHAR):
            kind = fc.get(w("fldCharType"))
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


def split_run(run: Any, at: int) -> Any | None:
    """Split ``run`` before text offset ``at``; return the new second run, or None when the
    run cannot be split safely (a tracked formatting change carries a revision id)."""
    rpr = run.find(RPR)
    if rpr is not None and rpr.find(w("rPrChange")) is not None:
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
