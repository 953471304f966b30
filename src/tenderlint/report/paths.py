"""Paths from the repository root: where the root is, and each reported document's path from it.

GitHub code scanning, workflow annotations and GitLab's reports resolve a path from the root
of the repository, not from wherever ``tenderlint check`` ran. The root is ``--root`` when
given, else the nearest directory at or above the working directory holding ``.git`` (what
``git rev-parse --show-toplevel`` finds, without running git: nothing a repository contains
runs), else the working directory. A document outside the root keeps an absolute path, so a
report never says ``../``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def find_root(given: Path | None = None, start: Path | None = None) -> Path:
    """The repository root: ``given``, else the closest ancestor of ``start`` (default: the
    working directory) with a ``.git`` directory or file (a worktree or submodule), else
    ``start`` itself."""
    if given is not None:
        return given.resolve()
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        if (d / ".git").exists():
            return d
    return here


def from_root(shown: str, root: Path, cwd: Path | None = None) -> str:
    """The POSIX path of ``shown`` (relative to ``cwd``, or absolute) from ``root``; an
    absolute POSIX path when it lies outside the root."""
    full = Path(os.path.abspath((cwd or Path.cwd()) / shown))
    try:
        return full.relative_to(root).as_posix()
    except ValueError:
        real = Path(os.path.realpath(full))
        try:
            return real.relative_to(root.resolve()).as_posix()
        except ValueError:
            return real.as_posix()


def repo_paths(shown: Iterable[str], root: Path, cwd: Path | None = None) -> dict[str, str]:
    """Each shown path mapped to its path from ``root``."""
    return {p: from_root(p, root, cwd) for p in shown}
