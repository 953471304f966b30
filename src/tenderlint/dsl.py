"""Rule files to rule values: the lazy lark parser, its Transformer, and errors authors can act on.

Syntax errors carry ``file:line:col``, the offending line with a caret, and what was expected in
words; semantic errors (unknown severity, document type, unit, outcome; a rule without
examples) are all collected, not only the first. Names that cross files (term sets, imports,
duplicate ids) are checked by ``packs``.
"""

from __future__ import annotations

import difflib
import functools
import re
import textwrap
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tenderlint.model import DocType, Outcome, Severity
from tenderlint.quantities import DIMENSIONS, parse_money, parse_percent, parse_rule_quantity
from tenderlint.rules import (
    All,
    AnyOf,
    Check,
    Citation,
    Compare,
    Condition,
    Count,
    Example,
    Import,
    Mentions,
    Near,
    Not,
    Param,
    ParamRef,
    Pattern,
    Phrase,
    Prohibition,
    Quantity,
    Regex,
    Requirement,
    Rule,
    RuleFile,
    SetRef,
    Source,
    TermSet,
)

UNITS = ("sentence", "clause", "paragraph", "section", "row", "document")
COUNT_UNITS = {
    "sentences": "sentence",
    "clauses": "clause",
    "paragraphs": "paragraph",
    "sections": "section",
    "rows": "row",
    "blocks": "block",
    "items": "block",
}
# Document measures a rule may test with ``limit`` or in a condition. The engine computes them.
MEASURES = {
    "redacted": "percentage",  # share of the text redacted
    "redactions": "count",
    "unlabelled_redactions": "count",
    "leaked_redactions": "count",
    "redacted_pages": "count",
    "tracked_changes": "count",
    "comments": "count",
    "undefined_terms": "count",
    "unresolved_references": "count",
    "defined_terms": "count",
    "numbered_clauses": "count",
    "pages": "count",
    "words": "count",
}
STATEMENTS = (
    "severity", "applies", "theme", "tags", "rationale", "message", "when", "require", "strong",
    "weak", "forbid", "limit", "cite", "suggest", "example",
)  # fmt: skip
TOP_LEVEL = ("pack", "import", "define", "param", "rule")
OUTCOME_WORDS = {o.value: o for o in Outcome if o is not Outcome.WAIVED}
DOC_TYPES = {"tender": DocType.TENDER, "contract": DocType.CONTRACT}

_TOKEN_WORDS = {
    "STRING": 'a "quoted string"',
    "LONG_STRING": 'a """text block"""',
    "SETNAME": "a NAME in capitals",
    "RULE_ID": "a rule id such as FOI-001",
    "WORD": "a word in lower case",
    "NUMBER": "a number",
    "INT": "a whole number",
    "PERCENT": "a percentage such as 10%",
    "MONEY": "an amount such as £5m",
    "REGEX": "a /regular expression/",
    "$END": "the end of the file",
}


class RuleSyntaxError(Exception):
    """Problems found in rule text; ``problems`` holds every one, each printable on its own."""

    def __init__(self, problems: list[Problem], partial: RuleFile | None = None) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        # After semantic errors, what did parse: so cross-file names can still be checked.
        self.partial = partial


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


def grammar_text() -> str:
    """The grammar, from the installed package or, in a source checkout, the repository root."""
    try:
        return resources.files("tenderlint").joinpath("grammar/tenderlint.lark").read_text("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        from pathlib import Path

        root = Path(__file__).resolve().parents[2]
        return (root / "grammar" / "tenderlint.lark").read_text(encoding="utf-8")


@functools.cache
def _parser() -> Any:
    from lark import Lark

    return Lark(grammar_text(), parser="lalr", propagate_positions=True, maybe_placeholders=False)


def _context(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    src = lines[line - 1] if 0 < line <= len(lines) else ""
    pad = " " * (column - 1)
    return f"    {src.expandtabs(1)}\n    {pad}^"


def _describe_expected(expected: set[str]) -> str:
    parser = _parser()
    by_name = {t.name: t for t in parser.terminals}
    words: list[str] = []
    for name in sorted(expected):
        if name in _TOKEN_WORDS:
            words.append(_TOKEN_WORDS[name])
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


def _syntax_problem(exc: Exception, text: str, file: str) -> Problem:
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedToken

    if isinstance(exc, UnexpectedEOF):
        lines = text.splitlines() or [""]
        line, col = len(lines), len(lines[-1]) + 1
        opened = [m for m in re.finditer(r"^\s*rule\s+(\S+)", text, re.M)]
        if "RBRACE" in exc.expected and opened:
            last = opened[-1]
            rule_line = text.count("\n", 0, last.start()) + 1
            msg = f"missing '}}': rule {last.group(1)} opened at line {rule_line} is not closed"
        else:
            msg = f"unexpected end of file; expected {_describe_expected(set(exc.expected))}"
        return Problem(Source(file, line, col), msg, _context(text, line, col))
    line = getattr(exc, "line", 1) or 1
    col = getattr(exc, "column", 1) or 1
    pos = getattr(exc, "pos_in_stream", None)
    if pos is None:
        pos = sum(len(s) + 1 for s in text.split("\n")[: line - 1]) + col - 1
    src = Source(file, line, col)
    ctx = _context(text, line, col)
    if isinstance(exc, UnexpectedCharacters):
        if text.startswith('"""', pos) or text[max(0, pos - 2) : pos + 1] == '"""':
            if not text.startswith('"""', pos):
                src = Source(file, line, max(col - 2, 1))
                ctx = _context(text, line, src.column)
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
        allowed = set(exc.allowed or ())
        word = _word_at(text, pos)
        return _unexpected_word(src, ctx, word, allowed)
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    expected = set(exc.expected)
    if token.type == "$END":
        return _syntax_problem(UnexpectedEOF(expected), text, file)  # type: ignore[no-untyped-call]
    word = _word_at(text, token.start_pos) if token.start_pos is not None else str(token)
    if token.type in ("RULE", "__ANON_RULE") or (word == "rule" and "RBRACE" in expected):
        rule_starts = [m for m in re.finditer(r"^\s*rule\s+(\S+)", text[:pos], re.M)]
        if rule_starts and "RBRACE" in expected:
            last = rule_starts[-1]
            rule_line = text.count("\n", 0, last.start()) + 1
            return Problem(
                src,
                f"missing '}}': rule {last.group(1)} opened at line {rule_line} is not closed "
                "before the next rule",
                ctx,
            )
    return _unexpected_word(src, ctx, word, expected, token.type)


def _unexpected_word(
    src: Source, ctx: str, word: str, expected: set[str], token_type: str = ""
) -> Problem:
    candidates = [*STATEMENTS, *TOP_LEVEL, "mentions", "and", "or", "not", "within", "as"]
    exp_words = _describe_expected(expected)
    if word and word[0].isupper() and word.lower() in candidates:
        return Problem(src, f'keywords are lower case: write "{word.lower()}"', ctx)
    close = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.75)
    if close and close[0] != word:
        return Problem(
            src, f'unknown keyword "{word}": did you mean "{close[0]}"? (expected {exp_words})', ctx
        )
    if word in ("{", "}") or token_type in ("LBRACE", "RBRACE"):
        return Problem(src, f'unexpected "{word}"; expected {exp_words}', ctx)
    return Problem(src, f'unexpected "{word}"; expected {exp_words}', ctx)


def with_context(problem: Problem, text: str) -> Problem:
    """The problem with its source line and a caret, if it has none yet."""
    if problem.context or not text:
        return problem
    return Problem(
        problem.source, problem.message, _context(text, problem.source.line, problem.source.column)
    )


def _unquote(token: str) -> str:
    if token.startswith('"""'):
        body = token[3:-3]
        if body.startswith("\n"):
            body = body[1:]
        return textwrap.dedent(body).strip()
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _src(file: str, meta: Any) -> Source:
    return Source(file, getattr(meta, "line", 1) or 1, getattr(meta, "column", 1) or 1)


def _make_transformer(file: str, problems: list[Problem]) -> Any:
    from lark import Token, Transformer, v_args

    def tok_src(t: Token) -> Source:
        return Source(file, t.line or 1, t.column or 1)

    @v_args(meta=True)
    class ToRules(Transformer):  # type: ignore[type-arg]
        # -- file structure ----------------------------------------------------------------
        def start(self, meta: Any, items: list[Any]) -> RuleFile:
            pack = None
            imports, sets, params, rules = [], [], [], []
            for it in items:
                if isinstance(it, tuple) and it and it[0] == "pack":
                    pack = it[1]
                elif isinstance(it, Import):
                    imports.append(it)
                elif isinstance(it, TermSet):
                    sets.append(it)
                elif isinstance(it, Param):
                    params.append(it)
                elif isinstance(it, Rule):
                    rules.append(it)
            return RuleFile(file, pack, tuple(imports), tuple(sets), tuple(params), tuple(rules))

        def pack_header(self, meta: Any, items: list[Token]) -> tuple[str, str]:
            return ("pack", _unquote(items[0]))

        def import_stmt(self, meta: Any, items: list[Any]) -> Import:
            names, pack = items
            return Import(names, _unquote(pack), _src(file, meta))

        def import_all(self, meta: Any, items: list[Token]) -> None:
            return None

        def import_list(self, meta: Any, items: list[Token]) -> tuple[str, ...]:
            return tuple(str(t) for t in items)

        def define_stmt(self, meta: Any, items: list[Any]) -> TermSet:
            name = str(items[0])
            desc = _unquote(items[1]) if len(items) == 3 else None
            patterns = items[-1]
            return TermSet(name, patterns, desc, _src(file, meta))

        def param_stmt(self, meta: Any, items: list[Any]) -> Param | None:
            name, q = str(items[0]), items[1]
            if isinstance(q, ParamRef):
                problems.append(
                    Problem(_src(file, meta), f"parameter {name} must be a number with a unit")
                )
                return None
            if q is None:
                return None
            return Param(name, q, _src(file, meta))

        # -- rules ------------------------------------------------------------------------
        def rule_def(self, meta: Any, items: list[Any]) -> Rule | None:
            rid, title = str(items[0]), _unquote(items[1])
            src = _src(file, meta)
            fields: dict[str, Any] = {
                "triggers": [],
                "strong": [],
                "weak": [],
                "prohibitions": [],
                "limits": [],
                "citations": [],
                "examples": [],
                "messages": {},
            }
            seen: set[str] = set()
            for kind, value, where in [it for it in items[2:] if it is not None]:
                if kind in ("severity", "applies_to", "theme", "tags", "rationale", "suggestion"):
                    if kind in seen:
                        problems.append(Problem(where, f"{rid}: '{kind}' is given twice"))
                    seen.add(kind)
                if kind == "severity":
                    fields["severity"], fields["outcome_severity"] = value
                elif kind == "require":
                    if "requirement" in fields:
                        problems.append(
                            Problem(where, f"{rid}: a rule has one 'require'; combine with 'and'")
                        )
                    fields["requirement"] = value
                elif kind == "message":
                    fields["messages"][value[0]] = value[1]
                elif kind in (
                    "triggers",
                    "strong",
                    "weak",
                    "prohibitions",
                    "limits",
                    "citations",
                    "examples",
                ):
                    fields[kind].append(value)
                else:
                    fields[kind] = value
            if "severity" not in fields:
                problems.append(Problem(src, f"{rid}: no severity (error, warning or info)"))
                fields["severity"] = Severity.ERROR
            if "applies_to" not in fields:
                problems.append(Problem(src, f"{rid}: no 'applies to' (tender, contract, or both)"))
                fields["applies_to"] = frozenset({DocType.TENDER, DocType.CONTRACT})
            if not fields["examples"]:
                problems.append(
                    Problem(src, f"{rid}: no examples; give one per outcome the rule can produce")
                )
            if not fields.get("requirement") and not (
                fields["prohibitions"] or fields["limits"] or fields["strong"] or fields["weak"]
            ):
                problems.append(
                    Problem(src, f"{rid}: nothing to check: add 'require', 'forbid' or 'limit'")
                )
            for key in ("triggers", "strong", "weak", "prohibitions", "limits", "citations",
                        "examples"):  # fmt: skip
                fields[key] = tuple(fields[key])
            return Rule(id=rid, title=title, source=src, **fields)

        def severity_stmt(self, meta: Any, items: list[Token]) -> Any:
            where = _src(file, meta)
            base = self._severity(items[0])
            overrides: dict[Outcome, Severity] = {}
            for o, s in zip(items[1::2], items[2::2], strict=True):
                outcome = OUTCOME_WORDS.get(str(o))
                if outcome is None or outcome in (Outcome.SATISFIED, Outcome.NOT_APPLICABLE):
                    problems.append(
                        Problem(
                            tok_src(o),
                            f'unknown outcome "{o}" in severity (expected missing, weak or '
                            "conflict)",
                        )
                    )
                    continue
                overrides[outcome] = self._severity(s)
            return ("severity", (base, overrides), where)

        def _severity(self, t: Token) -> Severity:
            try:
                return Severity.parse(str(t))
            except KeyError:
                close = difflib.get_close_matches(str(t), ["error", "warning", "info"], n=1)
                hint = f'; did you mean "{close[0]}"?' if close else ""
                problems.append(
                    Problem(
                        tok_src(t),
                        f'unknown severity "{t}" (expected error, warning or info){hint}',
                    )
                )
                return Severity.ERROR

        def applies_stmt(self, meta: Any, items: list[Token]) -> Any:
            types: set[DocType] = set()
            for t in items:
                word = str(t)
                if word in ("both", "any", "all"):
                    types |= {DocType.TENDER, DocType.CONTRACT}
                elif word in DOC_TYPES:
                    types.add(DOC_TYPES[word])
                else:
                    close = difflib.get_close_matches(word, [*DOC_TYPES, "both"], n=1)
                    hint = f'; did you mean "{close[0]}"?' if close else ""
                    problems.append(
                        Problem(
                            tok_src(t),
                            f'unknown document type "{word}" (expected tender, contract or '
                            f"both){hint}",
                        )
                    )
            return ("applies_to", frozenset(types), _src(file, meta))

        def theme_stmt(self, meta: Any, items: list[Token]) -> Any:
            return ("theme", _unquote(items[0]), _src(file, meta))

        def tags_stmt(self, meta: Any, items: list[Token]) -> Any:
            return ("tags", tuple(str(t) for t in items), _src(file, meta))

        def rationale_stmt(self, meta: Any, items: list[Token]) -> Any:
            return ("rationale", _unquote(items[0]), _src(file, meta))

        def message_stmt(self, meta: Any, items: list[Token]) -> Any:
            outcome = OUTCOME_WORDS.get(str(items[0]))
            if outcome is None:
                problems.append(
                    Problem(
                        tok_src(items[0]),
                        f'unknown outcome "{items[0]}" (expected {", ".join(OUTCOME_WORDS)})',
                    )
                )
                return None
            return ("message", (outcome, _unquote(items[1])), _src(file, meta))

        def label(self, meta: Any, items: list[Token]) -> str:
            return _unquote(items[0])

        def when_stmt(self, meta: Any, items: list[Any]) -> Any:
            label = items[1] if len(items) > 1 else None
            return ("triggers", Check(items[0], label, _src(file, meta)), _src(file, meta))

        def require_stmt(self, meta: Any, items: list[Any]) -> Any:
            unit, cond = items[0], items[1]
            sections = items[2] if len(items) > 2 else ()
            where = _src(file, meta)
            return ("require", Requirement(unit, cond, sections, where), where)

        def section_scope(self, meta: Any, items: list[Any]) -> tuple[Pattern, ...]:
            return tuple(items[0])

        def _split_for(self, items: list[Any]) -> tuple[DocType | None, list[Any]]:
            if items and isinstance(items[0], tuple) and items[0][0] == "only_for":
                return items[0][1], items[1:]
            return None, items

        def strong_stmt(self, meta: Any, items: list[Any]) -> Any:
            only, rest = self._split_for(items)
            label = rest[1] if len(rest) > 1 else None
            where = _src(file, meta)
            return ("strong", Check(rest[0], label, where, only), where)

        def weak_stmt(self, meta: Any, items: list[Any]) -> Any:
            only, rest = self._split_for(items)
            label = rest[1] if len(rest) > 1 else None
            where = _src(file, meta)
            return ("weak", Check(rest[0], label, where, only), where)

        def forbid_stmt(self, meta: Any, items: list[Any]) -> Any:
            only, rest = self._split_for(items)
            label = rest[2] if len(rest) > 2 else None
            where = _src(file, meta)
            return ("prohibitions", Prohibition(rest[0], rest[1], label, where, only), where)

        def only_for(self, meta: Any, items: list[Token]) -> tuple[str, DocType | None]:
            return ("only_for", self.example_for(meta, items))

        def limit_stmt(self, meta: Any, items: list[Any]) -> Any:
            subject, op, value = str(items[0]), items[1], items[2]
            label = items[3] if len(items) > 3 else None
            where = _src(file, meta)
            if subject not in MEASURES:
                close = difflib.get_close_matches(subject, list(MEASURES), n=1)
                hint = f'; did you mean "{close[0]}"?' if close else ""
                problems.append(
                    Problem(
                        tok_src(items[0]),
                        f'unknown document measure "{subject}" '
                        f"(expected one of {', '.join(sorted(MEASURES))}){hint}",
                    )
                )
            cond = Compare(subject, op, value)
            self._check_compare(cond, tok_src(items[0]))
            return ("limits", Check(cond, label, where), where)

        def cite_stmt(self, meta: Any, items: list[Any]) -> Any:
            title = _unquote(items[0])
            section = url = None
            for it in items[1:]:
                if it[0] == "section":
                    section = it[1]
                else:
                    url = it[1]
            if url and not re.match(r"https?://\S+$", url):
                problems.append(
                    Problem(_src(file, meta), f'citation url is not a web address: "{url}"')
                )
            return ("citations", Citation(title, section, url), _src(file, meta))

        def cite_section(self, meta: Any, items: list[Token]) -> tuple[str, str]:
            return ("section", _unquote(items[0]))

        def cite_url(self, meta: Any, items: list[Token]) -> tuple[str, str]:
            return ("url", _unquote(items[0]))

        def suggest_stmt(self, meta: Any, items: list[Token]) -> Any:
            return ("suggestion", _unquote(items[0]), _src(file, meta))

        def example_stmt(self, meta: Any, items: list[Any]) -> Any:
            where = _src(file, meta)
            word = str(items[0])
            outcome = OUTCOME_WORDS.get(word)
            if outcome is None:
                close = difflib.get_close_matches(word, list(OUTCOME_WORDS), n=1)
                hint = f'; did you mean "{close[0]}"?' if close else ""
                problems.append(
                    Problem(
                        tok_src(items[0]),
                        f'unknown outcome "{word}" for an example '
                        f"(expected {', '.join(OUTCOME_WORDS)}){hint}",
                    )
                )
                return None
            doc_type = None
            expects: list[str] = []
            for it in items[1:-1]:
                if isinstance(it, DocType):
                    doc_type = it
                elif isinstance(it, str):
                    expects.append(it)
            text = _unquote(items[-1])
            return ("examples", Example(outcome, text, doc_type, tuple(expects), where), where)

        def example_for(self, meta: Any, items: list[Token]) -> DocType | None:
            word = str(items[0])
            if word not in DOC_TYPES:
                problems.append(
                    Problem(
                        tok_src(items[0]),
                        f'unknown document type "{word}" (expected tender or contract)',
                    )
                )
                return None
            return DOC_TYPES[word]

        def expect(self, meta: Any, items: list[Token]) -> str:
            return _unquote(items[0])

        # -- conditions -------------------------------------------------------------------
        def or_cond(self, meta: Any, items: list[Condition]) -> Condition:
            out: list[Condition] = []
            for it in items:
                out.extend(it.items if isinstance(it, AnyOf) else [it])
            return AnyOf(tuple(out))

        def and_cond(self, meta: Any, items: list[Condition]) -> Condition:
            out: list[Condition] = []
            for it in items:
                out.extend(it.items if isinstance(it, All) else [it])
            return All(tuple(out))

        def not_cond(self, meta: Any, items: list[Condition]) -> Condition:
            return Not(items[0])

        def mentions(self, meta: Any, items: list[Any]) -> Condition:
            return Mentions(tuple(items[0]))

        def scoped_mentions(self, meta: Any, items: list[Any]) -> Condition:
            return Mentions(tuple(items[1]), scope=items[0])

        def scope(self, meta: Any, items: list[Any]) -> str:
            return str(items[0])

        def next_clause(self, meta: Any, items: list[Any]) -> str:
            return "next"

        def unit(self, meta: Any, items: list[Token]) -> str:
            return str(items[0])

        def compare(self, meta: Any, items: list[Any]) -> Condition:
            subject, op, value = str(items[0]), items[1], items[2]
            near: tuple[Pattern, ...] = ()
            near_words = 0
            if len(items) > 3:
                near_words, near = items[3]
                if subject in MEASURES:
                    problems.append(
                        Problem(
                            tok_src(items[0]),
                            f'"within ... words of" applies to quantities in the text, '
                            f'not to the document measure "{subject}"',
                        )
                    )
            if subject not in DIMENSIONS and subject not in MEASURES:
                known = [*DIMENSIONS, *MEASURES]
                close = difflib.get_close_matches(subject, known, n=1)
                hint = f'; did you mean "{close[0]}"?' if close else ""
                problems.append(
                    Problem(
                        tok_src(items[0]),
                        f'unknown quantity "{subject}" (expected duration, period, percentage, '
                        f"money, count or a document measure){hint}",
                    )
                )
            cond = Compare(subject, op, value, near, near_words)
            self._check_compare(cond, tok_src(items[0]))
            return cond

        def scoped_compare(self, meta: Any, items: list[Any]) -> Condition:
            cond = self.compare(meta, items[1:])
            if isinstance(cond, Compare):
                if cond.subject in MEASURES:
                    problems.append(
                        Problem(
                            tok_src(items[1]),
                            f'a document measure ("{cond.subject}") has no {items[0]}: '
                            "drop the scope word",
                        )
                    )
                return Compare(
                    cond.subject, cond.op, cond.value, cond.near, cond.near_words, items[0]
                )
            return cond

        def near_clause(self, meta: Any, items: list[Any]) -> tuple[int, tuple[Pattern, ...]]:
            return int(items[0]), (items[1],)

        def _check_compare(self, cond: Compare, where: Source) -> None:
            if not isinstance(cond.value, Quantity):
                return
            want = MEASURES.get(cond.subject) or (
                "duration" if cond.subject == "period" else cond.subject
            )
            if want in DIMENSIONS and cond.value.dimension != want:
                problems.append(
                    Problem(
                        where,
                        f'{cond.subject} is compared with "{cond.value.text}", which is a '
                        f"{cond.value.dimension}, not a {want}",
                    )
                )

        def count(self, meta: Any, items: list[Any]) -> Condition:
            op, n, unit, patterns = items
            u = COUNT_UNITS.get(str(unit))
            if u is None:
                problems.append(
                    Problem(
                        tok_src(unit),
                        f'unknown unit to count "{unit}" (expected {", ".join(COUNT_UNITS)})',
                    )
                )
                u = "block"
            return Count(op, n, u, tuple(patterns))

        def count_n(self, meta: Any, items: list[Token]) -> int | ParamRef:
            t = items[0]
            return ParamRef(str(t), tok_src(t)) if t.type == "SETNAME" else int(t)

        def at_least(self, meta: Any, items: list[Any]) -> str:
            return ">="

        def at_most(self, meta: Any, items: list[Any]) -> str:
            return "<="

        def le(self, meta: Any, items: list[Any]) -> str:
            return "<="

        def lt(self, meta: Any, items: list[Any]) -> str:
            return "<"

        def ge(self, meta: Any, items: list[Any]) -> str:
            return ">="

        def gt(self, meta: Any, items: list[Any]) -> str:
            return ">"

        def eq(self, meta: Any, items: list[Any]) -> str:
            return "="

        # -- patterns ---------------------------------------------------------------------
        def pattern_list(self, meta: Any, items: list[Pattern]) -> tuple[Pattern, ...]:
            return tuple(items)

        def phrase(self, meta: Any, items: list[Token]) -> Pattern:
            text = _unquote(items[0]).strip()
            if not re.search(r"\w", text):
                problems.append(Problem(tok_src(items[0]), "empty phrase: a phrase needs words"))
            return Phrase(text, tok_src(items[0]))

        def regex(self, meta: Any, items: list[Token]) -> Pattern:
            raw = str(items[0])
            end = raw.rfind("/")
            source, flags = raw[1:end].replace("\\/", "/"), raw[end + 1 :]
            try:
                re.compile(source)
            except re.error as exc:
                problems.append(
                    Problem(tok_src(items[0]), f"invalid regular expression /{source}/: {exc}")
                )
            return Regex(source, flags)

        def set_ref(self, meta: Any, items: list[Token]) -> Pattern:
            return SetRef(str(items[0]), tok_src(items[0]))

        def near(self, meta: Any, items: list[Any]) -> Pattern:
            return Near(items[0], items[2], int(items[1]), ordered=False)

        def followed_by(self, meta: Any, items: list[Any]) -> Pattern:
            return Near(items[0], items[1], int(items[2]), ordered=True)

        # -- quantities -------------------------------------------------------------------
        def number_quantity(self, meta: Any, items: list[Token]) -> Quantity | None:
            number = float(items[0])
            words = " ".join(str(t) for t in items[1:])
            raw = f"{items[0]} {words}".strip()
            q = parse_rule_quantity(number, words, raw)
            if q is None:
                problems.append(
                    Problem(
                        tok_src(items[1]) if len(items) > 1 else _src(file, meta),
                        f'unknown unit "{words}" in "{raw}" (expected hours, days, working '
                        "days, calendar days, business days, weeks, months or years)",
                    )
                )
            return q

        def percent_quantity(self, meta: Any, items: list[Token]) -> Quantity:
            return parse_percent(str(items[0]))

        def money_quantity(self, meta: Any, items: list[Token]) -> Quantity:
            return parse_money(str(items[0]))

        def param_ref(self, meta: Any, items: list[Token]) -> ParamRef:
            return ParamRef(str(items[0]), tok_src(items[0]))

    return ToRules()


def parse_rules(text: str, file: str = "<rules>") -> RuleFile:
    """Parse rule text into a RuleFile, or raise RuleSyntaxError listing every problem found."""
    from lark.exceptions import UnexpectedInput

    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise RuleSyntaxError([_syntax_problem(exc, text, file)]) from None
    problems: list[Problem] = []
    transformer = _make_transformer(file, problems)
    result: RuleFile = transformer.transform(tree)
    if problems:
        located = [with_context(p, text) for p in problems]
        ordered = sorted(located, key=lambda p: (p.source.line, p.source.column))
        raise RuleSyntaxError(ordered, result)
    return result
