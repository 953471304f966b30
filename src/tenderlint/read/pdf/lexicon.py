"""The words a PDF's text may be checked against: an English word list and the document's own.

The English list (``data/english-words.txt.gz``, from SCOWL: see ``data/build_words.py``) is
read once per process, on first use. The document adds its own words: terms of art, product
names and spellings the list lacks ("cybersecurity", "offerors") are words if the document
uses them often enough that they are not a producer's fragments.
"""

from __future__ import annotations

import functools
import gzip
from collections import Counter
from importlib import resources

# Words of one or two letters that English really uses; other short tokens ("ti", "ca", "fl"),
# which the word list holds as abbreviations or notes, are fragments in a damaged text layer.
SHORT_WORDS = frozenset(
    {"a", "i", "o", "an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it"}
    | {"me", "my", "no", "of", "on", "or", "so", "to", "up", "us", "we", "am", "ok"}
)


@functools.cache
def english() -> frozenset[str]:
    """The English word list, lower case."""
    data = resources.files("tenderlint.read.pdf").joinpath("data/english-words.txt.gz")
    return frozenset(gzip.decompress(data.read_bytes()).decode("ascii").split())


class Lexicon:
    """Whether a token is a word: in the English list, or one the document itself relies on.

    ``document`` counts the document's lower-case words. A word the list lacks counts when the
    document uses it at least ``min_uses`` times (one odd token is more likely damage).
    """

    def __init__(self, document: Counter[str], min_uses: int = 3) -> None:
        self.english = english()
        self.document = document
        self.min_uses = min_uses

    def known(self, word: str) -> bool:
        """Whether ``word`` (any case) is a word: "offerors" is, if "offeror" is."""
        w = word.lower()
        if len(w) <= 2:
            return w in SHORT_WORDS
        if w in self.english or self.document[w] >= self.min_uses:
            return True
        return w.endswith("s") and (w[:-1] in self.english or self.document[w[:-1]] >= 2)

    def listed(self, word: str) -> bool:
        """Whether ``word`` is in the English list itself (short words included)."""
        w = word.lower()
        return w in SHORT_WORDS if len(w) <= 2 else w in self.english
