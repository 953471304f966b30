"""The command line: parse arguments, compose the pipeline stages, write output, set the exit code.

This is the only module that wires stages together (read -> rules -> evaluate -> report).
Stage modules are imported inside the commands so that ``tenderlint --version`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tenderlint import __version__

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _err(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tenderlint")
def main() -> None:
    """Lint public-sector technology tenders and contracts against responsible-tech rules."""


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


if __name__ == "__main__":  # pragma: no cover
    main()
