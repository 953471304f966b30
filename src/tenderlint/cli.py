"""The command line: parse arguments, compose the pipeline stages, write output, set the exit code.

This is the only module that wires stages together (read -> rules -> evaluate -> report).
Stage modules are imported inside the commands so that ``tenderlint --version`` stays fast.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tenderlint import __version__

if TYPE_CHECKING:
    from tenderlint.config import Config
    from tenderlint.engine import Compiled
    from tenderlint.rules import Pack, Rule

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
FORMAT_NAMES = ("text", "json", "sarif", "junit", "markdown", "github", "html")
DOC_SUFFIXES = (".docx", ".pdf", ".md", ".markdown", ".txt")


class Abort(Exception):
    """Stop the command with exit code 2 after printing these one-line problems."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = list(problems)


def _err(message: str) -> None:
    click.echo(message, err=True)


def _abort(problems: Iterable[str]) -> None:
    for p in problems:
        _err(f"error: {p}")
    sys.exit(EXIT_ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tenderlint")
def main() -> None:
    """Lint public-sector technology tenders and contracts against responsible-tech rules.

    \b
    Start with:  tenderlint check fixtures/examples/
    Rule packs:  tenderlint rules list
    """


# -- shared stages ---------------------------------------------------------------------------


def _load_config(config_path: Path | None) -> Config:
    from tenderlint.config import Config, ConfigError, find_config, load_config

    path = config_path or find_config()
    if path is None:
        return Config()
    try:
        return load_config(path)
    except ConfigError as exc:
        raise Abort(exc.problems) from None


def _load_packs(refs: Sequence[str], config: Config, use_cache: bool = False) -> list[Pack]:
    from tenderlint import cache
    from tenderlint.packs import DEFAULT_PACK, PackError, load_pack

    base = config.root if config.path else None
    problems: list[str] = []
    packs: list[Pack] = []
    for ref in refs or config.packs or (DEFAULT_PACK,):
        try:
            where = base if not refs else None
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
        raise Abort(problems)
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


def _split_ids(values: Iterable[str]) -> list[str]:
    return [v.strip().upper() for item in values for v in item.split(",") if v.strip()]


def _select_rules(
    rules: Sequence[Rule], select: Sequence[str], ignore: Sequence[str]
) -> list[Rule]:
    def hit(rid: str, prefixes: Sequence[str]) -> bool:
        # "ADM" selects ADM-001 (not ADMIN-001); "DATA-00" selects DATA-001 to DATA-009.
        return any(rid == p or rid.startswith(p if "-" in p else p + "-") for p in prefixes)

    chosen = [r for r in rules if (not select or hit(r.id, select)) and not hit(r.id, ignore)]
    unknown = [p for p in [*select, *ignore] if not any(hit(r.id, [p]) for r in rules)]
    if unknown:
        raise Abort([f"no rule matches {p!r} (see 'tenderlint rules list')" for p in unknown])
    return chosen


# Files a folder search skips: project notes, and annotate's own output.
DEFAULT_EXCLUDE = ("README*", "CHANGELOG*", "CONTRIBUTING*", "LICENSE*", "*.reviewed.docx")


def collect_documents(
    paths: Sequence[Path], exclude: Sequence[str] = (), root: Path | None = None
) -> tuple[list[Path], list[str]]:
    """Files to check: named files as given; directories searched for supported documents.

    ``exclude`` globs (relative to ``root``) apply to both; the default exclusions (READMEs
    and the like, ``*.reviewed.docx``) only to folder searches.
    """
    from tenderlint.config import glob_match
    from tenderlint.read import display_path

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
                if f.suffix.lower() in DOC_SUFFIXES
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


# -- check -----------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--pack", "packs", multiple=True, help="Rule pack (bundled name or path). Repeatable."
)
@click.option("--select", multiple=True, help="Only these rule ids or id prefixes (ADM,FOI-001).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or id prefixes.")
@click.option(
    "--doc-type", type=click.Choice(["tender", "contract"]), help="Document type of every file."
)
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info", "never"]),
    help="Lowest severity that fails the run (default: error).",
)
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option("-v", "--verbose", is_flag=True, help="Also list satisfied and not-applicable.")
@click.option("--color/--no-color", default=None, help="Colour text output (default: on a tty).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the cache.")
@click.option("--max-size", type=int, help="Largest document to read, in MB (default 100).")
def check(
    paths: tuple[Path, ...],
    packs: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    doc_type: str | None,
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    config_path: Path | None,
    verbose: bool,
    color: bool | None,
    no_cache: bool,
    max_size: int | None,
) -> None:
    """Lint tenders and contracts in PATHS against rule packs.

    Exit 0 when nothing reaches --fail-on, 1 when findings do, 2 for usage, config, rule or
    read errors (an unreadable document is never a pass).
    """
    try:
        code = _check(
            paths, packs, select, ignore, doc_type, fmt, output, fail_on, config_path,
            verbose, color, no_cache, max_size,
        )  # fmt: skip
    except Abort as exc:
        _abort(exc.problems)
    sys.exit(code)


def _check(
    paths: tuple[Path, ...],
    pack_refs: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    doc_type_opt: str | None,
    fmt: str,
    output: Path | None,
    fail_on_opt: str | None,
    config_path: Path | None,
    verbose: bool,
    color: bool | None,
    no_cache: bool,
    max_size: int | None,
) -> int:
    from dataclasses import replace

    from tenderlint import cache, waivers
    from tenderlint.config import glob_match
    from tenderlint.doctype import detect_doc_type
    from tenderlint.engine import Context, evaluate
    from tenderlint.model import DocType, ReadError, Severity
    from tenderlint.read import Limits, display_path, try_read
    from tenderlint.report import DocumentReport, PackInfo, Report, formatter

    if not paths:
        raise Abort(["no documents given: tenderlint check PATH... (files or directories)"])
    config = _load_config(config_path)
    use_cache = config.cache and not no_cache
    loaded = _load_packs(pack_refs, config, use_cache)
    # Later packs' rules replace earlier ones with the same id, as in compile_pack.
    merged = {r.id: r for p in loaded for r in p.rules}
    rule_packs = {r.id: p.name for p in loaded for r in p.rules}
    compiled: Compiled | None = None  # compiled on the first document not in the cache
    rules = _select_rules(
        sorted(merged.values(), key=lambda r: r.id),
        _split_ids(select or config.select),
        _split_ids(ignore or config.ignore),
    )
    fail_name = fail_on_opt or config.fail_on or "error"
    fail_on = None if fail_name == "never" else Severity.parse(fail_name)
    limits = Limits(max_bytes=(max_size or config.max_size_mb or 100) * 1024 * 1024)
    files, missing = collect_documents(paths, config.exclude, config.root)
    errors: list[ReadError] = [ReadError(m.split(": ", 1)[0], m.split(": ", 1)[1]) for m in missing]
    today = _dt.date.fromisoformat(
        os.environ.get("TENDERLINT_TODAY") or _dt.date.today().isoformat()
    )
    used: set[Any] = set()
    reports: list[DocumentReport] = []
    waiver_scope: set[Any] = set()
    run_key = cache.run_key(loaded, config, [r.id for r in rules], doc_type_opt)
    for path in files:
        shown = display_path(path)
        rel_to_root = display_path(path, config.root)
        cached = cache.lookup_result(path, shown, run_key, limits.max_bytes) if use_cache else None
        got = cached if cached is not None else try_read(path, shown, limits)
        if isinstance(got, ReadError):
            errors.append(got)
            continue
        if isinstance(got, DocumentReport):
            report = got
        else:
            doc = got
            kind = config.doc_type_for(rel_to_root)
            reason = "set in the config"
            if kind is None and doc_type_opt:
                kind, reason = DocType(doc_type_opt), "set by --doc-type"
            if kind is None:
                kind, reason = detect_doc_type(doc)
            warnings = list(doc.warnings)
            if kind is DocType.UNKNOWN:
                warnings.append(
                    "document type unknown (not a tender or contract by its title or opening): "
                    "only rules for both types ran; set --doc-type or doc-types in the config"
                )
            if compiled is None:
                compiled = _compile(loaded, use_cache)
            results = evaluate(doc, compiled, Context(kind, reason), rules)
            report = DocumentReport(
                path=shown,
                sha256=doc.sha256,
                format=doc.format,
                doc_type=kind,
                results=tuple(results),
                pages=doc.pages,
                title=doc.title,
                redaction=doc.redaction,
                warnings=tuple(warnings),
                doc_type_reason=reason,
            )
            if use_cache:
                cache.store_result(doc.sha256, shown, run_key, report)
        waiver_scope.update(w for w in config.waivers if glob_match(w.path, rel_to_root))
        applied = waivers.apply(
            report.results, rel_to_root, config.waivers, config.severity, today, used
        )
        reports.append(replace(report, results=tuple(applied)))
    notes = waivers.unused([w for w in config.waivers if w in waiver_scope], used)
    for n in notes:
        _err(f"warning: {n}")
    result = Report(
        version=__version__,
        packs=tuple(PackInfo(p.name, p.version, p.sha256, p.manifest.title) for p in loaded),
        documents=tuple(sorted(reports, key=lambda d: d.path)),
        errors=tuple(sorted(errors, key=lambda e: e.path)),
        fail_on=fail_on,
        rules={r.id: r for r in rules},
        verbose=verbose,
        color=(color if color is not None else (output is None and sys.stdout.isatty()))
        and fmt == "text",
        warnings=tuple(notes),
        rule_packs=rule_packs,
    )
    text = formatter(fmt)(result)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise Abort([f"{output}: cannot write the report: {exc.strerror or exc}"]) from None
        for e in result.errors:
            _err(f"error: {e}")
    else:
        click.echo(text, nl=False)
        if fmt != "text":
            for e in result.errors:
                _err(f"error: {e}")
    if result.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.failed else EXIT_OK


# -- annotate --------------------------------------------------------------------------------


@main.command()
@click.argument("draft", type=click.Path(path_type=Path))
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write the copy here (DRAFT.reviewed.docx).",
)
@click.option(
    "--pack", "packs", multiple=True, help="Rule pack (bundled name or path). Repeatable."
)
@click.option("--select", multiple=True, help="Only these rule ids or id prefixes (ADM,FOI-001).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or id prefixes.")
@click.option(
    "--doc-type", type=click.Choice(["tender", "contract"]), help="Document type of the draft."
)
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option(
    "--insert-suggestions",
    is_flag=True,
    help="Insert model wording for missing and weak requirements as tracked changes.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def annotate(
    draft: Path,
    output: Path | None,
    packs: tuple[str, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    doc_type: str | None,
    config_path: Path | None,
    insert_suggestions: bool,
    force: bool,
) -> None:
    """Write a copy of a Word DRAFT with the results as comments on the clauses they concern.

    Weak and conflicting clauses each get a comment (reasons, why it matters, model wording,
    sources); missing requirements are listed in one comment on the title. The draft itself
    is never changed. Exit 0 when the copy is written (a review, not a gate), 2 on errors.
    """
    from tenderlint import annotate as annotator
    from tenderlint.read import Limits, display_path

    try:
        config = _load_config(config_path)
        out = annotator.output_path(draft, output, force)
        # The draft is read before the packs are loaded, so a bad file fails at once.
        limits = Limits(max_bytes=(config.max_size_mb or 100) * 1024 * 1024)
        loaded_draft = annotator.load_docx(draft, display_path(draft), limits)
        loaded = _load_packs(packs, config, config.cache)
        compiled = _compile(loaded, config.cache)
        rules = _select_rules(
            compiled.rules,
            _split_ids(select or config.select),
            _split_ids(ignore or config.ignore),
        )
        today = _dt.date.fromisoformat(
            os.environ.get("TENDERLINT_TODAY") or _dt.date.today().isoformat()
        )
        done = annotator.review(
            loaded_draft,
            rel_path=display_path(draft, config.root),
            config=config,
            packs=loaded,
            compiled=compiled,
            rules=rules,
            doc_type=doc_type,
            insert_suggestions=insert_suggestions,
            today=today,
        )
        annotator.write_output(out, done.data, draft)
    except annotator.AnnotateError as exc:
        _abort([str(exc)])
    except Abort as exc:
        _abort(exc.problems)
    else:
        click.echo(done.summary(display_path(out)))
        sys.exit(EXIT_OK)


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

    limits = Limits(max_bytes=max_size * 1024 * 1024)
    docs = []
    errors = []
    for path in files:
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
    from tenderlint.packs import DEFAULT_PACK, PackError, find_packs, load_pack

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
            chosen = _select_rules(pack.rules, _split_ids(select), []) if select else pack.rules
        except Abort as exc:
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


def _packs_or_abort(pack_refs: Sequence[str]) -> list[Pack]:
    from tenderlint.packs import DEFAULT_PACK, PackError, load_pack

    out: list[Pack] = []
    problems: list[str] = []
    for ref in pack_refs or (DEFAULT_PACK,):
        try:
            out.append(load_pack(ref))
        except PackError as exc:
            problems.extend(exc.problems)
    if problems:
        _abort(problems)
    return out


@rules.command("list")
@click.option("--pack", "packs", multiple=True, help="Rule pack (bundled name or path).")
def rules_list(packs: tuple[str, ...]) -> None:
    """Rule id, severity, document types and title of every rule."""
    for pack in _packs_or_abort(packs):
        click.echo(f"{pack.name} {pack.version}  {pack.manifest.title}  ({len(pack.rules)} rules)")
        for r in pack.rules:
            applies = "both" if len(r.applies_to) == 2 else next(iter(r.applies_to)).value
            click.echo(f"  {r.id:<11} {r.severity.label:<8} {applies:<9} {r.title}")


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
    from tenderlint.packs import PackError, bundled_packs, find_packs, load_pack

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
    if problems:
        _abort(problems)


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


if __name__ == "__main__":  # pragma: no cover
    main()
