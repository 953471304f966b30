"""The ``annotate`` command: a reviewed copy of a Word draft, or of each Word document of a set,
with the results as comments on the clauses they concern."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from tenderlint.cli_common import DOC_TYPE_NAMES, EXIT_OK, abort, options, pack_option


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path), metavar="DRAFT")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write the copy here (DRAFT.reviewed.docx); with --set, a folder for the copies.",
)
@click.option(
    "--set",
    "set_name",
    metavar="NAME",
    help="Check the documents given (or the config's set NAME) as one set and write a "
    "reviewed copy of each Word document in it.",
)
@pack_option
@click.option("--select", multiple=True, help="Only these rule ids or id prefixes (ADM,FOI-001).")
@click.option("--ignore", multiple=True, help="Skip these rule ids or id prefixes.")
@click.option("--doc-type", type=click.Choice(DOC_TYPE_NAMES), help="Document type of the draft.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
@click.option(
    "--insert-suggestions",
    is_flag=True,
    help="Insert model wording for missing and weak requirements as tracked changes.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
def annotate(
    paths: tuple[Path, ...],
    output: Path | None,
    insert_suggestions: bool,
    force: bool,
    set_name: str | None,
    **opts: Any,
) -> None:
    """Write a copy of a Word DRAFT with the results as comments on the clauses they concern.

    Weak and conflicting clauses each get a comment (reasons, why it matters, model wording,
    sources); missing requirements are listed in one comment on the title. The draft itself
    is never changed. With --set NAME, the documents given are checked as one set and each
    Word document in it gets its reviewed copy, with the set's findings whose evidence it
    holds (missing requirements on the set's main document). Exit 0 when the copies are
    written (a review, not a gate), 2 on errors.
    """
    from tenderlint import annotate as annotator
    from tenderlint.read import display_path
    from tenderlint.run import RunError, limits_for, load_run_config, open_session

    if set_name is not None:
        _annotate_set(paths, set_name, output, insert_suggestions, force, opts)
        return
    if len(paths) != 1:
        abort(["annotate takes one Word draft (or --set NAME and the documents of the set)"])
    draft = paths[0]
    try:
        out = annotator.output_path(draft, output, force)
        run_options = options(**opts)
        config = load_run_config(run_options.config_path)
        # The draft is read before the packs are loaded, so a bad file fails at once.
        loaded_draft = annotator.load_docx(
            draft, display_path(draft), limits_for(run_options, config)
        )
        session = open_session(run_options, config)
        done = annotator.review(
            loaded_draft,
            rel_path=display_path(draft, session.config.root),
            session=session,
            insert_suggestions=insert_suggestions,
        )
        annotator.write_output(out, done.data, draft)
    except annotator.AnnotateError as exc:
        abort([str(exc)])
    except RunError as exc:
        abort(exc.problems)
    click.echo(done.summary(display_path(out)))
    sys.exit(EXIT_OK)


def _annotate_set(
    paths: tuple[Path, ...],
    name: str,
    output: Path | None,
    insert_suggestions: bool,
    force: bool,
    opts: dict[str, Any],
) -> None:
    """The set checked as ``check --set`` checks it, then a reviewed copy of each DOCX."""
    from tenderlint import annotate as annotator
    from tenderlint.run import RunError, open_session, run

    try:
        session = open_session(replace(options(**opts), set_name=name))
        report = run(paths, session)
        if report.errors:
            abort([str(e) for e in report.errors])
        if not report.sets:
            abort([f"set {name}: no documents to annotate"])
        written = annotator.review_set(
            report.sets[0],
            session=session,
            output=output,
            force=force,
            insert_suggestions=insert_suggestions,
        )
    except annotator.AnnotateError as exc:
        abort([str(exc)])
    except RunError as exc:
        abort(exc.problems)
    if not written:
        abort([f"set {name}: no Word (.docx) document in it to annotate"])
    for line in written:
        click.echo(line)
    sys.exit(EXIT_OK)
