"""Which files a run checks: named files as given, folders searched for documents, with the
exclusions applied and every path that cannot be searched or read reported, never skipped in
silence."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tenderlint.config import glob_match
from tenderlint.read import SUFFIXES, display_path

# Files never checked unless the config says otherwise: project notes, and annotate's output.
DEFAULT_EXCLUDE = ("README*", "CHANGELOG*", "CONTRIBUTING*", "LICENSE*", "*.reviewed.docx")


@dataclass
class Found:
    """The files to check, the paths that could not be used (one line each, exit 2), and
    notes for ``-v`` about what was passed over on purpose."""

    files: list[Path] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    notes: list[str] = field(default_factory=list)


def _shown(path: Path) -> str:
    try:
        return display_path(path)
    except (OSError, RuntimeError):  # a symlink loop cannot be resolved
        return path.as_posix()


def _why(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop: skipped"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read: permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return f"cannot read: {exc.strerror or exc}"


def collect_documents(
    paths: Sequence[Path], exclude: Sequence[str] = (), root: Path | None = None
) -> Found:
    """Files to check under ``paths``: named files and supported documents in folders.

    ``exclude`` globs (relative to ``root``) and the default exclusions apply to both; a
    named file that only the defaults exclude is skipped with a note. Folder symlinks are
    followed once (a loop is noted, not searched again); an unreadable folder, or an entry
    that is a broken link or a loop with a document's name, is a problem.
    """
    found = Found()

    def excluded(f: Path, patterns: Sequence[str]) -> bool:
        rel = _shown(f) if root is None else _rel(f, root)
        return any(glob_match(g, rel) for g in patterns)

    for p in paths:
        try:
            st = os.stat(p)
        except OSError as exc:
            found.problems.append((_shown(p), _why(exc)))
            continue
        if stat.S_ISDIR(st.st_mode):
            before = len(found.files)
            _search(p, found, lambda f: excluded(f, (*DEFAULT_EXCLUDE, *exclude)))
            if len(found.files) == before and not any(
                w.startswith(_shown(p)) for w, _ in found.problems
            ):
                found.problems.append((_shown(p), "no .docx, .pdf, .md or .txt files found"))
        elif excluded(p, exclude):
            continue
        elif excluded(p, DEFAULT_EXCLUDE):
            found.notes.append(
                f"{_shown(p)}: skipped (never checked: {', '.join(DEFAULT_EXCLUDE)})"
            )
        else:
            found.files.append(p)
    unique = {_shown(f): f for f in found.files}
    found.files = [unique[k] for k in sorted(unique)]
    found.problems.sort()
    return found


def _rel(path: Path, root: Path) -> str:
    try:
        return display_path(path, root)
    except (OSError, RuntimeError):
        return path.as_posix()


def _search(top: Path, found: Found, excluded: Callable[[Path], bool]) -> None:
    """Walk ``top`` (following folder links, each real folder once) for supported files."""
    seen: set[tuple[int, int]] = set()
    todo = [top]
    while todo:
        folder = todo.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:
                found.notes.append(f"{_shown(folder)}: already searched (a folder link loop)")
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            found.problems.append((_shown(folder), f"folder {_why(exc)}"))
            continue
        for e in entries:
            if e.name.startswith((".", "~$")):
                continue
            path = Path(e.path)
            wanted = path.suffix.lower() in SUFFIXES
            try:
                is_dir = e.is_dir()  # follows links
                is_file = not is_dir and e.is_file()
            except OSError as exc:
                if wanted:
                    found.problems.append((_shown(path), _why(exc)))
                continue
            if is_dir:
                todo.append(path)
            elif not wanted:
                continue
            elif not is_file:
                if e.is_symlink():
                    why = "symlink loop or broken link: skipped"
                    found.problems.append((_shown(path), _broken(path) or why))
            elif not excluded(path):
                found.files.append(path)


def _broken(path: Path) -> str | None:
    try:
        os.stat(path)
    except OSError as exc:
        return _why(exc)
    return None
