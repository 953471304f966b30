"""What a reader may refuse: the resource limits it keeps to and the failure it raises."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


class ReadFailure(Exception):
    """Raised by a format reader with a one-line message for the user."""


@dataclass(frozen=True)
class Limits:
    """Resource limits that protect the linter from hostile or broken files."""

    max_bytes: int = DEFAULT_MAX_BYTES
    # Total uncompressed size a DOCX may expand to (zip-bomb guard).
    max_unzipped_bytes: int = 512 * 1024 * 1024
    max_pages: int = 5000
