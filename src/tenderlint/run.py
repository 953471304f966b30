"""The pipeline, wired once: paths, rule packs and a config in, one ``Report`` out.

``open_session`` loads the config and packs and selects the rules; ``run`` reads each
document, decides its type, evaluates the rules and applies the waivers. ``check``, ``annotate``
and anything later call these two; the CLI only parses arguments and prints.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenderlint import __version__
from tenderlint.collect import DEFAULT_EXCLUDE, collect_documents
from tenderlint.config import Config, ConfigError, find_config, glob_match, load_config
from tenderlint.model import DocType, Document, ReadError, Severity
from tenderlint.quantities import parse_money
from tenderlint.read import Limits, display_path, try_read
from tenderlint.report import DocumentReport, Report

if TYPE_CHECKING:
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Pack, Rule
    from tenderlint.sets import SetSpec
    from tenderlint.sets.runner import SetJob, SetOutcome

__all__ = ["DEFAULT_EXCLUDE", "collect_documents"]

DEFAULT_MAX_MB = 100
DEFAULT_TIMEOUT_S = 120.0  # generous: a 400-page contract is checked in a few seconds
DEFAULT_MEMORY_MB = 2048  # per worker, above what it inherits; reader limits come first
Progress = Callable[[str, int, int], None]  # (path, documents done, documents in all)


class RunError(Exception):
    """The run cannot start: usage, config or pack problems, each one line (exit 2)."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class InternalError(ReadError):
    """A document that could not be checked because of a fault in tenderlint itself."""

    what: str = ""  # the fault in a few words
    detail: str = field(default="", compare=False, repr=False)  # the traceback, for -v


def internal_error(path: str, what: str, detail: str = "") -> InternalError:
    """The error for a document a fault stopped: reported like an unreadable one (exit 2)."""
    return InternalError(path, f"internal error: {what} (please report)", what, detail)


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
    timeout: float | None = None  # seconds per document; 0 = no budget
    jobs: int | None = None  # worker processes; 0 = check in this process
    set_name: str | None = None  # --set NAME: the documents given are one set
    per_document: bool = False  # --per-document: each set member's own results as well


@dataclass
class Session:
    """What a run loads once and shares across documents: config, packs and selected rules."""

    config: Config
    options: Options
    packs: tuple[Pack, ...]
    rules: tuple[Rule, ...]
    use_cache: bool
    _compiled: Compiled | None = field(default=None, repr=False)
    notes: list[str] = field(default_factory=list)  # shown under -v: cache and skipped files
    # Processes one long document may use (its PDF pages, its rules): the cores the run's
    # workers leave idle.
    processes_each: int = 1
    # Loaded and compiled packs are cached by their content unless the config says no cache;
    # --no-cache is about results (``use_cache``).
    cache_packs: bool = True

    def note(self, text: str) -> None:
        self.notes.append(text)

    @property
    def compiled(self) -> Compiled:
        """The packs compiled, on first use: a run whose results are all cached never needs it."""
        if self._compiled is None:
            from tenderlint import cache
            from tenderlint.engine import compile_pack

            if self.cache_packs:
                self._compiled = cache.load_compiled(self.packs, self.note)
            else:
                self._compiled = compile_pack(self.packs)
        return self._compiled

    @property
    def limits(self) -> Limits:
        return replace(limits_for(self.options, self.config), page_processes=self.processes_each)

    @property
    def timeout(self) -> float | None:
        """Seconds one document may take, or None for no budget."""
        t = self.options.timeout
        if t is None:
            t = self.config.limits.get("timeout", DEFAULT_TIMEOUT_S)
        return float(t) if t else None

    @property
    def memory_bytes(self) -> int:
        return int(self.config.limits.get("memory-mb", DEFAULT_MEMORY_MB)) * 1024 * 1024

    def workers(self, documents: int) -> int:
        """Worker processes for ``documents`` documents: one per core (0 = this process).
        The cores they leave idle go to long documents (``processes_each``)."""
        if self.options.jobs is not None:
            n = min(self.options.jobs, documents)
        else:
            n = min(os.cpu_count() or 1, documents)
        self.processes_each = max(1, (os.cpu_count() or 1) // max(1, n))
        return n

    @property
    def fail_on(self) -> Severity | None:
        name = self.options.fail_on or self.config.fail_on or "error"
        return None if name == "never" else Severity.parse(name)


_MB = 1024 * 1024


def limits_for(options: Options, config: Config) -> Limits:
    """The reading limits: the command line's, else the config's, else the defaults."""
    mb = options.max_size_mb or config.max_size_mb or DEFAULT_MAX_MB
    got = config.limits
    base = Limits()
    return Limits(
        max_bytes=mb * _MB,
        max_unzipped_bytes=int(got.get("inflate-mb", base.max_unzipped_bytes // _MB)) * _MB,
        max_part_bytes=int(got.get("part-mb", base.max_part_bytes // _MB)) * _MB,
        max_pages=int(got.get("pages", base.max_pages)),
        max_block_chars=int(got.get("block-chars", base.max_block_chars)),
        max_text_chars=int(got.get("text-chars", base.max_text_chars)),
    )


def open_session(options: Options, config: Config | None = None) -> Session:
    """Load the config (given, or found from the working directory) and the packs; select rules."""
    if config is None:
        config = load_run_config(options.config_path)
    use_cache = config.cache and not options.no_cache
    notes: list[str] = []
    packs = _load_packs(options.packs, config, config.cache, notes)
    # Later packs' rules replace earlier ones with the same id, as in compile_pack.
    merged = {r.id: r for p in packs for r in p.rules}
    rules = select_rules(
        sorted(merged.values(), key=lambda r: r.id),
        split_ids(options.select or config.select),
        split_ids(options.ignore or config.ignore),
    )
    if not rules:
        raise RunError(
            [
                "no rule selected: the packs have no rules, or --select/--ignore (or the "
                "config's select/ignore) leave none; see 'tenderlint rules list'"
            ]
        )
    return Session(
        config,
        options,
        tuple(packs),
        tuple(rules),
        use_cache,
        notes=notes,
        cache_packs=config.cache,
    )


def run(
    paths: Sequence[Path],
    session: Session,
    progress: Progress | None = None,
) -> Report:
    """Check every document under ``paths``: the pipeline read -> type -> evaluate -> waive.

    Each document is checked on its own: a read problem, a run past the time budget or an
    unexpected error becomes an error for that document alone, and the others are still
    checked. ``progress(path, done, total)`` is called once per document as it finishes, in
    any order.
    """
    from tenderlint import cache, waivers
    from tenderlint.collect import collect_documents
    from tenderlint.distribution.loading import pack_infos, rule_packs
    from tenderlint.sets import find
    from tenderlint.sets.runner import check_sets, jobs_for, set_waivers

    config = session.config
    ad_hoc = _ad_hoc_set(session)
    if not paths and ad_hoc is None:
        raise RunError(["no documents given: tenderlint check PATH... (files or directories)"])
    found = collect_documents(paths, config.exclude, config.root) if paths else None
    planned = find.plan(paths, found.files if found else [], config, ad_hoc)
    for n in [*(found.notes if found else []), *planned.notes]:
        session.note(n)
    problems = [*(found.problems if found else []), *planned.problems]
    errors: list[ReadError] = [ReadError(p, why) for p, why in problems]
    run_key = cache.run_key(
        session.packs, config, [r.id for r in session.rules], _doc_type_option(session)
    )
    loose, notices = _notices_apart(planned.loose)
    errors += notices
    jobs = [Job(f, display_path(f), display_path(f, config.root)) for f in loose]
    checked = check_all(jobs, session, run_key, progress)
    used: set[Any] = set()
    waiver_scope: set[Any] = set()
    reports: list[DocumentReport] = []

    def keep(got: DocumentReport, rel: str) -> None:
        waiver_scope.update(w for w in config.waivers if glob_match(w.path, rel))
        reports.append(apply_waivers(got, rel, session, used))

    for job, got in zip(jobs, checked, strict=True):
        if isinstance(got, ReadError):
            errors.append(got)
        else:
            keep(got, job.rel)
    sets = []
    set_jobs = jobs_for(planned.sets, config.root)
    work = functools.partial(check_set_job, session=session)
    for outcome, rels in check_sets(set_jobs, session, run_key, work, progress):
        errors += outcome.errors
        if outcome.checked is None:
            continue
        for member in outcome.checked.per_document:
            keep(member, rels[member.path])
        waiver_scope.update(
            w for w in config.waivers if any(glob_match(w.path, r) for r in rels.values())
        )
        sets.append(set_waivers(outcome.checked.report, rels, session, used, today()))
    notes = waivers.unused([w for w in config.waivers if w in waiver_scope], used)
    return Report(
        version=__version__,
        packs=pack_infos(session.packs),
        documents=tuple(sorted(reports, key=lambda d: d.path)),
        errors=tuple(sorted(errors, key=lambda e: e.path)),
        fail_on=session.fail_on,
        rules={r.id: r for r in session.rules},
        warnings=tuple(notes),
        rule_packs=rule_packs(session.packs),
        sets=tuple(sorted(sets, key=lambda s: s.name)),
    )


def _notices_apart(files: Sequence[Path]) -> tuple[list[Path], list[ReadError]]:
    """Documents to check on their own, and an error for each OCDS notice among them."""
    from tenderlint.sets.find import NOTICE_SUFFIX

    why = (
        "OCDS notice data is read as a member of a set (--set NAME, [[sets]] in the config, "
        "or a folder whose tenderlint.toml has [set])"
    )
    notices = [f for f in files if f.suffix.lower() == NOTICE_SUFFIX]
    return [f for f in files if f not in notices], [
        ReadError(display_path(f), why) for f in notices
    ]


def _ad_hoc_set(session: Session) -> SetSpec | None:
    from tenderlint.sets import SetSpec

    name = session.options.set_name
    if name is None:
        return None
    return SetSpec(name, session.options.doc_type, source="--set")


@dataclass(frozen=True)
class Job:
    """One document to check: its path, as shown in messages, and relative to the config."""

    path: Path
    shown: str
    rel: str


def check_all(
    jobs: Sequence[Job], session: Session, run_key: str, progress: Progress | None = None
) -> list[DocumentReport | ReadError]:
    """Each job's report (waivers not applied) or error, in the order of ``jobs``: cached
    reports first, then the rest in worker processes under the time budget."""
    from tenderlint import cache
    from tenderlint.workers import Died, GaveUp, run_jobs

    out: list[DocumentReport | ReadError | None] = [None] * len(jobs)
    todo: list[int] = []
    total = len(jobs)
    count = 0

    def done(i: int, got: DocumentReport | ReadError) -> None:
        nonlocal count
        out[i] = got
        count += 1
        if progress is not None:
            progress(jobs[i].shown, count, total)

    for i, job in enumerate(jobs):
        cached = _cached(job, run_key, session)
        if cached is None:
            todo.append(i)
        else:
            done(i, cached)
    if todo:
        _ = session.compiled  # compiled once here, so that forked workers share it
    budget = session.timeout

    def finished(k: int, got: DocumentReport | ReadError | GaveUp | Died) -> None:
        job = jobs[todo[k]]
        if isinstance(got, GaveUp):
            got = ReadError(
                job.shown,
                f"gave up after {got.seconds:g} s (per-document time budget; "
                "--timeout or [limits] timeout in the config)",
            )
        elif isinstance(got, Died):
            got = internal_error(
                job.shown,
                f"the process checking it stopped ({got.how}): out of memory, or a crash "
                "in a reader",
            )
        elif isinstance(got, DocumentReport) and session.use_cache:
            cache.store_result(got.sha256, got.path, run_key, got)
        done(todo[k], got)

    run_jobs(
        [jobs[i] for i in todo],
        functools.partial(check_job, session=session),
        workers=session.workers(len(todo)),
        budget=budget,
        memory_bytes=session.memory_bytes,
        done=finished,
    )
    return [r for r in out if r is not None]


def check_job(job: Job, session: Session) -> DocumentReport | ReadError:
    """Read and evaluate one document; any unexpected exception becomes an InternalError."""
    try:
        got = try_read(job.path, job.shown, session.limits)
        if isinstance(got, ReadError):
            return got
        return lint(got, job.rel, session)
    except RecursionError:
        return internal_error(job.shown, "nested too deeply to check (RecursionError)")
    except MemoryError:
        return ReadError(job.shown, "ran out of memory (per-document memory limit; [limits])")
    except Exception as exc:  # a bug must not stop the other documents or pass this one
        return internal_error(job.shown, f"{type(exc).__name__}: {exc}", traceback.format_exc())


def check_set_job(job: SetJob, session: Session) -> SetOutcome:
    """Read a set's members and evaluate the rules on them together (and on each member
    alone with --per-document); an unexpected exception becomes an InternalError."""
    from tenderlint.sets import Member
    from tenderlint.sets.evaluate import evaluate_set, set_type, with_set_type
    from tenderlint.sets.runner import SetOutcome, assemble, ordered, read_member

    try:
        got = [
            read_member(f, shown, rel, session.limits, lambda d, r: decide_type(d, r, session))
            for f, shown, rel in zip(job.files, job.shown, job.rels, strict=True)
        ]
        errors = tuple(g for g in got if isinstance(g, ReadError))
        members = [g for g in got if isinstance(g, Member)]
        if not members:
            return SetOutcome(None, errors)
        kind, reason = set_type(members, job.spec.doc_type, job.spec.source)
        members = with_set_type(members, kind)
        members = ordered(members, job.main, dict(zip(job.rels, job.shown, strict=True)))
        results = evaluate_set(
            job.spec.name,
            members,
            session.rules,
            session.compiled,
            session.config.facts,
            (kind, reason),
        )
        per_document = (
            [lint(m.document, m.rel, session) for m in members if not m.notice]
            if session.options.per_document
            else []
        )
        checked = assemble(job, members, results, (kind, reason), errors, per_document)
        return SetOutcome(checked, errors)
    except RecursionError:
        return SetOutcome(None, (internal_error(job.label, "nested too deeply to check"),))
    except MemoryError:
        return SetOutcome(None, (ReadError(job.label, "ran out of memory ([limits])"),))
    except Exception as exc:  # a bug must not stop the other documents or pass this set
        what = f"{type(exc).__name__}: {exc}"
        return SetOutcome(None, (internal_error(job.label, what, traceback.format_exc()),))


def _cached(job: Job, run_key: str, session: Session) -> DocumentReport | None:
    from tenderlint import cache

    if not session.use_cache:
        return None
    return cache.lookup_result(job.path, job.shown, run_key, session.limits.max_bytes, session.note)


def apply_waivers(
    doc: DocumentReport, rel_path: str, session: Session, used: set[Any]
) -> DocumentReport:
    """The config's severities and waivers applied to a document's results."""
    from tenderlint import waivers

    config = session.config
    applied = waivers.apply(doc.results, rel_path, config.waivers, config.severity, today(), used)
    return replace(doc, results=tuple(applied))


def check_document(
    doc: Document | DocumentReport,
    rel_path: str,
    session: Session,
    used: set[Any],
    run_key: str | None = None,
) -> DocumentReport:
    """One document through the pipeline in this process: type, evaluate (unless ``doc`` is
    a cached report), then the config's waivers and severities. ``used`` collects the waivers
    that applied. (``run`` checks many documents, each in a worker under the time budget.)"""
    from tenderlint import cache

    if isinstance(doc, Document):
        doc = lint(doc, rel_path, session)
        if session.use_cache and run_key is not None:
            cache.store_result(doc.sha256, doc.path, run_key, doc)
    return apply_waivers(doc, rel_path, session, used)


def decide_type(doc: Document, rel_path: str, session: Session) -> tuple[DocType, str]:
    """A document's type and why: the config's doc-types, else --doc-type, else its text."""
    from tenderlint.doctype import detect_doc_type

    kind = session.config.doc_type_for(rel_path)
    if kind is not None:
        return kind, "set in the config"
    if session.options.doc_type:
        return session.options.doc_type, "set by --doc-type"
    return detect_doc_type(doc)


def lint(doc: Document, rel_path: str, session: Session) -> DocumentReport:
    """One read document: decide its type, evaluate the selected rules (waivers not applied)."""
    from tenderlint.engine import Context, evaluate

    kind, reason = decide_type(doc, rel_path, session)
    warnings = list(doc.warnings)
    if kind is DocType.UNKNOWN:
        warnings.append(
            "document type unknown (not a tender or contract by its title or opening): "
            "only rules for both types ran; set --doc-type or doc-types in the config"
        )
    facts = session.config.facts
    value = facts.get("contract-value")
    if value is not None:
        # The measure contract_value reads the configured value before the text's.
        doc = replace(doc, measures={**doc.measures, "contract_value": parse_money(value).value})
    context = Context(kind, reason, {k: v for k, v in facts.items() if k != "contract-value"})
    results = evaluate(doc, session.compiled, context, session.rules, session.processes_each)
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


def _load_packs(
    refs: Sequence[str], config: Config, use_cache: bool, notes: list[str]
) -> list[Pack]:
    from tenderlint.distribution.loading import LoadError, load_packs

    problems: list[str] = []
    packs: list[Pack] = []
    try:
        # Each pack found is verified (signature, trusted key, lock) before it is parsed.
        packs = load_packs(
            refs or config.packs,
            config,
            from_command_line=bool(refs),
            use_cache=use_cache,
            today=today(),
            note=notes.append,
        )
    except LoadError as exc:
        problems.extend(exc.problems)
    unknown = sorted(set(config.params) - {n for p in packs for n in p.params})
    problems += [
        f'{config.path}: key "params.{n}": no loaded pack has a parameter {n}' for n in unknown
    ]
    if problems:
        raise RunError(problems)
    return packs


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
