"""A set's report in the results cache, keyed by the set, every member's path and sha256 and
the run, so that re-checking an unchanged set reads nothing but the members' bytes to hash
them, as a document's cached report does.

The entries are the cache's own (``tenderlint.cache``: checked JSON, never pickle; a damaged
or foreign entry is ignored and rebuilt); this module only says what a set's entry holds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tenderlint import cache
from tenderlint.report import DocumentReport, SetReport

Note = Callable[[str], None]
_KIND = "sets"


@dataclass(frozen=True)
class SetChecked:
    """A set's report, and each member's own report when --per-document asked for them."""

    report: SetReport
    per_document: tuple[DocumentReport, ...] = ()


def set_key(
    name: str, members: Sequence[tuple[str, str]], run_key: str, extra: Sequence[str]
) -> str:
    """The cache key of a set: its name, members (shown path, sha256), run and options."""
    return cache._key("set", name, sorted(members), run_key, list(extra))


def member_hashes(
    files: Sequence[tuple[Path, str]], max_bytes: int
) -> list[tuple[str, str]] | None:
    """Each member's (shown path, sha256) as it is now; None when one cannot be hashed."""
    out = []
    for path, shown in files:
        sha = cache.file_sha256(path, max_bytes)
        if sha is None:
            return None
        out.append((shown, sha))
    return out


def lookup(key: str, note: Note) -> SetChecked | None:
    entry = cache._load(_KIND, key, note)
    if entry is None:
        return None
    return cache._value(entry, SetChecked, str(cache._entry_path(_KIND, key)), note)


def store(key: str, checked: SetChecked) -> None:
    cache._store(_KIND, key, checked)
