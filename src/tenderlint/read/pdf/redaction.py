"""Redaction boxes over PDF text: the text they hide, and per-page shares.

A box hides text painted before it, and dark text painted over it (black on black): each of
its characters becomes "█" and it counts as leaked (recoverable). A box over no text is left
to ``removed``, which decides whether it stands for removed text and for how much. The shared
marker scanner (read/redaction.py) then counts every redaction in the text.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

from tenderlint.read.pdf.pdfium import Pdfium, address
from tenderlint.read.pdf.shapes import BLOCK_CHAR, Box, Page, Seg
from tenderlint.read.redaction import LABEL, find_markers

DARK = 80  # max RGB component of a "near black" fill
_WHOLE_PAGE = 0.9  # redacted share above which a page counts as redacted entirely
_BLOCK_RANGE = re.compile("[\u2580-\u259f]")
# Words every bracketed or phrase marker contains (see redaction.MARKER).
_MARK_WORDS = ("redact", "withheld", "sensitive", "exempt", "confidential", "publication")


def may_mark(text: str) -> bool:
    """A cheap test that passes every text the (slow) redaction marker scan could match."""
    if _BLOCK_RANGE.search(text):
        return True
    low = text.lower()  # faster than one case-blind regex of the words
    return any(w in low for w in _MARK_WORDS)


def _overlaps(s: Seg | Box, b: Box) -> bool:
    return s.x0 < b.x1 and s.x1 > b.x0 and s.y0 < b.y1 and s.y1 > b.y0


def _looks_like_label(text: str) -> bool:
    low = text.lower()
    return bool(LABEL.search(text)) or any(w in low for w in ("redact", "exempt", "withheld"))


def _merged(boxes: list[Box]) -> list[Box]:
    """Boxes drawn twice (fill then outline, or an annotation over a burnt-in box) as one."""
    merged: list[Box] = []
    for b in sorted(boxes, key=lambda b: (b.z, -b.y1, b.x0)):
        for m in merged:
            ix = min(b.x1, m.x1) - max(b.x0, m.x0)
            iy = min(b.y1, m.y1) - max(b.y0, m.y0)
            if (
                ix > 0
                and iy > 0
                and ix * iy
                >= 0.8 * min((b.x1 - b.x0) * (b.y1 - b.y0), (m.x1 - m.x0) * (m.y1 - m.y0))
            ):
                m.x0, m.y0 = min(m.x0, b.x0), min(m.y0, b.y0)
                m.x1, m.y1 = max(m.x1, b.x1), max(m.y1, b.y1)
                m.z = max(m.z, b.z)
                break
        else:
            merged.append(b)
    return merged


def _hiding(px: Pdfium, segs: list[Seg], boxes: list[Box]) -> dict[int, list[Box]]:
    """The boxes over each run that hide it, by id of the run; light text painted over a
    box is noted on the box instead."""
    hiding: dict[int, list[Box]] = {}
    for s in segs:
        for b in boxes:
            if not _overlaps(s, b):
                continue
            if s.z < b.z:
                hiding.setdefault(id(s), []).append(b)
                continue
            red, green, blue, _a = px.fill(s.raw)
            if max(red, green, blue) <= DARK:
                hiding.setdefault(id(s), []).append(b)
            else:
                b.over_light += min(s.x1, b.x1) - max(s.x0, b.x0)
                b.label_text += f" {s.text}"
    return hiding


def _hide(
    px: Pdfium, textpage: Any, segs: list[Seg], hiding: dict[int, list[Box]], real: list[Box]
) -> None:
    """Replace each character under a real box with a block character."""
    r = px.r
    # Which characters belong to which text object: asked only on pages with boxes.
    chars: dict[int, list[int]] = {}
    for i in range(r.FPDFText_CountChars(textpage)):
        obj = address(r.FPDFText_GetTextObject(textpage, i))
        if obj:
            chars.setdefault(obj, []).append(i)
    rect = r.FS_RECTF()
    for s in segs:
        over = [b for b in hiding.get(id(s), ()) if b in real]
        if not over:
            continue
        out: list[str] = []
        for i in chars.get(s.handle, ()):
            ch = chr(r.FPDFText_GetUnicode(textpage, i))
            r.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(rect))
            cx = (rect.left + rect.right) / 2
            cy = (rect.top + rect.bottom) / 2
            hit = next((b for b in over if b.x0 <= cx <= b.x1 and b.y0 <= cy <= b.y1), None)
            if hit is not None and ch not in "\r\n":
                out.append(BLOCK_CHAR)
                hit.hidden += 1
            else:
                out.append(ch)
        if out:
            s.text = "".join(out)


def _sort(page: Page, real: list[Box]) -> None:
    """Count the boxes that hid text still in the file (leaked); keep those over no text for
    ``removed``, which decides what they stand for."""
    for b in real:
        if b.hidden:
            page.boxes += 1
            page.leaked_boxes += 1
        elif b.x1 - b.x0 >= 10 and b.y1 - b.y0 >= 5:  # smaller: a bullet or a rule
            page.removed.append(b)


def redact(px: Pdfium, textpage: Any, page: Page, segs: list[Seg], boxes: list[Box]) -> None:
    """Hide the text under redaction boxes and stand in for boxes over removed text.

    Light text painted over a box is visible: a short one is the box's label ("s.43"), a
    long one means the box is a dark background (a table header), not a redaction.
    """
    boxes = _merged(boxes)
    hiding = _hiding(px, segs, boxes)
    real = [
        b
        for b in boxes
        if not b.over_light
        or (b.over_light < 0.5 * (b.x1 - b.x0) and _looks_like_label(b.label_text))
    ]
    if not real:
        return
    if hiding:
        _hide(px, textpage, segs, hiding, real)
    _sort(page, real)


def page_redaction(pages: list[Page]) -> tuple[tuple[tuple[int, float], ...], tuple[int, ...]]:
    """(page, redacted share) of each page with redactions, and the pages redacted whole."""
    per_page: list[tuple[int, float]] = []
    whole: list[int] = []
    for p in pages:
        hidden = 0
        visible = 0
        for ln in p.lines:
            marks = find_markers(ln.text) if may_mark(ln.text) else []
            hidden += sum(m.hidden for m in marks)
            visible += len(ln.text) - sum(m.end - m.start for m in marks)
        if hidden:
            share = round(hidden / (hidden + visible), 4)
            per_page.append((p.number, share))
            if share >= _WHOLE_PAGE:
                whole.append(p.number)
    return tuple(per_page), tuple(whole)
