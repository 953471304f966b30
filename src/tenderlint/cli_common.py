"""What the command line's modules share: exit codes, one-line errors, the --pack option and
the run options built from the command line's values."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tenderlint.model import DocType

if TYPE_CHECKING:
    from tenderlint.run import Options

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
DOC_TYPE_NAMES = [t.value for t in DocType if t is not DocType.UNKNOWN]


def err(message: str) -> None:
    click.echo(message, err=True)


def abort(problems: Iterable[str]) -> None:
    for p in problems:
        err(f"error: {p}")
    sys.exit(EXIT_ERROR)


def pack_option(f: Any) -> Any:
    return click.option(
        "--pack", "packs", multiple=True, help="Rule pack (bundled name or path). Repeatable."
    )(f)


def options(
    packs: tuple[str, ...] = (),
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
    doc_type: str | None = None,
    fail_on: str | None = None,
    config_path: Path | None = None,
    no_cache: bool = False,
    max_size: int | None = None,
    timeout: float | None = None,
    jobs: int | None = None,
    set_name: str | None = None,
    per_document: bool = False,
) -> Options:
    import re

    from tenderlint.model import DocType
    from tenderlint.run import Options
    from tenderlint.sets.spec import SET_NAME

    if set_name is not None and not re.fullmatch(SET_NAME, set_name):
        abort(
            [
                f"--set {set_name!r}: a set's name is letters, digits, dots, dashes and "
                "underscores (at most 64, starting with a letter or digit)"
            ]
        )

    return Options(
        packs=packs,
        select=select,
        ignore=ignore,
        doc_type=DocType(doc_type) if doc_type else None,
        fail_on=fail_on,
        no_cache=no_cache,
        max_size_mb=max_size,
        config_path=config_path,
        timeout=timeout,
        jobs=jobs,
        set_name=set_name,
        per_document=per_document,
    )
