"""The command line: parse arguments, call the pipeline (``run``), print, set the exit code.

Stage modules are imported inside the commands so that ``tenderlint --version`` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tenderlint import __version__
from tenderlint.cli_common import (
    DOC_TYPE_NAMES,
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
)
from tenderlint.cli_common import abort as _abort
from tenderlint.cli_common import err as _err
from tenderlint.cli_common import options as _options
from tenderlint.cli_common import pack_option as _pack_option
from tenderlint.model import Severity
from tenderlint.report import FORMATS

if TYPE_CHECKING:
    from tenderlint.lang.nouns import Pack
    from tenderlint.report import Report


class _Guarded(click.Group):
    """The command group, with any unexpected exception turned into one line and exit 2
    (the traceback only with -v): a fault in tenderlint is never mistaken for findings."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _err("tenderlint: interrupted")
            sys.exit(130)
        except RecursionError:
            _err("tenderlint: internal error: input nested too deeply (please report)")
            sys.exit(EXIT_ERROR)
        except Exception as exc:
            if {"-v", "--verbose"} & set(sys.argv[1:]):
                import traceback

                _err(traceback.format_exc().rstrip())
            _err(f"tenderlint: internal error: {type(exc).__name__}: {exc} (please report)")
            sys.exit(EXIT_ERROR)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tenderlint")
def main() -> None:
    """Lint public-sector technology tenders and contracts against responsible-tech rules.

    \b
    Start with:  tenderlint check fixtures/examples/
    Rule packs:  tenderlint rules list
    """


# -- check -----------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_pack_option
@click.option("--select", multiple=True, help="Only these rule ids or id prefixes (ADM,FOI-001).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or id prefixes.")
@click.option("--doc-type", type=click.Choice(DOC_TYPE_NAMES), help="Document type of every file.")
@click.option(
    "--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option(
    "--summary",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the Markdown report here (with --format github, $GITHUB_STEP_SUMMARY "
    "by default).",
)
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Repository root for the paths in SARIF, GitHub and GitLab reports "
    "(default: the enclosing git repository, else the working directory).",
)
@click.option(
    "--fail-on",
    type=click.Choice([*(s.label for s in sorted(Severity, reverse=True)), "never"]),
    help="Lowest severity that fails the run (default: error).",
)
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option("-v", "--verbose", is_flag=True, help="Also list satisfied and not-applicable.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour text output (default: on a terminal, unless NO_COLOR is set).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Do not read or write cached results (rule packs stay cached, keyed by their content).",
)
@click.option("--max-size", type=int, help="Largest document to read, in MB (default 100).")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    help="Seconds one document may take before it is given up as an error (default 120; 0: none).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    help="Worker processes (default: one per core; 0: check in this process, no time budget).",
)
@click.option(
    "--set",
    "set_name",
    metavar="NAME",
    help="Check PATHS as one set of documents (a tender pack, a contract and its schedules): "
    "one result per rule from all of them. A set the config names needs no PATHS.",
)
@click.option(
    "--per-document",
    is_flag=True,
    help="Also report each set member's own results, as if it were checked alone.",
)
def check(
    paths: tuple[Path, ...],
    fmt: str,
    output: Path | None,
    verbose: bool,
    color: bool | None,
    summary: Path | None,
    root: Path | None,
    **opts: Any,
) -> None:
    """Lint tenders and contracts in PATHS against rule packs.

    Exit 0 when nothing reaches --fail-on, 1 when findings do, 2 for usage, config, rule or
    read errors (an unreadable document is never a pass).
    """
    from tenderlint.report import formatter
    from tenderlint.run import RunError, open_session, run

    progress = _progress()
    try:
        session = open_session(_options(**opts))
        report = run(paths, session, progress=progress)
    except RunError as exc:
        _abort(exc.problems)
    finally:
        if progress is not None:
            progress.close()
    if verbose:
        for note in session.notes:
            _err(f"note: {note}")
    _internal_errors(report.errors, verbose)
    for note in report.warnings:
        _err(f"warning: {note}")
    report = _presented(report, fmt, output, verbose, color)
    report = _with_paths(report, root, _summary(report, fmt, summary))
    text = formatter(fmt)(report)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            _abort([f"{output}: cannot write the report: {exc.strerror or exc}"])
    else:
        # click strips colour from a pipe; --color asks for it all the same.
        click.echo(text, nl=False, color=report.color or None)
    if output is not None or fmt != "text":
        for e in report.errors:
            _err(f"error: {e}")
    if report.errors:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_FINDINGS if report.failed else EXIT_OK)


def _internal_errors(errors: Iterable[Any], verbose: bool) -> None:
    """One line on stderr per document a fault in tenderlint stopped (traceback with -v)."""
    from tenderlint.run import InternalError

    for e in errors:
        if isinstance(e, InternalError):
            if verbose and e.detail:
                _err(e.detail.rstrip())
            _err(f"tenderlint: internal error while checking {e.path}: {e.what} (please report)")


def _progress() -> Any:
    """A progress line for ``run`` when standard error is a terminal, else None."""
    import shutil

    from tenderlint.report.progress import Progress

    if not Progress.wanted(sys.stderr):
        return None
    return Progress(sys.stderr, shutil.get_terminal_size((80, 24)).columns)


def _presented(
    report: Report, fmt: str, output: Path | None, verbose: bool, color: bool | None
) -> Report:
    """The report with how to show it: -v, colour (text on a terminal, unless NO_COLOR), and
    the terminal's width (100 columns when piped, so piped output is the same everywhere)."""
    import os
    import shutil

    on_tty = output is None and sys.stdout.isatty()
    if color is None:
        color = on_tty and not os.environ.get("NO_COLOR")
    width = shutil.get_terminal_size((100, 24)).columns if on_tty else 100
    if os.environ.get("COLUMNS", "").isdigit():
        width = int(os.environ["COLUMNS"])
    return replace(report, verbose=verbose, color=color and fmt == "text", width=width)


def _summary(report: Report, fmt: str, summary: Path | None) -> str | None:
    """Write the Markdown report to --summary, or with --format github to GitHub's job summary
    when the runner names one (appended: other steps write there too). Where it went, if
    anywhere, for the annotations' closing notice."""
    import os

    from tenderlint.report import formatter

    target, shown, mode = summary, str(summary), "w"
    if target is None and fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        target, shown, mode = Path(os.environ["GITHUB_STEP_SUMMARY"]), "$GITHUB_STEP_SUMMARY", "a"
    if target is None:
        return None
    text = formatter("markdown")(replace(report, color=False))
    try:
        with open(target, mode, encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        _abort([f"{shown}: cannot write the summary: {exc.strerror or exc}"])
    return shown


def _with_paths(report: Report, root: Path | None, summary_at: str | None) -> Report:
    """The report with each document's path from the repository root (SARIF, GitHub, GitLab)."""
    from tenderlint.report.paths import find_root, repo_paths

    shown = [d.path for d in report.documents] + [e.path for e in report.errors]
    shown += [m.path for s in report.sets for m in s.members]
    paths = repo_paths(shown, find_root(root))
    return replace(report, repo_paths=paths, summary_at=summary_at)


# -- extract ---------------------------------------------------------------------------------


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--max-size", type=int, default=100, show_default=True, help="Size limit in MB.")
def extract(files: tuple[Path, ...], fmt: str, max_size: int) -> None:
    """Show the blocks, locations and measures the linter sees in FILES."""
    from tenderlint.model import ReadError
    from tenderlint.read import Limits, display_path, try_read
    from tenderlint.report.extract import render_extract

    # Files are read one after another here, so a long PDF may read its pages on every core.
    limits = Limits(max_bytes=max_size * 1024 * 1024, page_processes=os.cpu_count() or 1)
    docs = []
    errors = []
    for path in files:
        if path.suffix.lower() == ".json":  # OCDS notice data, as a set reads it
            from tenderlint.read.ocds import try_read_notice

            notice = try_read_notice(path, display_path(path), limits)
            got = notice if isinstance(notice, ReadError) else notice.document
        else:
            got = try_read(path, display_path(path), limits)
        if isinstance(got, ReadError):
            errors.append(got)
            _err(f"error: {got}")
        else:
            docs.append(got)
    click.echo(render_extract(docs, errors, fmt), nl=False)
    sys.exit(EXIT_ERROR if errors else EXIT_OK)


# -- test ------------------------------------------------------------------------------------


@main.command("test")
@click.argument("packs", nargs=-1)
@click.option("--select", multiple=True, help="Only these rule ids or id prefixes.")
@click.option("-v", "--verbose", is_flag=True, help="Show every example, not only failures.")
def test_cmd(packs: tuple[str, ...], select: tuple[str, ...], verbose: bool) -> None:
    """Run every rule's examples through the engine; fail on a wrong outcome or a missing example.

    PACKS are bundled names, pack directories, or directories holding packs (default: the
    bundled pack).
    """
    from tenderlint.engine import compile_pack
    from tenderlint.examples import run_rule
    from tenderlint.lang.packs import DEFAULT_PACK, PackError, find_packs, load_pack
    from tenderlint.run import RunError, select_rules, split_ids

    refs: list[str] = []
    for ref in packs or (DEFAULT_PACK,):
        p = Path(ref)
        found = find_packs([p]) if p.is_dir() and not (p / "pack.toml").is_file() else []
        refs.extend(str(f) for f in found) if found else refs.append(ref)
    failed = 0
    total = 0
    errors: list[str] = []
    for ref in refs:
        try:
            pack = load_pack(ref)
        except PackError as exc:
            errors.extend(exc.problems)
            continue
        compiled = compile_pack([pack])
        try:
            chosen = select_rules(pack.rules, split_ids(select), []) if select else pack.rules
            # A pack that extends another tests its own rules; the extended pack's are its
            # publisher's to test (a threshold changed here may change their examples' outcomes).
            chosen = [r for r in chosen if pack.rule_packs.get(r.id, pack.name) == pack.name]
        except RunError as exc:
            _abort(exc.problems)
        click.echo(f"{pack.name} {pack.version} ({pack.path})")
        for rule in chosen:
            runs, missing = run_rule(rule, compiled)
            total += len(runs)
            bad = [r for r in runs if not r.passed]
            ok = not bad and not missing
            failed += 0 if ok else 1
            status = "ok  " if ok else "FAIL"
            click.echo(f"  {status} {rule.id:<11} {len(runs)} examples  {rule.title}")
            for run in runs:
                if verbose or not run.passed:
                    mark = "    ok  " if run.passed else "    FAIL"
                    where = run.example.source or rule.source
                    click.echo(f"{mark} {where} example {run.example.outcome.value}")
                    for prob in run.problems:
                        click.echo(f"           {prob}")
            for outcome in missing:
                click.echo(
                    f"    FAIL {rule.source} no example for outcome {outcome.value} "
                    "(the rule can produce it)"
                )
    for e in errors:
        _err(f"error: {e}")
    click.echo(f"{total} examples, {failed} rules failing")
    sys.exit(EXIT_ERROR if errors else (EXIT_FINDINGS if failed else EXIT_OK))


# -- rules -----------------------------------------------------------------------------------


@main.group()
def rules() -> None:
    """List, show, validate and document rule packs."""


def _packs_or_abort(pack_refs: Iterable[str]) -> list[Pack]:
    from tenderlint.distribution.loading import load_listed
    from tenderlint.lang.packs import DEFAULT_PACK, PackError

    out: list[Pack] = []
    problems: list[str] = []
    for ref in pack_refs or (DEFAULT_PACK,):
        try:
            out.append(load_listed(ref))
        except PackError as exc:
            problems.extend(exc.problems)
    if problems:
        _abort(problems)
    return out


@rules.command("list")
@click.option(
    "--pack", "packs", multiple=True, help="Rule pack (installed name, folder or archive)."
)
def rules_list(packs: tuple[str, ...]) -> None:
    """Rule id, severity, document types and title of every rule, and where each pack came from."""
    from tenderlint.cli_pack import describe_pack

    for pack in _packs_or_abort(packs):
        click.echo("\n".join(describe_pack(pack)))
        for r in pack.rules:
            applies = "both" if len(r.applies_to) == 2 else next(iter(r.applies_to)).value
            origin = pack.rule_packs.get(r.id, pack.name)
            mark = f"  [{origin}]" if origin != pack.name else ""
            mark += "  [replaced]" if r.id in pack.replaced else ""
            click.echo(f"  {r.id:<11} {r.severity.label:<8} {applies:<9} {r.title}{mark}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--pack", "packs", multiple=True, help="Rule pack (bundled name or path).")
def rules_show(rule_id: str, packs: tuple[str, ...]) -> None:
    """Everything about one rule: its text, citations, suggestion and examples."""
    import difflib

    from tenderlint.docs import rule_source_text, show_rule

    loaded = _packs_or_abort(packs)
    for pack in loaded:
        for r in pack.rules:
            if r.id == rule_id.upper():
                click.echo(show_rule(pack, r, rule_source_text(pack, r)))
                return
    ids = [r.id for p in loaded for r in p.rules]
    close = difflib.get_close_matches(rule_id.upper(), ids, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    _abort([f"no rule {rule_id}{hint}"])


@rules.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def rules_validate(paths: tuple[Path, ...]) -> None:
    """Check rule packs (directories with pack.toml, or folders of them). Exit 2 on any error."""
    from tenderlint.lang.packs import PackError, bundled_packs, find_packs, load_pack

    targets = find_packs(paths) if paths else bundled_packs()
    problems: list[str] = []
    for p in paths:
        if not p.exists():
            problems.append(f"{p}: no such file or directory")
        elif not find_packs([p]):
            problems.append(f"{p}: no rule pack found (a pack is a directory with pack.toml)")
    for t in targets:
        try:
            pack = load_pack(str(t))
            click.echo(f"ok  {pack.name} {pack.version}: {len(pack.rules)} rules ({pack.path})")
        except PackError as exc:
            problems.extend(exc.problems)
            continue
        for warning in _slow_patterns(Path(t), pack.manifest.files):
            _err(warning)
    if problems:
        _abort(problems)


def _slow_patterns(pack_dir: Path, files: Iterable[str]) -> list[str]:
    """``file:line:col: warning: ...`` for each expression whose matching time can grow
    faster than the text."""
    from lark.exceptions import LarkError

    from tenderlint.lang.parse import _parser
    from tenderlint.lang.regex_safety import check
    from tenderlint.read import display_path

    out: list[str] = []
    for name in files:
        path = pack_dir / name
        try:
            text = path.read_text(encoding="utf-8")
            tokens = [t for t in _parser().lex(text) if t.type == "REGEX"]
        except (OSError, UnicodeDecodeError, LarkError):
            continue  # loading has reported it
        for tok in tokens:
            end = str(tok).rfind("/")
            _, why = check(str(tok)[1:end].replace("\\/", "/"), str(tok)[end + 1 :], slow=True)
            if why:
                out.append(f"{display_path(path)}:{tok.line}:{tok.column}: warning: {why}")
    return out


@rules.command("docs")
@click.argument("pack", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "html"]),
    default="markdown",
    show_default=True,
)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write here.")
def rules_docs(pack: str | None, fmt: str, output: Path | None) -> None:
    """Render a pack as a catalogue: requirements, strong drafting, weakeners, examples."""
    from tenderlint.docs import render_catalogue

    loaded = _packs_or_abort([pack] if pack else [])
    text = render_catalogue(loaded[0], fmt)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


def _register() -> None:
    from tenderlint.cli_annotate import annotate
    from tenderlint.cli_pack import pack

    main.add_command(annotate)
    main.add_command(pack)


_register()

if __name__ == "__main__":  # pragma: no cover
    main()
