"""The pieces of a paragraph's text: symbol-font characters, complex fields, redaction boxes."""

from __future__ import annotations

import re
from typing import Any

from tenderlint.read.ooxml.names import w
from tenderlint.read.redaction import find_markers

_REDACTION_MARK = "\u2588"  # "█": what the marker scanner counts as a redaction box
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
_LISTINGS = frozenset({"TOC", "INDEX", "TOA"})


def symbol(el: Any) -> str:
    """The character a w:sym element shows, mapped out of symbol fonts' private codes."""
    try:
        code = int(el.get(w("char")) or "", 16)
    except ValueError:
        return ""
    if code >= 0xF000:  # symbol fonts are addressed in the private-use area
        code -= 0xF000
    font = (el.get(w("font")) or "").lower()
    if font == "symbol":
        return _SYMBOL.get(code, chr(code) if 0x20 <= code < 0x7F else "")
    if font.startswith("wingdings 2"):
        return _WINGDINGS2.get(code, "")
    if font.startswith("wingdings"):
        return _WINGDINGS.get(code, "")
    return chr(code) if 0x20 <= code < 0xD800 else ""


class ParagraphText:
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
        """Add visible text; real text after a box closes it."""
        if s:
            self.parts.append(s)
            self.box_of.append(-1)
            if self.in_box and s.strip():
                self.in_box = False

    def add_dark(self, s: str) -> None:
        """Add text under black shading or highlight: a redaction box, or part of one."""
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


class Fields:
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
        """A field starts (fldChar begin): its code follows."""
        self.stack.append([False, "", False])
        self.in_code += 1

    def code(self, text: str) -> None:
        """Field code text (w:instrText); only its first word matters."""
        if self.stack and not self.stack[-1][0] and len(self.stack[-1][1]) < 64:
            self.stack[-1][1] += text

    def separate(self) -> None:
        """The field's result starts (fldChar separate)."""
        if self.stack and not self.stack[-1][0]:
            field = self.stack[-1]
            field[0] = True
            self.in_code -= 1
            words = field[1].split(maxsplit=1)
            if words and words[0].upper() in _LISTINGS:
                field[2] = True
                self.listing += 1

    def end(self) -> None:
        """The innermost open field ends (fldChar end)."""
        if self.stack:
            past, _code, listing = self.stack.pop()
            if not past:
                self.in_code -= 1
            if listing:
                self.listing -= 1
