"""Text normalisation shared by every reader, so rules match one canonical form of text."""

from __future__ import annotations

import re
import unicodedata

# Folded before NFKC: quotes and dashes that NFKC leaves alone.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u2039": "'",
        "\u203a": "'",
        "\u00ad": None,  # soft hyphen: invisible, must not split words
        # Zero-width and direction marks: invisible, but they split words and phrases apart.
        "\u034f": None,
        "\u180e": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u200e": None,
        "\u200f": None,
        "\u202a": None,
        "\u202b": None,
        "\u202c": None,
        "\u202d": None,
        "\u202e": None,
        "\u2060": None,
        "\u2061": None,
        "\u2062": None,
        "\u2063": None,
        "\u2064": None,
        "\u2066": None,
        "\u2067": None,
        "\u2068": None,
        "\u2069": None,
        "\ufeff": None,
        "\ufffe": None,
        # NFKC would read a circled R or C ("SmartPayⓇ") as a letter of the word before it.
        "\u24c7": "\u00ae",
        "\u24b8": "\u00a9",
    }
)
# "royalty- free", "Federally- controlled": a word broken at a line end whose halves were
# joined with a space. A suspended hyphen ("on- and off-boarding", "pre- or post-contract")
# is left alone.
_BROKEN_HYPHEN = re.compile(
    r"(?<=[A-Za-z]{2})-\s+(?=[a-z]{2})(?!(?:and|or|nor|to|as|but|vs?|through|versus)\b)"
)


def normalise(text: str) -> str:
    """Return ``text`` in canonical form: NFKC, quotes and dashes folded, whitespace collapsed.

    NFKC splits ligatures ("ﬁ" becomes "fi") and turns no-break spaces into spaces; quotes
    and dashes are folded before it (NFKC turns an acute accent into a combining mark) and
    after it (it makes a "﹘" into an em dash). Everything else is kept as written, so
    "Error! Reference source not found." and "[ninety (90)] days" reach the rules intact.
    """
    if not text.isascii():  # ASCII is its own NFKC form and holds nothing to fold
        text = unicodedata.normalize("NFKC", text.translate(_FOLD)).translate(_FOLD)
    # str.split() splits on what ``\s`` matches, so this is the collapse and the strip in one.
    return " ".join(text.split())


def rejoin_hyphens(text: str) -> str:
    """Rejoin words broken at a line end: "royalty-\\nfree" or "royalty- free".

    For text formats, whose authors do not hyphenate: a hyphen at the end of a line belongs
    to the word, so it is kept ("royalty-free"); only the space is a damage.
    """
    return _BROKEN_HYPHEN.sub("-", text) if "-" in text else text
