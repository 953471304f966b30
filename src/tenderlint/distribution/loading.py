"""The packs of a run: each reference loaded through the gate (trust and lock) the config sets
up, plain project folders through the cache, conflicts between packs found, and what the report
says of each pack (source, key, what it extends, replaces and disables)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from tenderlint.distribution.sources import shown_path

if TYPE_CHECKING:
    from tenderlint.config import Config
    from tenderlint.distribution.lock import Lock
    from tenderlint.distribution.trust import PackGate
    from tenderlint.lang.nouns import Pack
    from tenderlint.report import PackInfo


class LoadError(Exception):
    """Packs that cannot be used: every problem, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def lock_path(config: Config) -> Path:
    """Where the project's lock file is: beside its config, else in the working directory."""
    from tenderlint.distribution.lock import LOCK_FILE  # locks and trust: only when there are

    return (config.root if config.path else Path.cwd()) / LOCK_FILE


def make_gate(config: Config, today: _dt.date, *, use_lock: bool = True) -> PackGate | None:
    """The gate for this config: None when there is nothing to check (no keys, no signature
    required and no lock file)."""
    from tenderlint.distribution.lock import LockError, read_lock
    from tenderlint.distribution.trust import PackGate

    path = lock_path(config)
    lock: Lock | None = None
    if use_lock and path.is_file():
        try:
            lock = read_lock(path, shown_path(path))
        except LockError as exc:
            raise LoadError([str(exc)]) from None
    trust = config.trust
    if lock is None and not trust.require_signature and not trust.keys and use_lock:
        return None
    return PackGate(trust, lock, today, config.root if config.path else Path.cwd())


def load_packs(
    refs: Sequence[str],
    config: Config,
    *,
    from_command_line: bool,
    use_cache: bool,
    today: _dt.date,
    note: Callable[[str], None],
) -> list[Pack]:
    """Load every pack of a run, each verified by the gate; LoadError lists every problem."""
    from tenderlint.lang.packs import DEFAULT_PACK, PackError, load_pack

    gate = make_gate(config, today)
    # Packs named in the config are relative to it; those on the command line are not.
    base = config.root if config.path and not from_command_line else None
    problems: list[str] = []
    packs: list[Pack] = []
    for ref in refs or (DEFAULT_PACK,):
        try:
            if use_cache and gate is None and _plain_folder(ref, base):
                packs.append(_cached(ref, base, config, note))
            else:
                packs.append(load_pack(ref, base=base, params=config.params, gate=gate))
        except PackError as exc:
            problems.extend(exc.problems)
    if problems:
        raise LoadError(problems)
    return combine(packs)


def load_listed(ref: str) -> Pack:
    """A pack named on the command line to list, show or document: from the cache when it is
    a plain folder (``rules list`` need not parse the rule files again), else loaded."""
    from tenderlint.config import Config
    from tenderlint.lang.packs import load_pack

    if _plain_folder(ref, None):
        return _cached(ref, None, Config(), lambda _message: None)
    return load_pack(ref)


def _plain_folder(ref: str, base: Path | None) -> bool:
    """A folder pack without a range or an ``extends``, which the cache can key by its files.

    Only the manifest's ``extends`` is looked at here: the cache is keyed by every file of the
    pack, so a cached entry's manifest is the one validated when it was stored, and a pack not
    in the cache is loaded, and its manifest validated, in full (so no run imports the schema
    validator just to ask this)."""
    import tomllib

    from tenderlint.distribution.sources import MANIFEST
    from tenderlint.lang.packs import PackError, resolve_pack_dir

    if "@" in ref:
        return False
    try:
        data = tomllib.loads((resolve_pack_dir(ref, base) / MANIFEST).read_text("utf-8"))
    except (PackError, OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data, dict) and data.get("extends") is None


def _cached(ref: str, base: Path | None, config: Config, note: Callable[[str], None]) -> Pack:
    from tenderlint import cache
    from tenderlint.distribution import sources
    from tenderlint.lang.nouns import Origin

    pack = cache.load_pack(ref, base, config.params, note)
    found = sources.find(ref, base)[0]
    # The cache was filled from the folder's path; name the source as a fresh load would.
    return replace(pack, origin=Origin(found.shown, found.kind, found.via, None))


def lineage(pack: Pack) -> list[Pack]:
    """A pack and the packs it extends, the extending pack first."""
    out: list[Pack] = []
    p: Pack | None = pack
    while p is not None:
        out.append(p)
        p = p.base
    return out


def combine(packs: list[Pack]) -> list[Pack]:
    """The packs of a run with those another already extends left out (their rules are in it,
    as it changed them); LoadError when two packs define the same rule id."""
    inside = {(b.name, b.sha256) for p in packs for b in lineage(p)[1:]}
    kept = [p for p in packs if (p.name, p.sha256) not in inside]
    owner: dict[str, str] = {}
    problems: list[str] = []
    for p in kept:
        for r in p.rules:
            if r.id in owner and owner[r.id] != p.name:
                problems.append(
                    f'rule {r.id} is defined by both pack "{owner[r.id]}" and pack "{p.name}" '
                    '(one must extend the other and list it under "replaces")'
                )
            owner.setdefault(r.id, p.name)
    if problems:
        raise LoadError(problems)
    return kept


def pack_infos(packs: Sequence[Pack]) -> tuple[PackInfo, ...]:
    """What the report says of every pack used, the packs extended included."""
    from tenderlint.report import PackInfo

    out: list[PackInfo] = []
    for top in packs:
        chain = lineage(top)
        used = {r.id for r in top.rules}
        for p in chain:
            origin = p.origin
            out.append(
                PackInfo(
                    name=p.name,
                    version=p.version,
                    sha256=p.sha256,
                    title=p.manifest.title,
                    source=origin.source if origin else p.path,
                    key=origin.key if origin else None,
                    extends=p.base.name if p.base else None,
                    rules=tuple(
                        sorted(r for r in used if top.rule_packs.get(r, top.name) == p.name)
                    ),
                    replaced=tuple(sorted(p.replaced.items())),
                    disabled=tuple(sorted(p.disabled.items())),
                )
            )
    return tuple(out)


def rule_packs(packs: Sequence[Pack]) -> dict[str, str]:
    """Rule id -> the pack that defined it (an extended pack's rules keep their own pack)."""
    return {r.id: p.rule_packs.get(r.id, p.name) for p in packs for r in p.rules}
