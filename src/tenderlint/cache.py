"""The on-disk cache: loaded packs, compiled packs and per-document results, so that a
pre-commit run over an unchanged tender repository does almost no work.

Keys are content digests: a pack by the sha256 of its files and the tenderlint version; a
document's results by its sha256, the pack digests, the config digest, the rules selected and
the path. A corrupt or unwritable cache is ignored: it only ever saves time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenderlint import __version__

if TYPE_CHECKING:
    from tenderlint.config import Config
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Pack, Quantity
    from tenderlint.report import DocumentReport

_FORMAT = 1  # bump when cached shapes change


def cache_dir() -> Path:
    return Path(os.environ.get("TENDERLINT_CACHE_DIR") or ".tenderlint_cache")


def _key(*parts: object) -> str:
    h = hashlib.sha256()
    for p in (_FORMAT, __version__, *parts):
        h.update(repr(p).encode("utf-8") + b"\0")
    return h.hexdigest()


def _load(kind: str, key: str) -> Any:
    path = cache_dir() / kind / f"{key}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        return None


def _store(kind: str, key: str, value: Any) -> None:
    root = cache_dir()
    folder = root / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tag = root / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8")
            (root / ".gitignore").write_text("*\n", encoding="utf-8")
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{key}.pickle")
    except OSError:
        return


def pack_files_digest(pack_dir: Path) -> str:
    """A digest of every file a pack is made of (manifest and all rule files)."""
    h = hashlib.sha256()
    for f in sorted([pack_dir / "pack.toml", *pack_dir.rglob("*.tl")]):
        try:
            h.update(f.relative_to(pack_dir).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
        except OSError:
            h.update(b"?")
    return h.hexdigest()


def load_pack(ref: str, base: Path | None, params: Mapping[str, Quantity] | None) -> Pack:
    """``packs.load_pack`` with a cache keyed by the pack's files; imports are re-checked."""
    from tenderlint.lang import packs

    pack_dir = packs.resolve_pack_dir(ref, base).resolve()
    key = _key("pack", str(pack_dir), pack_files_digest(pack_dir), sorted((params or {}).items()))
    got = _load("packs", key)
    if got is not None:
        pack, depends = got
        if all(pack_files_digest(Path(d)) == digest for d, digest in depends):
            return pack  # type: ignore[no-any-return]
    pack = packs.load_pack(str(pack_dir), params=params)
    depends = [(d, pack_files_digest(Path(d))) for d in pack.imports]
    _store("packs", key, (pack, depends))
    return pack


def _compiled_key(loaded: Sequence[Pack]) -> str:
    return _key(
        "compiled",
        [(p.name, p.sha256, sorted((k, v.value) for k, v in p.params.items())) for p in loaded],
    )


def load_compiled(loaded: Sequence[Pack]) -> Compiled | None:
    got = _load("compiled", _compiled_key(loaded))
    return got  # type: ignore[no-any-return]


def store_compiled(loaded: Sequence[Pack], compiled: Compiled) -> None:
    _store("compiled", _compiled_key(loaded), compiled)


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


def _file_sha(path: Path, max_bytes: int) -> str | None:
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def lookup_result(path: Path, shown: str, run: str, max_bytes: int) -> DocumentReport | None:
    sha = _file_sha(path, max_bytes)
    if sha is None:
        return None
    got = _load("results", _key("result", sha, run, shown))
    return got  # type: ignore[no-any-return]


def store_result(sha256: str, shown: str, run: str, report: DocumentReport) -> None:
    _store("results", _key("result", sha256, run, shown), report)
