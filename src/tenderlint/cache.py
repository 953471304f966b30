"""The on-disk cache of loaded packs and per-document results, kept as checked JSON data in the
user's cache directory, so that a re-run over an unchanged tender repository does little work.

Nothing in the cache can run code: entries are JSON decoded into the declared types
(``codec``), and each records what it is for (kind, key, version, and for a result the
document's sha256 and path), all checked before use. A file that is unreadable, damaged or
does not match is ignored and rebuilt, with a note for ``-v``. The default place is outside the
working tree (``$XDG_CACHE_HOME/tenderlint``, else ``~/.cache/tenderlint``), so a repository
cannot plant entries; ``TENDERLINT_CACHE_DIR`` moves it.

Compiled packs are cached as ``Compiled.to_data``'s plain data (each phrase's inflected forms,
each regex's automaton keys), keyed by the identity of every pack compiled (its sha256, the
files of the packs it imports, the packs it extends), the data format, tenderlint's version
and the lemmatiser's: loading one costs a small fraction of compiling. They are built only when
some document's results are not already cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from tenderlint import __version__
from tenderlint.codec import DecodeError, decode, encode

if TYPE_CHECKING:
    from tenderlint.config import Config
    from tenderlint.engine.compile import Compiled
    from tenderlint.lang.nouns import Pack, Quantity
    from tenderlint.report import DocumentReport

T = TypeVar("T")
Note = Callable[[str], None]
_FORMAT = 2  # bump when the shape of an entry changes (1 was pickle: never read again)
_MAX_ENTRY_BYTES = 64 * 1024 * 1024  # a bigger cache file is not one tenderlint wrote


def _no_note(_: str) -> None:
    return None


def cache_dir() -> Path:
    """Where the cache lives: ``TENDERLINT_CACHE_DIR``, else the user's cache directory."""
    if os.environ.get("TENDERLINT_CACHE_DIR"):
        return Path(os.environ["TENDERLINT_CACHE_DIR"])
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "tenderlint" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "tenderlint"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "tenderlint"


def _key(*parts: object) -> str:
    h = hashlib.sha256()
    for p in (_FORMAT, __version__, *parts):
        h.update(repr(p).encode("utf-8") + b"\0")
    return h.hexdigest()


def _entry_path(kind: str, key: str) -> Path:
    return cache_dir() / f"v{_FORMAT}" / kind / f"{key}.json"


def _load(kind: str, key: str, note: Note) -> dict[str, Any] | None:
    """The checked envelope of an entry (``value`` still encoded), or None to rebuild it."""
    path = _entry_path(kind, key)
    try:
        if not path.is_file():
            return None
        if path.stat().st_size > _MAX_ENTRY_BYTES:
            raise ValueError("too large")
        with open(path, "rb") as fh:
            data = json.loads(fh.read())
    except (OSError, ValueError, RecursionError) as exc:
        note(f"cache: ignored {path} (unreadable: {exc}); rebuilding it")
        return None
    expected = {"tenderlint": __version__, "format": _FORMAT, "kind": kind, "key": key}
    if not isinstance(data, dict) or any(data.get(k) != v for k, v in expected.items()):
        note(f"cache: ignored {path} (not an entry for this {kind} and version); rebuilding it")
        return None
    return data


def _value(entry: dict[str, Any], kind: type[T], path: str, note: Note) -> T | None:
    try:
        return decode(entry.get("value"), kind)
    except DecodeError as exc:
        note(f"cache: ignored {path} (damaged: {exc}); rebuilding it")
        return None


def _store(kind: str, key: str, value: object, **extra: object) -> None:
    """Write an entry atomically; a cache that cannot be written is silently not used."""
    try:
        data = encode(value)
    except (TypeError, ValueError, RecursionError):
        return
    _store_data(kind, key, data, **extra)


def _store_data(kind: str, key: str, data: object, **extra: object) -> None:
    """Write an entry whose value is already plain data."""
    root = cache_dir()
    path = _entry_path(kind, key)
    entry = {"tenderlint": __version__, "format": _FORMAT, "kind": kind, "key": key, **extra}
    try:
        text = json.dumps({**entry, "value": data}, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True)
        tag = root / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8")
            (root / ".gitignore").write_text("*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except (OSError, TypeError, ValueError, RecursionError):
        return


def pack_files_digest(pack_dir: Path) -> str:
    """A digest of every file a pack is made of (manifest and all rule files). Links are
    hashed by where they point, never followed: a link to a device or a pipe must not hang the
    run (the loader refuses links anyway)."""
    h = hashlib.sha256()
    files = [pack_dir / "pack.toml", *pack_dir.rglob("*.tl")]
    for f in sorted(files):
        try:
            st = f.lstat()
            h.update(f.relative_to(pack_dir).as_posix().encode() + b"\0")
            if stat.S_ISLNK(st.st_mode):
                h.update(b"link:" + os.readlink(f).encode("utf-8", "replace"))
            elif stat.S_ISREG(st.st_mode) and st.st_size <= _MAX_ENTRY_BYTES:
                h.update(f.read_bytes())
            else:
                h.update(b"?%d" % st.st_size)
            h.update(b"\0")
        except OSError:
            h.update(b"?")
    return h.hexdigest()


def load_pack(
    ref: str,
    base: Path | None,
    params: Mapping[str, Quantity] | None,
    note: Note = _no_note,
) -> Pack:
    """``packs.load_pack`` with a cache keyed by the pack's files; imports are re-checked."""
    from tenderlint.lang import packs
    from tenderlint.lang.nouns import Pack

    pack_dir = packs.resolve_pack_dir(ref, base).resolve()
    key = _key(
        "pack",
        str(Path.cwd()),
        str(pack_dir),
        pack_files_digest(pack_dir),
        sorted((params or {}).items()),
    )
    entry = _load("packs", key, note)
    if entry is not None:
        depends = entry.get("depends")
        shown = str(_entry_path("packs", key))
        pack = _value(entry, Pack, shown, note)
        fresh = isinstance(depends, list) and all(
            isinstance(d, list)
            and len(d) == 2
            and all(isinstance(x, str) for x in d)
            and pack_files_digest(Path(d[0])) == d[1]
            for d in depends
        )
        if pack is not None and fresh:
            return pack
    pack = packs.load_pack(str(pack_dir), params=params)
    depends_now = [[d, pack_files_digest(Path(d))] for d in pack.imports]
    _store("packs", key, pack, depends=depends_now)
    return pack


def _pack_identity(pack: Pack) -> list[object]:
    """What decides a loaded pack's rules and term sets, without reading its rules again."""
    out: list[object] = [pack.name, pack.sha256]
    out += [(d, pack_files_digest(Path(d))) for d in pack.imports]
    if pack.base is not None:
        out.append(_pack_identity(pack.base))
    return out


def load_compiled(packs: Sequence[Pack], note: Note = _no_note) -> Compiled:
    """``compile_pack(packs)``, from the cache when these packs were compiled before."""
    from tenderlint.engine.compile import DATA_FORMAT, Compiled, DataError, compile_pack

    key = _key("compiled", DATA_FORMAT, _lemmatiser_version(), [_pack_identity(p) for p in packs])
    entry = _load("compiled", key, note)
    if entry is not None:
        try:
            return Compiled.from_data(packs, entry.get("value"))
        except DataError as exc:
            note(f"cache: ignored {_entry_path('compiled', key)} (damaged: {exc}); rebuilding it")
    compiled = compile_pack(packs)
    _store_data("compiled", key, compiled.to_data())
    return compiled


def _lemmatiser_version() -> str:
    from tenderlint.distribution.installed import version

    return version("simplemma") or "?"


def run_key(
    loaded: Sequence[Pack], config: Config, rule_ids: Sequence[str], doc_type: str | None
) -> str:
    """What besides the document decides its results."""
    return _key(
        [(p.name, p.version, p.sha256) for p in loaded],
        config.digest(),
        list(rule_ids),
        doc_type,
    )


def file_sha256(path: Path, max_bytes: int) -> str | None:
    """The sha256 of a regular file no larger than ``max_bytes``, else None."""
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()
    except OSError:
        return None


def lookup_result(
    path: Path, shown: str, run: str, max_bytes: int, note: Note = _no_note
) -> DocumentReport | None:
    """The cached report of the document at ``path`` as it is now, if one was stored for
    exactly this content (sha256), path and run; never one recorded for another document."""
    from tenderlint.report import DocumentReport

    sha = file_sha256(path, max_bytes)
    if sha is None:
        return None
    key = _key("result", sha, run, shown)
    entry = _load("results", key, note)
    if entry is None:
        return None
    where = str(_entry_path("results", key))
    if entry.get("sha256") != sha or entry.get("path") != shown:
        note(f"cache: ignored {where} (recorded for another document); rebuilding it")
        return None
    report = _value(entry, DocumentReport, where, note)
    if report is None:
        return None
    if report.sha256 != sha or report.path != shown:
        note(f"cache: ignored {where} (its report is for another document); rebuilding it")
        return None
    return report


def store_result(sha256: str, shown: str, run: str, report: DocumentReport) -> None:
    """Keep a document's report (before waivers) for later runs over the same content."""
    _store("results", _key("result", sha256, run, shown), report, sha256=sha256, path=shown)
