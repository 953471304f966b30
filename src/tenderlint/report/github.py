"""GitHub Actions workflow commands: an ``::error``/``::warning``/``::notice`` annotation per
failing result (weak, missing, conflict) and per unreadable file, most severe first, then a
plain tally line for the log.

GitHub shows at most 10 annotations of each kind per step and drops the rest silently, so
after 10 of a kind the rest are written to the log as plain lines, and one closing notice
says how many were not annotated and where the full report is (the job summary or the file
that ``--summary`` wrote, else the log). ``file`` is the path from the repository root;
``line`` the source line for Markdown and text and the paragraph number in reading order
for Word and PDF, and the message starts with the page and clause a reader should look at. A
finding about the whole document (e.g. a missing clause) is annotated on the file, without
a line. Escaping follows GitHub's toolkit: in the message ``%``, CR and LF are
percent-encoded; in properties ``:`` and ``,`` as well, so text from a contract cannot end a
command early.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenderlint.model import Result, Severity
from tenderlint.report import Report, cite, headline, one_line, sort_results

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_RANK = {"error": 0, "warning": 1, "notice": 2}
CAP = 10  # annotations of each kind GitHub shows for one step
# Line separators other than CR and LF (form feed from PDFs, Unicode separators): no runner
# splits on them, but log viewers and editors may, so they become spaces.
_OTHER_BREAKS = str.maketrans(dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", " "))


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: str | int | None) -> str:
    """A workflow command with its properties and message escaped."""
    given = [
        f"{k}={escape_property(str(v).translate(_OTHER_BREAKS))}"
        for k, v in props.items()
        if v is not None
    ]
    head = f"::{name} {','.join(given)}" if given else f"::{name}"
    return f"{head}::{escape_data(message.translate(_OTHER_BREAKS))}"


def _message(r: Result) -> str:
    text = headline(r)
    if r.reasons:
        text += f" ({'; '.join(r.reasons)})"
    return f"{cite(r.location)}: {text}"


@dataclass(frozen=True)
class _Note:
    """One annotation: its kind, the command, and the plain line the log gets instead when
    the kind's annotations have run out."""

    kind: str
    command: str
    plain: str


def _notes(report: Report) -> list[_Note]:
    """Every annotation, most severe kind first, in document order within a kind."""
    notes: list[_Note] = []
    for e in report.errors:
        path = report.repo_path(e.path)
        notes.append(_Note("error", command("error", e.message, file=path), f"{path}: {e.message}"))
    # A set's warnings go on its main document, each finding on the member that holds its
    # evidence (else the main document).
    groups: list[tuple[str, list[str], list[tuple[str, Result]]]] = [
        (d.path, list(d.warnings), [(d.path, r) for r in sort_results(d.results)])
        for d in report.documents
    ]
    groups += [
        (s.main, [f"set {s.name}: {w}" for w in s.warnings],
         [(s.place(r), r) for r in sort_results(s.results)])
        for s in report.sets
    ]  # fmt: skip
    for shown, warnings, results in groups:
        path = report.repo_path(shown)
        for w in warnings:
            notes.append(
                _Note(
                    "warning", command("warning", w, file=path, title="tenderlint"), f"{path}: {w}"
                )
            )
        for at, r in results:
            if not r.outcome.is_failure:
                continue
            where = report.repo_path(at)
            loc = r.location
            line = (loc.line or loc.block) if loc and loc.block >= 1 else None
            kind = _COMMANDS[r.severity]
            title = f"{r.rule} {r.outcome.value}"
            notes.append(
                _Note(
                    kind,
                    command(kind, _message(r), file=where, line=line, title=title),
                    f"{where}: {kind}: {title}: {one_line(_message(r))}",
                )
            )
    for w in report.warnings:
        notes.append(_Note("warning", command("warning", w, title="tenderlint"), f"warning: {w}"))
    return sorted(notes, key=lambda n: _RANK[n.kind])


def _where(report: Report) -> str:
    if report.summary_at == "$GITHUB_STEP_SUMMARY":
        return "the full report is in this job's summary"
    if report.summary_at:
        return f"the full report is in {report.summary_at}"
    return "they are listed in the log above this notice"


def render(report: Report) -> str:
    notes = _notes(report)
    total = {k: sum(1 for n in notes if n.kind == k) for k in _RANK}
    # The closing notice is itself a notice: it takes the last notice place when needed.
    over = total["error"] > CAP or total["warning"] > CAP or total["notice"] > CAP
    caps = {"error": CAP, "warning": CAP, "notice": CAP - 1 if over else CAP}
    shown: dict[str, int] = dict.fromkeys(_RANK, 0)
    out: list[str] = []
    hidden: list[str] = []
    for n in notes:
        if shown[n.kind] < caps[n.kind]:
            shown[n.kind] += 1
            out.append(n.command)
        else:
            hidden.append(n.plain)
    if hidden:
        out.append(f"tenderlint: {len(hidden)} more not shown as annotations:")
        out += [f"  {line}" for line in hidden]
        kinds = ", ".join(
            f"{total[k] - shown[k]} {k}{'s' if total[k] - shown[k] != 1 else ''}"
            for k in _RANK
            if total[k] > shown[k]
        )
        out.append(
            command(
                "notice",
                f"{len(hidden)} more findings were not annotated ({kinds}): GitHub shows "
                f"{CAP} annotations of each kind per step; {_where(report)}.",
                title="tenderlint: more findings",
            )
        )
    counts = report.counts()
    sev = report.by_severity()
    docs = report.checked
    out.append(
        f"tenderlint: {docs} document{'s' if docs != 1 else ''} checked, "
        f"{len(report.errors)} unreadable: {counts['missing']} missing, "
        f"{counts['conflict']} conflict, {counts['weak']} weak, {counts['waived']} waived "
        f"({sev['error']} errors, {sev['warning']} warnings, {sev['info']} info)"
    )
    return "\n".join(out) + "\n"
