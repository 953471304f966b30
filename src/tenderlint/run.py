"""The pipeline, wired once: paths, rule packs and a config in, one ``Report`` out.

``open_session`` loads the config and packs and selects the rules; ``run`` reads each
document, decides its type, evaluates the rules and applies the waivers. ``check``, ``annotate``
and anything later call these two; the CLI only parses arguments and prints.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenderlint import __version__
from tenderlint.config import Config, ConfigError, find_config, glob_match, load_config
from tenderlint.model import DocType, Document, ReadError, Severity
from tenderlint.read import SUFFIXES, Limits, display_path, try_read
from tenderlint.report import DocumentReport, PackInfo, Report

if TYPE_CHECKING:
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Pack, Rule

# Files a folder search skips: project notes, and annotate's own output.
DEFAULT_EXCLUDE = ("README*", "CHANGELOG*", "CONTRIBUTING*", "LICENSE*", "*.reviewed.docx")
DEFAULT_MAX_MB = 100


class RunError(Exception):
    """The run cannot start: usage, config or pack problems, each one line (exit 2)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Options:
    """What the command line adds to the config for one run."""

    packs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    doc_type: DocType | None = None
    fail_on: str | None = None
    no_cache: bool = False
    max_size_mb: int | None = None
    config_path: Path | None = None


@dataclass
class Session:
    """What a run loads once and shares across documents: config, packs and selected rules."""

    config: Config
    options: Options
    packs: tuple[Pack, ...]
    rules: tuple[Rule, ...]
    use_cache: bool
    _compiled: Compiled | None = field(default=None, repr=False)

    @property
    def compiled(self) -> Compiled:
        """The packs compiled, on first use: a run whose results are all cached never needs it."""
        if self._compiled is None:
            self._compiled = _compile(self.packs, self.use_cache)
        return self._compiled

    @property
    def limits(self) -> Limits:
        return limits_for(self.options, self.config)

    @property
    def fail_on(self) -> Severity | None:
        name = self.options.fail_on or self.config.fail_on or "error"
        return None if name == "never" else Severity.parse(name)


def limits_for(options: Options, config: Config) -> Limits:
    """The reading limits: the command line's, else the config's, else the defaults."""
    mb = options.max_size_mb or config.max_size_mb or DEFAULT_MAX_MB
    return Limits(max_bytes=mb * 1024 * 1024)


def open_session(options: Options, config: Config | None = None) -> Session:
    """Load the config (given, or found from the working directory) and the packs; select rules."""
    if config is None:
        config = load_run_config(options.config_path)
    use_cache = config.cache and not options.no_cache
    packs = _load_packs(options.packs, config, use_cache)
    # Later packs' rules replace earlier ones with the same id, as in compile_pack.
    merged = {r.id: r for p in packs for r in p.rules}
    rules = select_rules(
        sorted(merged.values(), key=lambda r: r.id),
        split_ids(options.select or config.select),
        split_ids(options.ignore or config.ignore),
    )
    return Session(config, options, tuple(packs), tuple(rules), use_cache)


def run(paths: Sequence[Path], session: Session) -> Report:
    """Check every document under ``paths``: the pipeline read -> type -> evaluate -> waive."""
    from tenderlint import cache, waivers

    if not paths:
        raise RunError(["no documents given: tenderlint check PATH... (files or directories)"])
    config = session.config
    files, missing = collect_documents(paths, config.exclude, config.root)
    errors = [ReadError(*m.split(": ", 1)) for m in missing]
    used: set[Any] = set()
    waiver_scope: set[Any] = set()
    reports: list[DocumentReport] = []
    run_key = cache.run_key(
        session.packs, config, [r.id for r in session.rules], _doc_type_option(session)
    )
    for path in files:
        shown = display_path(path)
        rel = display_path(path, config.root)
        got = _cached_or_read(path, shown, run_key, session)
        if isinstance(got, ReadError):
            errors.append(got)
            continue
        waiver_scope.update(w for w in config.waivers if glob_match(w.path, rel))
        reports.append(check_document(got, rel, session, used, run_key))
    notes = waivers.unused([w for w in config.waivers if w in waiver_scope], used)
    return Report(
        version=__version__,
        packs=tuple(PackInfo(p.name, p.version, p.sha256, p.manifest.title) for p in session.packs),
        documents=tuple(sorted(reports, key=lambda d: d.path)),
        errors=tuple(sorted(errors, key=lambda e: e.path)),
        fail_on=session.fail_on,
        rules={r.id: r for r in session.rules},
        warnings=tuple(notes),
        rule_packs={r.id: p.name for p in session.packs for r in p.rules},
    )


def check_document(
    doc: Document | DocumentReport,
    rel_path: str,
    session: Session,
    used: set[Any],
    run_key: str | None = None,
) -> DocumentReport:
    """One document through the pipeline: type, evaluate (unless ``doc`` is a cached report),
    then the config's waivers and severities. ``used`` collects the waivers that applied."""
    from tenderlint import cache, waivers

    if isinstance(doc, Document):
        doc = lint(doc, rel_path, session)
        if session.use_cache and run_key is not None:
            cache.store_result(doc.sha256, doc.path, run_key, doc)
    config = session.config
    applied = waivers.apply(doc.results, rel_path, config.waivers, config.severity, today(), used)
    return replace(doc, results=tuple(applied))


def lint(doc: Document, rel_path: str, session: Session) -> DocumentReport:
    """One read document: decide its type, evaluate the selected rules (waivers not applied)."""
    from tenderlint.doctype import detect_doc_type
    from tenderlint.engine import Context, evaluate

    kind = session.config.doc_type_for(rel_path)
    reason = "set in the config"
    if kind is None and session.options.doc_type:
        kind, reason = session.options.doc_type, "set by --doc-type"
    if kind is None:
        kind, reason = detect_doc_type(doc)
    warnings = list(doc.warnings)
    if kind is DocType.UNKNOWN:
        warnings.append(
            "document type unknown (not a tender or contract by its title or opening): "
            "only rules for both types ran; set --doc-type or doc-types in the config"
        )
    results = evaluate(doc, session.compiled, Context(kind, reason), session.rules)
    return DocumentReport(
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        doc_type=kind,
        results=tuple(results),
        pages=doc.pages,
        title=doc.title,
        redaction=doc.redaction,
        warnings=tuple(warnings),
        doc_type_reason=reason,
        parties=doc.parties,
    )


def today() -> _dt.date:
    """The date waivers expire against (``TENDERLINT_TODAY`` fixes it for tests)."""
    return _dt.date.fromisoformat(
        os.environ.get("TENDERLINT_TODAY") or _dt.date.today().isoformat()
    )


def _doc_type_option(session: Session) -> str | None:
    return session.options.doc_type.value if session.options.doc_type else None


def _cached_or_read(
    path: Path, shown: str, run_key: str, session: Session
) -> DocumentReport | Document | ReadError:
    from tenderlint import cache

    limits = session.limits
    if session.use_cache:
        cached = cache.lookup_result(path, shown, run_key, limits.max_bytes)
        if cached is not None:
            return cached
    return try_read(path, shown, limits)


# -- loading -------------------------------------------------------------------------------------


def load_run_config(config_path: Path | None) -> Config:
    """The config file given, or the one found by walking up from the working directory."""
    path = config_path or find_config()
    if path is None:
        return Config()
    try:
        return load_config(path)
    except ConfigError as exc:
        raise RunError(exc.problems) from None


def _load_packs(refs: Sequence[str], config: Config, use_cache: bool) -> list[Pack]:
    from tenderlint import cache
    from tenderlint.lang.packs import DEFAULT_PACK, PackError, load_pack

    base = config.root if config.path else None
    problems: list[str] = []
    packs: list[Pack] = []
    for ref in refs or config.packs or (DEFAULT_PACK,):
        # Packs named in the config are relative to it; those on the command line are not.
        where = base if not refs else None
        try:
            if use_cache:
                packs.append(cache.load_pack(ref, where, config.params))
            else:
                packs.append(load_pack(ref, base=where, params=config.params))
        except PackError as exc:
            problems.extend(exc.problems)
    unknown = sorted(set(config.params) - {n for p in packs for n in p.params})
    problems += [
        f'{config.path}: key "params.{n}": no loaded pack has a parameter {n}' for n in unknown
    ]
    if problems:
        raise RunError(problems)
    return packs


def _compile(packs: Sequence[Pack], use_cache: bool) -> Compiled:
    from tenderlint import cache
    from tenderlint.engine import compile_pack

    if use_cache:
        got = cache.load_compiled(packs)
        if got is not None:
            return got
    compiled = compile_pack(packs)
    if use_cache:
        cache.store_compiled(packs, compiled)
    return compiled


def split_ids(values: Iterable[str]) -> list[str]:
    """Rule ids and prefixes from repeated or comma-separated options, upper-cased."""
    return [v.strip().upper() for item in values for v in item.split(",") if v.strip()]


def select_rules(rules: Sequence[Rule], select: Sequence[str], ignore: Sequence[str]) -> list[Rule]:
    """The rules chosen by ids or id prefixes; a name that matches no rule is an error."""

    def hit(rid: str, prefixes: Sequence[str]) -> bool:
        # "ADM" selects ADM-001 (not ADMIN-001); "DATA-00" selects DATA-001 to DATA-009.
        return any(rid == p or rid.startswith(p if "-" in p else p + "-") for p in prefixes)

    chosen = [r for r in rules if (not select or hit(r.id, select)) and not hit(r.id, ignore)]
    unknown = [p for p in [*select, *ignore] if not any(hit(r.id, [p]) for r in rules)]
    if unknown:
        raise RunError([f"no rule matches {p!r} (see 'tenderlint rules list')" for p in unknown])
    return chosen


def collect_documents(
    paths: Sequence[Path], exclude: Sequence[str] = (), root: Path | None = None
) -> tuple[list[Path], list[str]]:
    """Files to check: named files as given; directories searched for supported documents.

    ``exclude`` globs (relative to ``root``) apply to both; the default exclusions (READMEs
    and the like, ``*.reviewed.docx``) only to folder searches.
    """

    def excluded(f: Path, patterns: Sequence[str]) -> bool:
        rel = display_path(f, root)
        return any(glob_match(g, rel) for g in patterns)

    files: list[Path] = []
    problems: list[str] = []
    for p in paths:
        if p.is_dir():
            found = [
                f
                for f in sorted(p.rglob("*"))
                if f.suffix.lower() in SUFFIXES
                and f.is_file()
                and not f.name.startswith(("~$", "."))
                and not any(part.startswith(".") for part in f.relative_to(p).parts[:-1])
                and not excluded(f, (*DEFAULT_EXCLUDE, *exclude))
            ]
            if not found:
                problems.append(f"{display_path(p)}: no .docx, .pdf, .md or .txt files found")
            files.extend(found)
        elif p.exists() or p.is_symlink():
            if not excluded(p, exclude):
                files.append(p)
        else:
            problems.append(f"{display_path(p)}: no such file or directory")
    unique = sorted(set(files), key=lambda f: display_path(f))
    return unique, problems
