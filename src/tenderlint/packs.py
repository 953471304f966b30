"""Rule packs: find them, validate their manifests, parse their rule files, resolve names, and
give each pack its identity (name, version and a sha256 over its files)."""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from tenderlint import __version__
from tenderlint.data import shipped_dir
from tenderlint.dsl import Problem, RuleSyntaxError, parse_rules
from tenderlint.rules import (
    All,
    AnyOf,
    Compare,
    Condition,
    Count,
    Manifest,
    Mentions,
    Near,
    Not,
    Pack,
    Param,
    ParamRef,
    Pattern,
    Phrase,
    Quantity,
    Rule,
    RuleFile,
    SetRef,
    Source,
    TermSet,
)
from tenderlint.validation import validate

DEFAULT_PACK = "uk-responsible-tech"
MANIFEST = "pack.toml"
_INTERPOLATE = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


class PackError(Exception):
    """A pack that cannot be used; ``problems`` lists every error found, each one line (or
    a line with a caret under the position for rule-file errors)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class PackRef:
    """Where a pack was asked for: a bundled name or a path."""

    text: str


def bundled_packs() -> list[Path]:
    root = shipped_dir("rules")
    return sorted(p.parent for p in root.glob(f"*/{MANIFEST}"))


def resolve_pack_dir(ref: str, base: Path | None = None) -> Path:
    """A pack directory from a bundled name, a directory, or a path to its ``pack.toml``."""
    candidates: list[Path] = []
    p = Path(ref)
    if base is not None and not p.is_absolute():
        candidates.append(base / p)
    candidates.append(p)
    for c in candidates:
        if c.is_file() and c.name == MANIFEST:
            return c.parent
        if (c / MANIFEST).is_file():
            return c
    bundled = shipped_dir("rules") / ref
    if (bundled / MANIFEST).is_file():
        return bundled
    names = [d.name for d in bundled_packs()]
    close = difflib.get_close_matches(ref, names, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    if p.exists() and p.is_dir():
        raise PackError([f"{ref}: not a rule pack (no {MANIFEST} in the directory){hint}"])
    raise PackError(
        [f"{ref}: no such rule pack (bundled packs: {', '.join(names) or 'none'}){hint}"]
    )


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", text.split("+")[0].split("-")[0])[:3])


def version_satisfies(version: str, spec: str) -> bool:
    """Does ``version`` meet a specifier such as ``>=0.1, <1``?"""
    v = _version_tuple(version)
    for part in spec.split(","):
        m = re.fullmatch(r"\s*(>=|<=|==|!=|>|<|~=)\s*([\d.]+)\s*", part)
        if not m:
            return False
        op, want = m.group(1), _version_tuple(m.group(2))
        n = max(len(v), len(want))
        a, b = v + (0,) * (n - len(v)), want + (0,) * (n - len(want))
        ok = {
            ">=": a >= b,
            "<=": a <= b,
            "==": a == b,
            "!=": a != b,
            ">": a > b,
            "<": a < b,
            "~=": a >= b and a[: len(want) - 1] == b[: len(want) - 1],
        }[op]
        if not ok:
            return False
    return True


def read_manifest(pack_dir: Path) -> Manifest:
    """Read and validate ``pack.toml``; raise PackError naming the file and each bad key."""
    path = pack_dir / MANIFEST
    shown = _rel(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PackError([f"{shown}: invalid TOML: {exc}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([f"{shown}: cannot read: {exc}"]) from None
    problems = [f"{shown}: {m}" for m in validate(data, "pack")]
    if problems:
        raise PackError(problems)
    if not version_satisfies(__version__, data["tenderlint"]):
        raise PackError(
            [
                f'{shown}: key "tenderlint": the pack needs tenderlint {data["tenderlint"]}, '
                f"this is {__version__}"
            ]
        )
    return Manifest(
        name=data["name"],
        version=data["version"],
        title=data["title"],
        publisher=data["publisher"],
        licence=data["licence"],
        description=data["description"],
        jurisdiction=data["jurisdiction"],
        requires=data["tenderlint"],
        files=tuple(data["rules"]),
        homepage=data.get("homepage"),
    )


def pack_sha256(pack_dir: Path, files: Iterable[str]) -> str:
    """A digest over the manifest and every rule file, so any edit changes the pack identity."""
    h = hashlib.sha256()
    for name in sorted({MANIFEST, *files}):
        h.update(name.encode("utf-8") + b"\0")
        h.update((pack_dir / name).read_bytes())
        h.update(b"\0")
    return h.hexdigest()


# -- name resolution ---------------------------------------------------------------------------


def _walk_patterns(patterns: Iterable[Pattern]) -> Iterator[Pattern]:
    for p in patterns:
        yield p
        if isinstance(p, Near):
            yield from _walk_patterns((p.left, p.right))


def walk_condition(cond: Condition) -> Iterator[Condition]:
    """Every condition nested in ``cond``, itself included."""
    yield cond
    if isinstance(cond, All | AnyOf):
        for c in cond.items:
            yield from walk_condition(c)
    elif isinstance(cond, Not):
        yield from walk_condition(cond.item)


def rule_conditions(rule: Rule) -> Iterator[tuple[Condition, Source]]:
    for check in (*rule.triggers, *rule.strong, *rule.weak, *rule.limits):
        for c in walk_condition(check.condition):
            yield c, check.source
    if rule.requirement:
        src = rule.requirement.source or rule.source
        for c in walk_condition(rule.requirement.condition):
            yield c, src
        yield Mentions(rule.requirement.sections), src
    for pro in rule.prohibitions:
        for c in walk_condition(pro.condition):
            yield c, pro.source


def _patterns_of(cond: Condition) -> tuple[Pattern, ...]:
    if isinstance(cond, Mentions | Count):
        return cond.patterns
    if isinstance(cond, Compare):
        return cond.near
    return ()


def _expand_phrase(text: str, sets: Mapping[str, TermSet], seen: tuple[str, ...]) -> list[str]:
    """``"at the {SUPPLIER}'s discretion"`` becomes one phrase per phrase of SUPPLIER."""
    m = _INTERPOLATE.search(text)
    if not m:
        return [text]
    name = m.group(1)
    out: list[str] = []
    for p in flatten(SetRef(name), sets, seen):
        if isinstance(p, Phrase):
            out.extend(_expand_phrase(text[: m.start()] + p.text + text[m.end() :], sets, seen))
    return out


def flatten(
    pattern: Pattern, sets: Mapping[str, TermSet], seen: tuple[str, ...] = ()
) -> list[Pattern]:
    """The concrete phrases and expressions a pattern stands for, with sets expanded."""
    if isinstance(pattern, SetRef):
        if pattern.name in seen or pattern.name not in sets:
            return []
        out: list[Pattern] = []
        for p in sets[pattern.name].patterns:
            out.extend(flatten(p, sets, (*seen, pattern.name)))
        return out
    if isinstance(pattern, Phrase) and "{" in pattern.text:
        return [Phrase(t) for t in _expand_phrase(pattern.text, sets, seen)]
    return [pattern]


def _check_names(
    files: list[RuleFile],
    sets: Mapping[str, TermSet],
    params: Mapping[str, Param],
    problems: list[Problem],
) -> None:
    set_names = list(sets)

    def unknown_set(name: str, where: Source) -> None:
        close = difflib.get_close_matches(name, set_names, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        if name in params:
            problems.append(Problem(where, f"{name} is a parameter, not a term set"))
        else:
            problems.append(Problem(where, f"undefined term set {name}{hint}"))

    def check_patterns(patterns: Iterable[Pattern], where: Source) -> None:
        for p in _walk_patterns(patterns):
            if isinstance(p, SetRef) and p.name not in sets:
                unknown_set(p.name, p.at or where)
            if isinstance(p, Phrase):
                for m in _INTERPOLATE.finditer(p.text):
                    if m.group(1) not in sets:
                        unknown_set(m.group(1), p.at or where)

    # Cycles: a set that, through others, includes itself.
    def refs(ts: TermSet) -> set[str]:
        out = set()
        for p in _walk_patterns(ts.patterns):
            if isinstance(p, SetRef):
                out.add(p.name)
            if isinstance(p, Phrase):
                out |= set(_INTERPOLATE.findall(p.text))
        return out

    for ts in sets.values():
        stack, seen = list(refs(ts)), set()
        while stack:
            n = stack.pop()
            if n == ts.name:
                problems.append(Problem(ts.source, f"term set {ts.name} includes itself"))
                break
            if n in seen or n not in sets:
                continue
            seen.add(n)
            stack.extend(refs(sets[n]))

    for f in files:
        for ts in f.sets:
            check_patterns(ts.patterns, ts.source)
        for rule in f.rules:
            for cond, where in rule_conditions(rule):
                check_patterns(_patterns_of(cond), where)
                if isinstance(cond, Count) and isinstance(cond.n, ParamRef):
                    name = cond.n.name
                    if name not in params:
                        problems.append(Problem(cond.n.at or where, f"undefined parameter {name}"))
                    elif params[name].value.dimension != "count":
                        problems.append(
                            Problem(
                                cond.n.at or where,
                                f"{name} is a {params[name].value.dimension}, not a count",
                            )
                        )
                if isinstance(cond, Compare) and isinstance(cond.value, ParamRef):
                    name = cond.value.name
                    if name not in params:
                        close = difflib.get_close_matches(name, list(params), n=1)
                        hint = f'; did you mean "{close[0]}"?' if close else ""
                        at = cond.value.at or where
                        problems.append(Problem(at, f"undefined parameter {name}{hint}"))
                    else:
                        _check_param_dimension(cond, params[name].value, where, problems)
            for ex in rule.examples:
                if ex.doc_type is not None and ex.doc_type not in rule.applies_to:
                    problems.append(
                        Problem(
                            ex.source or rule.source,
                            f"{rule.id}: example is for a {ex.doc_type.value} but the rule "
                            "does not apply to that document type",
                        )
                    )


def _check_param_dimension(
    cond: Compare, value: Quantity, where: Source, problems: list[Problem]
) -> None:
    from tenderlint.dsl import MEASURES

    want = MEASURES.get(cond.subject) or ("duration" if cond.subject == "period" else cond.subject)
    if value.dimension != want:
        problems.append(
            Problem(
                where,
                f'{cond.subject} is compared with "{value.text}", which is a {value.dimension}, '
                f"not a {want}",
            )
        )


def load_pack(
    ref: str,
    *,
    base: Path | None = None,
    params: Mapping[str, Quantity] | None = None,
    _loading: tuple[Path, ...] = (),
) -> Pack:
    """Load the pack ``ref`` (bundled name or path) with all names checked; raise PackError
    listing every problem in every file. ``params`` overrides the pack's parameters."""
    pack_dir = resolve_pack_dir(ref, base).resolve()
    if pack_dir in _loading:
        raise PackError([f"{_rel(pack_dir)}: packs import each other in a cycle"])
    manifest = read_manifest(pack_dir)
    messages: list[str] = []
    problems: list[Problem] = []
    files: list[RuleFile] = []
    texts: dict[str, str] = {}
    for name in manifest.files:
        path = pack_dir / name
        shown = _rel(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            messages.append(f'{_rel(pack_dir / MANIFEST)}: key "rules": no such file {name}')
            continue
        except (OSError, UnicodeDecodeError) as exc:
            messages.append(f"{shown}: cannot read: {exc}")
            continue
        texts[shown] = text
        try:
            files.append(parse_rules(text, shown))
        except RuleSyntaxError as exc:
            problems.extend(exc.problems)
            if exc.partial is not None:
                files.append(exc.partial)
    listed = {(pack_dir / n).resolve() for n in manifest.files}
    for stray in sorted(pack_dir.rglob("*.tl")):
        if stray.resolve() not in listed:
            messages.append(
                f'{_rel(stray)}: rule file is not listed in {MANIFEST} (add it to "rules")'
            )

    sets: dict[str, TermSet] = {}
    param_map: dict[str, Param] = {}
    imported: set[str] = set()
    for f in files:
        for imp in f.imports:
            try:
                other = load_pack(imp.pack, base=pack_dir, _loading=(*_loading, pack_dir))
            except PackError as exc:
                problems.append(
                    Problem(imp.source, f'cannot import from "{imp.pack}": {exc.problems[0]}')
                )
                continue
            imported.add(str(resolve_pack_dir(imp.pack, pack_dir).resolve()))
            imported.update(other.imports)
            wanted = imp.names if imp.names is not None else tuple(other.sets)
            for n in wanted:
                if n not in other.sets:
                    problems.append(Problem(imp.source, f'pack "{other.name}" has no term set {n}'))
                elif n in sets and sets[n] != other.sets[n]:
                    problems.append(Problem(imp.source, f"term set {n} is imported twice"))
                else:
                    sets[n] = other.sets[n]
    for f in files:
        for ts in f.sets:
            if ts.name in sets:
                first = sets[ts.name].source
                problems.append(
                    Problem(ts.source, f"term set {ts.name} is already defined at {first}")
                )
            sets[ts.name] = ts
        for p in f.params:
            if p.name in param_map:
                problems.append(
                    Problem(
                        p.source,
                        f"parameter {p.name} is already defined at {param_map[p.name].source}",
                    )
                )
            param_map[p.name] = p
    for name, value in (params or {}).items():
        if name in param_map:
            param_map[name] = replace(param_map[name], value=value)
    _check_names(files, sets, param_map, problems)

    rules: dict[str, Rule] = {}
    for f in files:
        for r in f.rules:
            if r.id in rules:
                problems.append(
                    Problem(
                        r.source,
                        f"duplicate rule id {r.id} (first defined at {rules[r.id].source})",
                    )
                )
                continue
            rules[r.id] = r
    if f_pack := [f for f in files if f.pack and f.pack != manifest.name]:
        for f in f_pack:
            messages.append(
                f'{f.path}: declares pack "{f.pack}" but is listed in pack "{manifest.name}"'
            )
    if problems or messages:
        from tenderlint.dsl import with_context

        ordered = sorted(
            (with_context(p, texts.get(p.source.file, "")) for p in problems),
            key=lambda p: (p.source.file, p.source.line, p.source.column),
        )
        raise PackError([*messages, *(str(p) for p in ordered)])
    return Pack(
        manifest=manifest,
        path=_rel(pack_dir),
        sha256=pack_sha256(pack_dir, manifest.files),
        rules=tuple(sorted(rules.values(), key=lambda r: r.id)),
        sets=sets,
        params=param_map,
        imports=tuple(sorted(imported)),
    )


def find_packs(paths: Iterable[Path]) -> list[Path]:
    """Pack directories at or below each path (for ``rules validate rules/``)."""
    found: list[Path] = []
    for p in paths:
        if p.is_file() and p.name == MANIFEST:
            found.append(p.parent)
        elif (p / MANIFEST).is_file():
            found.append(p)
        elif p.is_dir():
            found.extend(sorted(m.parent for m in p.rglob(MANIFEST)))
    return found
