"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` annotation per
failing result (weak, missing, conflict), one ``::error`` per unreadable file, then a plain
tally line for the log.

``line`` is the block number of the first evidence (GitHub needs a line; a DOCX or PDF has
none), and the message starts with the page and clause a reader should look at. A finding
about the whole document (e.g. a missing clause) is annotated on the file, without a line.
Escaping follows GitHub's toolkit: in the message ``%``, CR and LF are percent-encoded; in
properties ``:`` and ``,`` as well, so text from a contract cannot end a command early.
"""

from __future__ import annotations

from tenderlint.model import Result, Severity
from tenderlint.report import Report, sort_results

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
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
    text = r.message.strip() or r.title
    if r.reasons:
        text += f" ({'; '.join(r.reasons)})"
    return f"{r.location.short()}: {text}" if r.location else text


def render(report: Report) -> str:
    out: list[str] = []
    for e in report.errors:
        out.append(command("error", e.message, file=e.path))
    for d in report.documents:
        for w in d.warnings:
            out.append(command("warning", w, file=d.path, title="tenderlint"))
        for r in sort_results(d.results):
            if not r.outcome.is_failure:
                continue
            loc = r.location
            line = (loc.line or loc.block) if loc and loc.block >= 1 else None
            out.append(
                command(
                    _COMMANDS[r.severity],
                    _message(r),
                    file=d.path,
                    line=line,
                    title=f"{r.rule} {r.outcome.value}",
                )
            )
    for w in report.warnings:
        out.append(command("warning", w, title="tenderlint"))
    counts = report.counts()
    sev = report.by_severity()
    docs = len(report.documents)
    out.append(
        f"tenderlint: {docs} document{'s' if docs != 1 else ''} checked, "
        f"{len(report.errors)} unreadable: {counts['missing']} missing, "
        f"{counts['conflict']} conflict, {counts['weak']} weak, {counts['waived']} waived "
        f"({sev['error']} errors, {sev['warning']} warnings, {sev['info']} info)"
    )
    return "\n".join(out) + "\n"
