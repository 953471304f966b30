"""A finding's identity across runs: a hash of what a lawyer would call the same finding.

The hash covers the rule, the document's path from the repository root, the clause as the
document prints it and the first quotation normalised (no clause number, case, punctuation or
layout). It leaves out block numbers, pages, line numbers and the file's bytes, so a DOCX
saved again, a PDF re-flowed or paragraphs added above keep every alert; renumbering a clause
or changing its words makes a new one. SARIF (GitHub code scanning) and GitLab Code Quality
both match findings on it.
"""

from __future__ import annotations

import hashlib
import re

from tenderlint.model import Result

_CLAUSE_NUMBER = re.compile(r"^\s*\(?[0-9]+(?:\.[0-9]+)*\)?(?:\([a-z0-9]+\))*\.?\s+", re.I)
_NON_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """Quoted text reduced to what identifies it: no leading clause number (the clause is
    hashed on its own), case, punctuation or layout, so re-flowing a PDF keeps the hash."""
    text = _CLAUSE_NUMBER.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def finding_hash(r: Result, path: str) -> str:
    """The SHA-256 (hex) of the rule, the path, the clause and the first quotation."""
    first = r.evidence[0] if r.evidence else None
    clause = first.location.clause if first and first.location else None
    parts = [
        r.rule,
        path,
        " ".join((clause or "").split()),
        normalise(first.quote if first else ""),
    ]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


class Fingerprints:
    """Hashes that stay unique within a run: the second finding with the same rule, path,
    clause and quotation gets its ordinal (1, 2, ...) appended."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def of(self, r: Result, path: str) -> tuple[str, int]:
        """The finding's hash and its ordinal among findings with the same hash (1-based)."""
        h = finding_hash(r, path)
        n = self._seen.get(h, 0) + 1
        self._seen[h] = n
        return h, n
