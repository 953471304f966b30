"""The text report's line wrapping is textwrap's, at a fraction of the cost."""

from __future__ import annotations

import random
import textwrap

from tenderlint.report import one_line
from tenderlint.report.text import wrap_words

_WORDS = ["a", "bb", "duty", "Authority", "x" * 50, "“quote”", "(b)", "—", "co-operate", "\u00a0"]
_FIRSTS = ["", "  ", "  AUDIT-001   missing    error    ", "    - ", "x" * 60]


def test_wrapping_is_textwraps_for_single_spaced_text() -> None:
    rng = random.Random(13)
    for _ in range(3000):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(0, 30))]
        text = one_line(" ".join(words))
        width = rng.randint(1, 120)
        first = rng.choice(_FIRSTS)
        rest = rng.choice(["", "    ", " " * len(first)])
        expected = textwrap.wrap(
            text,
            width=width,
            initial_indent=first,
            subsequent_indent=rest,
            break_long_words=False,
            break_on_hyphens=False,
        )
        assert wrap_words(text, width, first, rest) == expected, (text, width, first, rest)


def test_a_word_longer_than_the_line_stands_alone() -> None:
    assert wrap_words("to " + "x" * 30 + " and more", 20, "- ", "  ") == [
        "- to",
        "  " + "x" * 30,
        "  and more",
    ]
