"""The PDF stream scan's ASCII85 decoder gives what the standard library's does."""

from __future__ import annotations

import base64
import random

import pytest

from tenderlint.read.pdf.streams import a85decode


def test_ascii85_decodes_as_the_standard_library_does() -> None:
    rng = random.Random(7)
    for n in [*range(40), 1000, 4097]:
        for _ in range(10):
            raw = bytes(rng.choice([0, rng.getrandbits(8)]) for _ in range(n))
            wrap = rng.choice([0, 7, 76])
            encoded = base64.a85encode(raw, wrapcol=wrap)  # "z" for zero groups, line breaks
            assert a85decode(encoded) == raw


@pytest.mark.parametrize("bad", [b"abc\x7f", b"vvvvv", b"uuuuu", b"s8W-{"])
def test_bad_ascii85_is_an_error(bad: bytes) -> None:
    with pytest.raises(ValueError):
        base64.a85decode(bad)
    with pytest.raises(ValueError):
        a85decode(bad)
