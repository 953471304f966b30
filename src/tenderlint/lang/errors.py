"""Errors in rule text: one ``Problem`` per mistake, with its position and the line it is on."""

from __future__ import annotations

from dataclasses import dataclass

from tenderlint.lang.nouns import RuleFile, Source


@dataclass(frozen=True)
class Problem:
    """One error in a rule file, with its position and, for syntax errors, the line and caret."""

    source: Source
    message: str
    context: str | None = None

    def __str__(self) -> str:
        text = f"{self.source}: error: {self.message}"
        if self.context:
            text += "\n" + self.context
        return text


class RuleSyntaxError(Exception):
    """Problems found in rule text; ``problems`` holds every one, each printable on its own."""

    def __init__(self, problems: list[Problem], partial: RuleFile | None = None) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        # After semantic errors, what did parse: so cross-file names can still be checked.
        self.partial = partial


def context_lines(text: str, line: int, column: int) -> str:
    """The source line with a caret under ``column``, indented for an error message."""
    lines = text.splitlines()
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    pad = " " * (column - 1)
    return f"    {src.expandtabs(1)}\n    {pad}^"


def with_context(problem: Problem, text: str) -> Problem:
    """The problem with its source line and a caret, if it has none yet."""
    if problem.context or not text:
        return problem
    where = context_lines(text, problem.source.line, problem.source.column)
    return Problem(problem.source, problem.message, where)
