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
        "\u00ad": None,  # soft hyphen: invisible, must not split words
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\ufffe": None,
    }
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Return ``text`` in canonical form: NFKC, quotes and dashes folded, whitespace collapsed.

    NFKC splits ligatures ("ﬁ" becomes "fi") and turns no-break spaces into spaces.
    """
    text = unicodedata.normalize("NFKC", text.translate(_FOLD))
    return _SPACE.sub(" ", text).strip()
