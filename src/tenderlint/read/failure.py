"""What a reader may refuse: the resource limits it keeps to and the failure it raises."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tenderlint.model import Block

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


class ReadFailure(Exception):
    """Raised by a format reader with a one-line message for the user."""


@dataclass(frozen=True)
class Limits:
    """Resource limits that protect the linter from hostile or broken files.

    Each is named in the error that refuses a file, with its config key under ``[limits]``
    (README, Configuration). The defaults are several times the largest real contracts seen
    (about 1,000 pages, 3 million characters, a 20 MB ``document.xml``).
    """

    max_bytes: int = DEFAULT_MAX_BYTES  # max-size-mb
    # Total a DOCX unzips to, or a PDF's compressed streams inflate to (inflate-mb).
    max_unzipped_bytes: int = 512 * 1024 * 1024
    # One DOCX part or one PDF stream, inflated (part-mb): XML this large takes minutes to
    # parse and gigabytes of memory.
    max_part_bytes: int = 64 * 1024 * 1024
    max_pages: int = 3000  # pages
    # Characters in one block (block-chars): the engine's cost grows with a block's length.
    max_block_chars: int = 200_000
    max_text_chars: int = 10_000_000  # characters in the whole document (text-chars)
    # Not a limit the config sets: how many processes may read a long PDF's pages. A run gives
    # a document the cores no other document is using (one document on two cores: two).
    page_processes: int = 1


def check_lines(data: bytes, limits: Limits) -> None:
    """Refuse a text file too long, or with a line too long, before it is parsed: a 90 MB
    one-line file must fail in a second, not after minutes of parsing."""
    if len(data) > limits.max_text_chars * 4:  # UTF-8 takes at most 4 bytes a character
        raise ReadFailure(
            f"{len(data) / 1048576:.0f} MB of text, over the {limits.max_text_chars:,}-character "
            "limit per document ([limits] text-chars in the config)"
        )
    start = 0
    longest = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        if end - start > longest:
            longest = end - start
            if longest > limits.max_block_chars:
                chars = len(data[start:end].decode("utf-8", errors="replace"))
                if chars > limits.max_block_chars:
                    raise ReadFailure(_too_long(chars, limits))
        start = end + 1


def check_text(blocks: Sequence[Block], limits: Limits) -> None:
    """Refuse a document whose text, or one of whose blocks, is over the limits."""
    total = 0
    for b in blocks:
        n = len(b.text)
        if n > limits.max_block_chars:
            raise ReadFailure(_too_long(n, limits))
        total += n
    if total > limits.max_text_chars:
        raise ReadFailure(_too_much(total, limits))


def _too_long(chars: int, limits: Limits) -> str:
    return (
        f"a paragraph of {chars:,} characters, over the {limits.max_block_chars:,}-character "
        "limit per paragraph ([limits] block-chars in the config)"
    )


def _too_much(chars: int, limits: Limits) -> str:
    return (
        f"{chars:,} characters of text or more, over the {limits.max_text_chars:,}-character "
        "limit per document ([limits] text-chars in the config)"
    )
