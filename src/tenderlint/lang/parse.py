"""Rule text to a ``RuleFile``: the lazily built lark parser, and syntax errors in words."""

from __future__ import annotations

import difflib
import functools
import re
from importlib import resources
from typing import Any

from tenderlint.lang.errors import Problem, RuleSyntaxError, context_lines, with_context
from tenderlint.lang.nouns import RuleFile, Source
from tenderlint.lang.vocab import STATEMENTS, TOKEN_WORDS, TOP_LEVEL


def grammar_text() -> str:
    """The grammar, from the installed package or, in a source checkout, the repository root."""
    try:
        return resources.files("tenderlint").joinpath("grammar/tenderlint.lark").read_text("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        from pathlib import Path

        root = Path(__file__).resolve().parents[3]
        return (root / "grammar" / "tenderlint.lark").read_text(encoding="utf-8")


@functools.cache
def _parser() -> Any:
    from lark import Lark

    return Lark(grammar_text(), parser="lalr", propagate_positions=True, maybe_placeholders=False)


_TOO_DEEP = (
    "patterns or conditions nested too deeply to read (hundreds of levels of within, "
    "followed by, and, or, not or parentheses): split them into term sets"
)


def parse_rules(text: str, file: str = "<rules>") -> RuleFile:
    """Parse rule text into a RuleFile, or raise RuleSyntaxError listing every problem found."""
    from lark.exceptions import UnexpectedInput

    from tenderlint.lang.transform import ToRules

    problems: list[Problem] = []
    try:
        tree = _parser().parse(text)
        result: RuleFile = ToRules(file, problems).transform(tree)
    except UnexpectedInput as exc:
        raise RuleSyntaxError([_syntax_problem(exc, text, file)]) from None
    except RecursionError:
        # The engine walks conditions recursively too: such a file could not be evaluated.
        raise RuleSyntaxError([Problem(Source(file, 1, 1), _TOO_DEEP)]) from None
    if problems:
        located = [with_context(p, text) for p in problems]
        ordered = sorted(located, key=lambda p: (p.source.line, p.source.column))
        raise RuleSyntaxError(ordered, result)
    return result


# -- syntax errors in words --------------------------------------------------------------------


def _describe_expected(expected: set[str]) -> str:
    by_name = {t.name: t for t in _parser().terminals}
    words: list[str] = []
    for name in sorted(expected):
        if name in TOKEN_WORDS:
            words.append(TOKEN_WORDS[name])
        elif name in by_name and by_name[name].pattern.type == "str":
            words.append(f'"{by_name[name].pattern.value}"')
        else:
            words.append(name.lower())
    words = sorted(set(words))
    if len(words) > 20:
        words = [*words[:20], "..."]
    return ", ".join(words)


def _word_at(text: str, pos: int) -> str:
    m = re.match(r"[A-Za-z_][A-Za-z0-9_-]*", text[pos:])
    return m.group(0) if m else text[pos : pos + 1]


def _unclosed_rule(text: str, pos: int) -> re.Match[str] | None:
    """The last ``rule ID`` opened before ``pos``, for "missing '}'" messages."""
    opened = list(re.finditer(r"^\s*rule\s+(\S+)", text[:pos], re.M))
    return opened[-1] if opened else None


def _end_of_file(expected: set[str], text: str, file: str) -> Problem:
    lines = text.splitlines() or [""]
    line, col = len(lines), len(lines[-1]) + 1
    last = _unclosed_rule(text, len(text))
    if "RBRACE" in expected and last:
        rule_line = text.count("\n", 0, last.start()) + 1
        msg = f"missing '}}': rule {last.group(1)} opened at line {rule_line} is not closed"
    else:
        msg = f"unexpected end of file; expected {_describe_expected(expected)}"
    return Problem(Source(file, line, col), msg, context_lines(text, line, col))


def _unexpected_character(exc: Any, text: str, pos: int, src: Source, ctx: str) -> Problem:
    file = src.file
    if text.startswith('"""', pos) or text[max(0, pos - 2) : pos + 1] == '"""':
        if not text.startswith('"""', pos):
            src = Source(file, src.line, max(src.column - 2, 1))
            ctx = context_lines(text, src.line, src.column)
        return Problem(src, 'unclosed text block: """ is opened here but never closed', ctx)
    if text[pos] == '"':
        return Problem(
            src,
            'unclosed string: a " opened here is not closed on the same line '
            '(use """...""" for text over several lines)',
            ctx,
        )
    if text[pos] == "/":
        return Problem(src, "unclosed regular expression: a / opened here is not closed", ctx)
    return _unexpected_word(src, ctx, _word_at(text, pos), set(exc.allowed or ()))


def _syntax_problem(exc: Exception, text: str, file: str) -> Problem:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    if isinstance(exc, UnexpectedEOF):
        return _end_of_file(set(exc.expected), text, file)
    line = getattr(exc, "line", 1) or 1
    col = getattr(exc, "column", 1) or 1
    pos = getattr(exc, "pos_in_stream", None)
    if pos is None:
        pos = sum(len(s) + 1 for s in text.split("\n")[: line - 1]) + col - 1
    src = Source(file, line, col)
    ctx = context_lines(text, line, col)
    if isinstance(exc, UnexpectedCharacters):
        return _unexpected_character(exc, text, pos, src, ctx)
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    expected = set(exc.expected)
    if token.type == "$END":
        return _end_of_file(expected, text, file)
    word = _word_at(text, token.start_pos) if token.start_pos is not None else str(token)
    if token.type in ("RULE", "__ANON_RULE") or (word == "rule" and "RBRACE" in expected):
        last = _unclosed_rule(text, pos)
        if last and "RBRACE" in expected:
            rule_line = text.count("\n", 0, last.start()) + 1
            return Problem(
                src,
                f"missing '}}': rule {last.group(1)} opened at line {rule_line} is not closed "
                "before the next rule",
                ctx,
            )
    return _unexpected_word(src, ctx, word, expected)


def _unexpected_word(src: Source, ctx: str, word: str, expected: set[str]) -> Problem:
    candidates = [*STATEMENTS, *TOP_LEVEL, "mentions", "and", "or", "not", "within", "as"]
    exp_words = _describe_expected(expected)
    if word and word[0].isupper() and word.lower() in candidates:
        return Problem(src, f'keywords are lower case: write "{word.lower()}"', ctx)
    close = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.75)
    if close and close[0] != word:
        return Problem(
            src, f'unknown keyword "{word}": did you mean "{close[0]}"? (expected {exp_words})', ctx
        )
    return Problem(src, f'unexpected "{word}"; expected {exp_words}', ctx)
