"""Where a pack reference points, and reading a pack's files from there without leaving it.

A reference is a folder with ``pack.toml``, a ``.tlpack`` archive, a folder of archives plus a
name (``vendor/uk-responsible-tech`` finds ``vendor/uk-responsible-tech-*.tlpack``), or a bare
name: a pack installed in the Python environment under the entry-point group
``tenderlint.packs`` (tenderlint's bundled pack is declared there too). Files are read only
from inside the pack: no symlinks, no ``..``, no absolute paths, bounded sizes; a refused file is
named, never quoted.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from tenderlint.distribution import installed as dists
from tenderlint.distribution.archive import SUFFIX, ArchiveError, read_archive

MANIFEST = "pack.toml"
GROUP = "tenderlint.packs"
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_ARCHIVE_BYTES = 32 * 1024 * 1024
MAX_WALK = 10_000  # entries looked at when searching a pack folder for unlisted rule files


class SourceError(Exception):
    """A pack that cannot be read from where it was found (one line, naming the place)."""


def shown_path(path: Path) -> str:
    """A path as messages show it: relative to the working directory when below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


@dataclass(frozen=True)
class Found:
    """A pack as found: a folder or an archive, how it was reached, and (for an archive) every
    file already read and checked against its index."""

    kind: str  # "folder" | "archive"
    location: Path  # the folder, or the archive file (absolute)
    via: str  # "path" | "installed" | "bundled"
    shown: str  # how messages, the report and the lock name the source
    files: dict[str, bytes] = field(default_factory=dict, repr=False)  # archives only
    data: bytes = field(default=b"", repr=False)  # an archive's bytes, which a signature signs

    @property
    def signature_path(self) -> Path | None:
        return self.location.with_name(self.location.name + ".minisig") if self.data else None

    @property
    def folder(self) -> Path:
        return self.location if self.kind == "folder" else self.location.parent

    def read(self, name: str) -> bytes:
        """A file of the pack, by its name in the manifest; SourceError if it is not inside."""
        if self.kind == "archive":
            if name not in self.files:
                raise SourceError(f"{self.shown}: no file {name} in the archive")
            return self.files[name]
        return read_inside(self.location, name)

    def rule_files(self) -> list[str]:
        """Every ``.tl`` file in the pack, as relative names (for the unlisted-file check)."""
        if self.kind == "archive":
            return sorted(n for n in self.files if n.endswith(".tl"))
        return walk_rule_files(self.location)


def _bad_name(name: str) -> str | None:
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return "is not a relative path"
    if any(p in ("", ".", "..") for p in parts):
        return "leads outside the pack folder (no '..' or empty parts)"
    return None


def read_inside(folder: Path, name: str) -> bytes:
    """The file ``name`` of a pack folder, refusing anything that would leave the folder."""
    problem = _bad_name(name)
    if problem:
        raise SourceError(f"{name} {problem}")
    path = folder
    parts = name.split("/")
    for n, part in enumerate(parts, 1):
        path = path / part
        try:
            info = path.lstat()
        except FileNotFoundError:
            raise FileNotFoundError(name) from None
        except OSError as exc:
            raise SourceError(f"{name}: cannot read ({exc.strerror or exc})") from None
        if stat.S_ISLNK(info.st_mode):
            link = "/".join(parts[:n])
            where = "" if link == name else f"{name}: "
            raise SourceError(
                f"{where}{link} is a symbolic link (pack files must be inside the pack)"
            )
    if not stat.S_ISREG(info.st_mode):
        raise SourceError(f"{name} is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise SourceError(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]
    except OSError as exc:
        raise SourceError(f"{name}: cannot read ({exc.strerror or exc})") from None


def walk_rule_files(folder: Path) -> list[str]:
    """``.tl`` files below a pack folder, without following links, bounded."""
    found: list[str] = []
    seen = 0
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        seen += len(dirs) + len(files)
        if seen > MAX_WALK:
            break
        rel = Path(root).relative_to(folder)
        found.extend((rel / f).as_posix() for f in files if f.endswith(".tl"))
    return sorted(found)


def read_archive_file(path: Path, via: str = "path", shown: str | None = None) -> Found:
    label = shown or shown_path(path)
    try:
        if path.stat().st_size > MAX_ARCHIVE_BYTES:
            raise SourceError(f"{label}: larger than {MAX_ARCHIVE_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{label}: cannot read ({exc.strerror or exc})") from None
    try:
        archive = read_archive(data)
    except ArchiveError as exc:
        raise SourceError(f"{label}: {exc}") from None
    return Found("archive", path.resolve(), via, label, dict(archive.files), data)


def _at_path(path: Path, via: str = "path", shown: str | None = None) -> Found | None:
    if path.is_dir() and (path / MANIFEST).is_file():
        return Found("folder", path.resolve(), via, shown or shown_path(path))
    if path.is_file() and path.name == MANIFEST:
        return Found("folder", path.parent.resolve(), via, shown or shown_path(path.parent))
    if path.is_file():
        return read_archive_file(path, via, shown)
    return None


def find(source: str, base: Path | None = None) -> list[Found]:
    """Every pack ``source`` may mean (several when versions are to be chosen from)."""
    p = Path(source)
    places = [base / p] if base is not None and not p.is_absolute() else []
    for place in [*places, p]:
        got = _at_path(place)
        if got is not None:
            return [got]
        if place.parent.is_dir() and place.name and ("/" in source or "\\" in source):
            archives = sorted(place.parent.glob(f"{place.name}-*{SUFFIX}"))
            if archives:
                return [read_archive_file(a) for a in archives]
    if "/" in source or "\\" in source or source.endswith(SUFFIX):
        return []
    return installed(source)


def installed(name: str) -> list[Found]:
    """Packs installed under the entry-point group ``tenderlint.packs`` with this name; the
    bundled pack folder when no entry point names it (a source tree without install metadata)."""
    out: list[Found] = []
    for ep in sorted(dists.entry_points(GROUP, name), key=lambda e: e.value):
        shown = f"{name} (installed by {ep.dist})"
        try:
            target = ep.load()
        except Exception as exc:  # an installed package's import can fail in any way
            raise SourceError(f"{shown}: cannot load its entry point {ep.value}: {exc}") from None
        path = _entry_path(target)
        got = _at_path(path, "installed", shown) if path is not None else None
        if got is None:
            raise SourceError(
                f"{shown}: entry point {ep.value} names no pack folder or {SUFFIX} archive"
            )
        out.append(got)
    if not out:
        from tenderlint.data import shipped_dir

        folder = shipped_dir("rules") / name
        if _bad_name(name) is None and (folder / MANIFEST).is_file():
            out.append(Found("folder", folder.resolve(), "bundled", name))
    return out


def _entry_path(target: object) -> Path | None:
    """An entry point's object as a path: a package (its folder) or a path-like value."""
    if isinstance(target, ModuleType):
        locations = list(getattr(target, "__path__", []))
        if locations:
            return Path(locations[0])
        return Path(target.__file__).parent if target.__file__ else None
    if isinstance(target, str | os.PathLike):
        return Path(target)
    return None


def installed_names() -> list[str]:
    """The names of every pack installed under the entry-point group."""
    return sorted({ep.name for ep in dists.entry_points(GROUP)})
