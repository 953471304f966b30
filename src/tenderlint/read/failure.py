"""What a reader may refuse: the resource limits it keeps to and the failure it raises."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


class ReadFailure(Exception):
    """Raised by a format reader with a one-line message for the user."""


@dataclass(frozen=True)
class Limits:
    """Resource limits that protect the linter from hostile or broken files.

    Each is named in the error that refuses a file, with its config key under ``[limits]``
    (docs/configuration.md). The defaults are several times the largest real contracts seen
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
