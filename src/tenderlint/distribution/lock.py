"""The lock file, ``tenderlint.lock``: the exact packs a project was checked with (name, version,
sha256, source and the key that verified each), read strictly and written deterministically."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = "tenderlint.lock"
LOCK_FORMAT = 1
_SHA = re.compile(r"[0-9a-f]{64}")
_FIELDS = {"name", "version", "sha256", "source", "key"}


class LockError(Exception):
    """A lock file that cannot be used (one line naming the file)."""


@dataclass(frozen=True)
class Locked:
    """One pack as the lock file pins it."""

    name: str
    version: str
    sha256: str
    source: str
    key: str | None = None


@dataclass(frozen=True)
class Lock:
    path: str  # as shown in messages
    packs: dict[str, Locked]


def _entry(item: object, n: int, shown: str) -> Locked:
    where = f"{shown}: [[pack]] number {n}"
    if not isinstance(item, dict):
        raise LockError(f"{where}: not a table")
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise LockError(
            f'{where}: unknown key "{unknown[0]}" (allowed: {", ".join(sorted(_FIELDS))})'
        )
    for field in ("name", "version", "sha256", "source"):
        if not isinstance(item.get(field), str) or not item[field]:
            raise LockError(f'{where}: key "{field}" must be a non-empty string')
    if not _SHA.fullmatch(item["sha256"]):
        raise LockError(f'{where}: key "sha256" must be 64 lower-case hex digits')
    key = item.get("key")
    if key is not None and not (isinstance(key, str) and re.fullmatch(r"[0-9A-F]{16}", key)):
        raise LockError(f'{where}: key "key" must be a key id of 16 upper-case hex digits')
    return Locked(item["name"], item["version"], item["sha256"], item["source"], key)


def read_lock(path: Path, shown: str) -> Lock:
    """The lock file at ``path``; LockError naming the file and the problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LockError(f"{shown}: invalid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LockError(f"{shown}: cannot read: {exc}") from None
    if data.get("format") != LOCK_FORMAT:
        raise LockError(f'{shown}: key "format" must be {LOCK_FORMAT} (written by pack lock)')
    items = data.get("pack", [])
    if not isinstance(items, list):
        raise LockError(f'{shown}: "pack" must be an array of tables ([[pack]])')
    packs: dict[str, Locked] = {}
    for n, item in enumerate(items, 1):
        entry = _entry(item, n, shown)
        if entry.name in packs:
            raise LockError(f"{shown}: pack {entry.name} is locked twice")
        packs[entry.name] = entry
    extra = sorted(set(data) - {"format", "pack"})
    if extra:
        raise LockError(f'{shown}: unknown key "{extra[0]}" (allowed: format, pack)')
    return Lock(shown, packs)


def lock_text(entries: Iterable[Locked]) -> str:
    """The lock file's text: packs sorted by name, no timestamps, so it changes only when a pack
    does."""
    lines = [
        "# Written by `tenderlint pack lock`: the exact rule packs this project is checked with.",
        "# `tenderlint check` refuses a pack that does not match. Update it on purpose, with",
        "# `tenderlint pack lock`, after reading `tenderlint pack diff OLD NEW`.",
        f"format = {LOCK_FORMAT}",
    ]
    for e in sorted(entries, key=lambda e: e.name):
        lines += ["", "[[pack]]"]
        for key in ("name", "version", "sha256", "source", "key"):
            value = getattr(e, key)
            if value is not None:
                # A JSON string is a valid TOML basic string.
                lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
