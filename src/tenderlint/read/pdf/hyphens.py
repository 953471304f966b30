"""Joining a paragraph's lines: line-end hyphens kept or removed, PDFium's hyphen marks fixed."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from tenderlint.read.pdf.lexicon import Lexicon
from tenderlint.read.pdf.shapes import Page

# Characters PDFium puts where a line ends in a hyphen (it cannot tell a broken word from a
# compound), plus the hyphen-like characters a PDF may carry there itself.
_HYPHENS = "-\u00ad\u2010\u2011\x02\ufffe"
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
# Prefixes whose hyphen survives a line break whatever follows: "anti-bribery",
# "non-disclosure", "self-assessment", "cross-border", "post-termination", "third-party".
KEEP_PREFIXES = frozenset({"anti", "non", "self", "cross", "post", "well", "third"})
_VOWELS = "aeiou"
_SPACED = re.compile(r"(?<![A-Za-z-])([A-Za-z]+)- ([a-z][A-Za-z]*)")
_SUSPENDED = frozenset({"and", "or", "to", "nor", "as", "but"})


def keep_line_end_hyphen(
    left: str, right: str, vocabulary: Counter[str], lexicon: Lexicon | None = None
) -> bool:
    """Whether the hyphen between ``left`` (at a line end) and ``right`` (next line) is real.

    PDFs do not say whether a line-end hyphen was put there by hyphenation or belongs to the
    word, so:

    1. the document itself decides when it uses one of the spellings mid-line more often than
       the other ("sub-contractor" or "subcontractor");
    2. otherwise the hyphen is kept when the next part starts with a capital or a digit
       ("non-\\nUK", "Covid-\\n19"), when the first part is an acronym or has a digit
       ("GDPR-\\ncompliant"), when it is a prefix that keeps its hyphen ("anti-", "non-",
       "self-", "cross-", "post-", "well-", "third-"), or when a prefix ending in a vowel meets
       the same vowel ("co-\\noperate", "re-\\nenter", "pre-\\nexisting"), as English spells them;
    3. otherwise, with a word list, the hyphen is kept when both parts are words and the
       joined form is not ("royalty-\\nfree", "cloud-\\nbased");
    4. otherwise the word was broken by hyphenation and is joined ("in-\\ndemnify").
    """
    joined = (left + right).lower()
    hyphenated = f"{left}-{right}".lower()
    if vocabulary[hyphenated] != vocabulary[joined]:
        return vocabulary[hyphenated] > vocabulary[joined]
    if not right or not left:
        return True
    if right[0].isupper() or right[0].isdigit():
        return True
    if any(c.isdigit() for c in left) or any(c.isupper() for c in left[1:]):
        return True
    low = left.lower()
    if low in KEEP_PREFIXES:
        return True
    if low[-1] in _VOWELS and right[0].lower() == low[-1] and len(low) <= 4:
        return True
    if lexicon is None:
        return False
    return lexicon.known(left) and lexicon.known(right) and not lexicon.known(left + right)


def vocabulary(pages: Iterable[Page]) -> Counter[str]:
    """Words as the document spells them, hyphenated or not, to settle line-end hyphens.

    Line-end fragments ("in", "demnify") are counted too, but they are never what is asked.
    """
    text = "\n".join(ln.text for page in pages for ln in page.lines).lower()
    return Counter(_WORD.findall(text))


def join(text: str, nxt: str, vocab: Counter[str], lexicon: Lexicon | None = None) -> str:
    """Append the next line of a paragraph, repairing a line-end hyphen."""
    if text and text[-1] in _HYPHENS:
        m = re.search(r"([A-Za-z0-9]+)[" + _HYPHENS + r"]$", text)
        n = re.match(r"[A-Za-z0-9]+", nxt)
        if m and n and m.group(1)[-1].isalpha():
            head = text[:-1]
            if keep_line_end_hyphen(m.group(1), n.group(0), vocab, lexicon):
                return f"{head}-{nxt}"
            return head + nxt
        if m:  # "2019-\n2020": a range, not a hyphenated word
            return text[:-1] + "-" + nxt
        return text[:-1].rstrip() + " - " + nxt if text[:-1].strip() else nxt
    return f"{text} {nxt}"


def rejoin_spaced(text: str, vocab: Counter[str], lexicon: Lexicon | None = None) -> str:
    """Rejoin words a line-break hyphen left split inside a line ("confiden- tial", "royalty-
    free"), keeping real compounds hyphenated; "pre- and post-" stays as written."""
    if "- " not in text:
        return text

    def one(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if right.lower() in _SUSPENDED:
            return m.group(0)
        if keep_line_end_hyphen(left, right, vocab, lexicon):
            return f"{left}-{right}"
        return left + right

    return _SPACED.sub(one, text)


def clean(text: str) -> str:
    """Make the marks PDFium puts on line-end hyphens into hyphens again."""
    return text.replace("\x02", "-").replace("\ufffe", "-")
