"""Which sets a run checks, and which files are in each: ``--set NAME`` makes the files given
one set; a file matched by a config ``[[sets]]`` entry brings in that whole set (so a hook given
only the changed file still checks the set it belongs to); a file under a folder whose
``tenderlint.toml`` has a ``[set]`` table brings in that folder. Everything else is checked on
its own, as before.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tenderlint.config import CONFIG_FILES, Config, ConfigError, glob_match, load_config
from tenderlint.read import SUFFIXES, display_path
from tenderlint.sets.spec import SetSpec

NOTICE_SUFFIX = ".json"  # OCDS notice data: a member of a set, never a document on its own
_SNIFF = 65536  # bytes of a .json file in a set's folder looked at for OCDS's keys


@dataclass(frozen=True)
class Planned:
    """A set to check and the files in it (sorted by path)."""

    spec: SetSpec
    files: tuple[Path, ...]


@dataclass
class Plan:
    """The sets to check, the files checked on their own, and what could not be used."""

    sets: list[Planned] = field(default_factory=list)
    loose: list[Path] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, why): exit 2
    notes: list[str] = field(default_factory=list)


def plan(
    given: Sequence[Path],
    files: Sequence[Path],
    config: Config,
    ad_hoc: SetSpec | None = None,
) -> Plan:
    """Sets and loose files for the files a run found under ``given``."""
    out = Plan()
    if ad_hoc is not None:
        named = next((s for s in config.sets if s.name == ad_hoc.name), None)
        spec = _merged(ad_hoc, named)
        members = list(files)
        if not given and named is not None:
            members = _expand(named, config, out)
        if not members:
            out.problems.append(
                (
                    f"set {ad_hoc.name}",
                    "no documents: give PATHS or define the set's paths in the config ([[sets]])",
                )
            )
        else:
            out.sets.append(Planned(spec, _sorted(members)))
        return out
    claimed: set[str] = set()
    for spec in config.sets:
        members = _expand(spec, config, out)
        keys = {_key(f) for f in members}
        if any(_key(f) in keys for f in files):
            out.sets.append(Planned(spec, _sorted(members)))
            claimed |= keys
    folders: dict[Path, Planned | None] = {}
    for f in files:
        if _key(f) in claimed:
            continue
        folder = _set_folder(f, config, folders, out)
        if folder is None:
            out.loose.append(f)
            continue
        planned = folders[folder]
        assert planned is not None
        if planned not in out.sets:
            out.sets.append(planned)
        claimed |= {_key(m) for m in planned.files}
    out.loose = [f for f in out.loose if _key(f) not in claimed]
    return out


def _merged(ad_hoc: SetSpec, named: SetSpec | None) -> SetSpec:
    if named is None:
        return ad_hoc
    kind = ad_hoc.doc_type or named.doc_type
    return SetSpec(named.name, kind, named.paths, named.main, named.source)


def _key(path: Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return path.as_posix()


def _sorted(paths: Sequence[Path]) -> tuple[Path, ...]:
    unique = {_key(p): p for p in paths}
    return tuple(sorted(unique.values(), key=lambda p: display_path(p)))


def _expand(spec: SetSpec, config: Config, out: Plan) -> list[Path]:
    """The files a config set's globs match under the config's folder, exclusions applied."""
    from tenderlint.collect import DEFAULT_EXCLUDE

    root = config.root
    found: list[Path] = []
    for pattern in spec.paths:
        matched = [p for p in sorted(root.glob(pattern)) if p.is_file() and _member_file(p)]
        if not matched:
            out.notes.append(f"set {spec.name}: {pattern!r} matches no document")
        found += matched
    return [
        f
        for f in found
        if not any(
            glob_match(g, display_path(f, root)) for g in (*DEFAULT_EXCLUDE, *config.exclude)
        )
    ]


def _member_file(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES or path.suffix.lower() == NOTICE_SUFFIX


def _set_folder(
    f: Path, config: Config, folders: dict[Path, Planned | None], out: Plan
) -> Path | None:
    """The nearest folder above ``f`` (up to the config's folder, else the working
    directory) whose tenderlint.toml has a ``[set]`` table; its set is planned on first use."""
    top = config.root.resolve()
    here = f.resolve().parent
    if top not in (here, *here.parents):
        top = Path.cwd().resolve()
    while True:
        if here not in folders:
            folders[here] = _folder_set(here, config, out)
        if folders[here] is not None:
            return here
        if here == top or here.parent == here or top not in here.parents:
            return None
        here = here.parent


def _folder_set(folder: Path, config: Config, out: Plan) -> Planned | None:
    from tenderlint.collect import collect_documents

    spec: SetSpec | None = None
    if config.path is not None and folder == config.root.resolve():
        spec = config.folder_set
    else:
        for name in CONFIG_FILES:
            path = folder / name
            if path.is_file():
                try:
                    spec = load_config(path).folder_set
                except ConfigError as exc:
                    out.problems += [(display_path(path), p) for p in exc.problems]
                break
    if spec is None:
        return None
    found = collect_documents([folder], config.exclude, config.root)
    out.problems += found.problems
    notices = [p for p in sorted(folder.rglob(f"*{NOTICE_SUFFIX}")) if _is_notice(p)]
    members = [*found.files, *notices]
    main = spec.main
    if main is not None:
        main = display_path(folder / main, config.root)
    named = SetSpec(spec.name or folder.name, spec.doc_type, (), main, spec.source)
    return Planned(named, _sorted(members))


def _is_notice(path: Path) -> bool:
    """A .json file in a set's folder is a member when it looks like OCDS data."""
    if any(part.startswith(".") for part in path.parts[-2:]):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF)
    except OSError:
        return True  # named as a member: reading it reports the problem
    return any(k in head for k in (b'"ocid"', b'"releases"', b'"records"'))
