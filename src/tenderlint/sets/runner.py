"""Sets through the pipeline: their cached reports first, the rest each in a worker under the
time budget of all its members, then the config's waivers on each result where it is placed.

``run.py`` wires the stages: it gives ``check_sets`` the job that reads a set's members and
evaluates them (``run.check_set_job``); this module schedules those jobs, reads one member and
assembles a set's report.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tenderlint.model import DocType, Document, ReadError, Result
from tenderlint.read import Limits, display_path, try_read
from tenderlint.report import DocumentReport, SetReport
from tenderlint.sets.combine import digest, is_part, part_title, summed_redaction
from tenderlint.sets.find import NOTICE_SUFFIX, Planned
from tenderlint.sets.spec import Member, SetSpec
from tenderlint.sets.store import SetChecked

if TYPE_CHECKING:
    from tenderlint.config import Config
    from tenderlint.engine import Compiled


class _PerDocument(Protocol):
    @property
    def per_document(self) -> bool: ...


class Session(Protocol):
    """What checking sets needs from a run's session (``run.Session``): its config, options,
    limits and workers, the compiled packs, the cache switch and where notes go."""

    @property
    def config(self) -> Config: ...

    @property
    def options(self) -> _PerDocument: ...

    @property
    def use_cache(self) -> bool: ...

    @property
    def compiled(self) -> Compiled: ...

    @property
    def limits(self) -> Limits: ...

    @property
    def timeout(self) -> float | None: ...

    @property
    def memory_bytes(self) -> int: ...

    def workers(self, documents: int) -> int: ...

    def note(self, text: str) -> None: ...


Decide = Callable[[Document, str], tuple[DocType, str]]
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SetJob:
    """A set to check: its spec, and each member's path, as shown and from the config."""

    spec: SetSpec
    files: tuple[Path, ...]
    shown: tuple[str, ...]
    rels: tuple[str, ...]
    main: str | None = None  # as shown

    @property
    def label(self) -> str:
        return f"set {self.spec.name}"


@dataclass(frozen=True)
class SetOutcome:
    """What checking a set gave: its report (None if no member could be read) and the
    members that could not be read."""

    checked: SetChecked | None
    errors: tuple[ReadError, ...] = ()


def jobs_for(planned: Sequence[Planned], root: Path) -> list[SetJob]:
    out = []
    for p in planned:
        main = p.spec.main
        if main is not None and p.spec.source.endswith("[[sets]]"):
            main = display_path(root / main)
        elif main is not None:
            main = display_path(Path(main))
        out.append(
            SetJob(
                p.spec,
                p.files,
                tuple(display_path(f) for f in p.files),
                tuple(display_path(f, root) for f in p.files),
                main,
            )
        )
    return out


def read_member(
    path: Path, shown: str, rel: str, limits: Limits, decide: Decide
) -> Member | ReadError:
    """One member read: an OCDS notice (.json) or a document, with its type decided."""
    if path.suffix.lower() != NOTICE_SUFFIX:
        got = try_read(path, shown, limits)
        if isinstance(got, ReadError):
            return got
        kind, reason = decide(got, rel)
        return Member(rel, got, kind, reason)
    from tenderlint.read.ocds import try_read_notice

    notice = try_read_notice(path, shown, limits)
    if isinstance(notice, ReadError):
        return notice
    return Member(
        rel,
        notice.document,
        DocType.UNKNOWN,
        "OCDS notice data",
        True,
        notice.facts,
        notice.value,
        notice.titles,
    )


def ordered(members: Sequence[Member], main: str | None, shown: dict[str, str]) -> list[Member]:
    """The members with the main document first: the one named, else the first tender or
    contract that is not a schedule, annex or appendix, else the first document."""
    docs = [m for m in members if not m.notice]
    chosen = next((m for m in docs if main is not None and shown[m.rel] == main), None)
    if chosen is None:
        typed = [m for m in docs if m.doc_type is not DocType.UNKNOWN]
        chosen = next((m for m in typed if not _is_part(m)), typed[0] if typed else None)
    if chosen is None:
        chosen = docs[0] if docs else members[0]
    return [chosen, *(m for m in members if m is not chosen)]


def _is_part(m: Member) -> bool:
    return is_part(part_title(m.document, m.rel))


def assemble(
    job: SetJob,
    members: Sequence[Member],
    results: Sequence[Result],
    kind: tuple[DocType, str],
    errors: Sequence[ReadError],
    per_document: Sequence[DocumentReport] = (),
) -> SetChecked:
    """The set's report: its members as read, its results and warnings."""
    shown = dict(zip(job.rels, job.shown, strict=True))
    infos = tuple(
        DocumentReport(
            path=shown[m.rel],
            sha256=m.document.sha256,
            format=m.document.format,
            doc_type=kind[0] if m.notice else m.doc_type,
            results=(),
            pages=m.document.pages,
            title=m.document.title,
            redaction=m.document.redaction,
            warnings=m.document.warnings,
            doc_type_reason=m.type_reason,
            parties=m.document.parties,
        )
        for m in members
    )
    warnings = [f"{e.path} could not be read: the set was checked without it" for e in errors]
    if job.main is not None and job.main not in shown.values():
        warnings.append(f"the main document {job.main} is not in the set")
    report = SetReport(
        name=job.spec.name,
        doc_type=kind[0],
        members=infos,
        results=tuple(_located(r, shown) for r in results),
        main=shown[members[0].rel],
        warnings=tuple(warnings),
        redaction=summed_redaction(members),
        doc_type_reason=kind[1],
        sha256=digest(members),
    )
    return SetChecked(report, tuple(per_document))


def _located(r: Result, shown: dict[str, str]) -> Result:
    """A result whose locations name members by their path as shown (relative to the working
    directory), as every report names documents."""

    def fix(evidence: tuple[Any, ...]) -> tuple[Any, ...]:
        out = []
        for e in evidence:
            loc = e.location
            if loc is not None and loc.document in shown:
                e = replace(e, location=replace(loc, document=shown[loc.document]))
            out.append(e)
        return tuple(out)

    trigger = r.trigger
    if trigger is not None:
        trigger = replace(trigger, evidence=fix(trigger.evidence))
    return replace(r, evidence=fix(r.evidence), trigger=trigger)


def check_sets(
    jobs: Sequence[SetJob],
    session: Session,
    run_key: str,
    work: Callable[[SetJob], SetOutcome],
    progress: Progress | None = None,
) -> list[tuple[SetOutcome, dict[str, str]]]:
    """Each set's outcome and its members' paths (shown -> relative to the config), in order:
    cached reports first, then the rest in worker processes, each under the time budget of
    all its members."""
    from tenderlint.sets import store
    from tenderlint.workers import Died, GaveUp, run_jobs

    out: list[SetOutcome | None] = [None] * len(jobs)
    keys: list[str | None] = [None] * len(jobs)
    todo: list[int] = []
    extra = [f"per-document={session.options.per_document}"]
    for i, job in enumerate(jobs):
        hashes = store.member_hashes(
            list(zip(job.files, job.shown, strict=True)), session.limits.max_bytes
        )
        if session.use_cache and hashes is not None:
            spec = job.spec
            keys[i] = store.set_key(
                spec.name, hashes, run_key, [*extra, repr((spec.doc_type, job.main))]
            )
            cached = store.lookup(keys[i] or "", session.note)
            if cached is not None:
                out[i] = SetOutcome(cached)
                continue
        todo.append(i)
    if todo:
        _ = session.compiled  # compiled once here, so that forked workers share it

    def finished(k: int, got: SetOutcome | GaveUp | Died) -> None:
        job = jobs[todo[k]]
        if isinstance(got, GaveUp):
            got = SetOutcome(
                None,
                (
                    ReadError(
                        job.label,
                        f"gave up after {got.seconds:g} s (the "
                        "time budget of its documents; --timeout or [limits] timeout)",
                    ),
                ),
            )
        elif isinstance(got, Died):
            got = SetOutcome(
                None,
                (
                    ReadError(
                        job.label,
                        f"internal error: the process checking "
                        f"it stopped ({got.how}) (please report)",
                    ),
                ),
            )
        elif got.checked is not None and not got.errors and keys[todo[k]] is not None:
            store.store(keys[todo[k]] or "", got.checked)
        out[todo[k]] = got

        if progress is not None:
            progress(job.label, len(jobs) - len(todo) + k + 1, len(jobs))

    budget = session.timeout
    largest = max((len(jobs[i].files) for i in todo), default=1)
    run_jobs(
        [jobs[i] for i in todo],
        work,
        workers=session.workers(len(todo)),
        # A set may take as long as its documents would on their own.
        budget=budget * largest if budget else None,
        memory_bytes=session.memory_bytes,
        done=finished,
    )
    return [
        (o or SetOutcome(None), dict(zip(j.shown, j.rels, strict=True)))
        for o, j in zip(out, jobs, strict=True)
    ]


def set_waivers(
    report: SetReport, rels: dict[str, str], session: Session, used: set[Any], today: _dt.date
) -> SetReport:
    """The config's severities and waivers on a set's results: a waiver's path matches the
    member the result is placed on (the one its evidence is in, else the main document)."""
    from tenderlint import waivers

    config = session.config
    out: list[Result] = []
    for r in report.results:
        rel = rels.get(report.place(r), report.place(r))
        out += waivers.apply([r], rel, config.waivers, config.severity, today, used)
    return replace(report, results=tuple(out))
