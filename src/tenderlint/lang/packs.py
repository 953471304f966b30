"""Rule packs: find them, validate their manifests, parse their rule files, resolve names, and
give each pack its identity (name, version and a sha256 over its files)."""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from tenderlint import __version__
from tenderlint.data import shipped_dir
from tenderlint.lang.errors import Problem, RuleSyntaxError, with_context
from tenderlint.lang.names import check_names
from tenderlint.lang.nouns import Manifest, Pack, Param, Quantity, Rule, RuleFile, TermSet
from tenderlint.lang.parse import parse_rules
from tenderlint.validation import validate

DEFAULT_PACK = "uk-responsible-tech"
MANIFEST = "pack.toml"


class PackError(Exception):
    """A pack that cannot be used; ``problems`` lists every error found, each one line (or
    a line with a caret under the position for rule-file errors)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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
    loaded = _Loading(pack_dir, manifest)
    loaded.parse_files()
    imported = loaded.imports((*_loading, pack_dir))
    loaded.definitions(params or {})
    check_names(loaded.files, loaded.sets, loaded.params, loaded.problems)
    rules = loaded.rules()
    if loaded.problems or loaded.messages:
        ordered = sorted(
            (with_context(p, loaded.texts.get(p.source.file, "")) for p in loaded.problems),
            key=lambda p: (p.source.file, p.source.line, p.source.column),
        )
        raise PackError([*loaded.messages, *(str(p) for p in ordered)])
    return Pack(
        manifest=manifest,
        path=_rel(pack_dir),
        sha256=pack_sha256(pack_dir, manifest.files),
        rules=tuple(sorted(rules.values(), key=lambda r: r.id)),
        sets=loaded.sets,
        params=loaded.params,
        imports=tuple(sorted(imported)),
    )


class _Loading:
    """A pack being loaded: its parsed files, what they define, and every problem so far."""

    def __init__(self, pack_dir: Path, manifest: Manifest) -> None:
        self.dir = pack_dir
        self.manifest = manifest
        self.messages: list[str] = []  # problems without a position in a rule file
        self.problems: list[Problem] = []
        self.files: list[RuleFile] = []
        self.texts: dict[str, str] = {}
        self.sets: dict[str, TermSet] = {}
        self.params: dict[str, Param] = {}

    def parse_files(self) -> None:
        for name in self.manifest.files:
            path = self.dir / name
            shown = _rel(path)
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                self.messages.append(
                    f'{_rel(self.dir / MANIFEST)}: key "rules": no such file {name}'
                )
                continue
            except (OSError, UnicodeDecodeError) as exc:
                self.messages.append(f"{shown}: cannot read: {exc}")
                continue
            self.texts[shown] = text
            try:
                self.files.append(parse_rules(text, shown))
            except RuleSyntaxError as exc:
                self.problems.extend(exc.problems)
                if exc.partial is not None:
                    self.files.append(exc.partial)
        listed = {(self.dir / n).resolve() for n in self.manifest.files}
        for stray in sorted(self.dir.rglob("*.tl")):
            if stray.resolve() not in listed:
                self.messages.append(
                    f'{_rel(stray)}: rule file is not listed in {MANIFEST} (add it to "rules")'
                )

    def imports(self, loading: tuple[Path, ...]) -> set[str]:
        """Term sets imported from other packs; the directories of the packs imported."""
        imported: set[str] = set()
        for f in self.files:
            for imp in f.imports:
                try:
                    other = load_pack(imp.pack, base=self.dir, _loading=loading)
                except PackError as exc:
                    self.problems.append(
                        Problem(imp.source, f'cannot import from "{imp.pack}": {exc.problems[0]}')
                    )
                    continue
                imported.add(str(resolve_pack_dir(imp.pack, self.dir).resolve()))
                imported.update(other.imports)
                wanted = imp.names if imp.names is not None else tuple(other.sets)
                for n in wanted:
                    if n not in other.sets:
                        msg = f'pack "{other.name}" has no term set {n}'
                        self.problems.append(Problem(imp.source, msg))
                    elif n in self.sets and self.sets[n] != other.sets[n]:
                        self.problems.append(Problem(imp.source, f"term set {n} is imported twice"))
                    else:
                        self.sets[n] = other.sets[n]
        return imported

    def definitions(self, overrides: Mapping[str, Quantity]) -> None:
        """The pack's own term sets and parameters, with the config's parameter values."""
        for f in self.files:
            for ts in f.sets:
                if ts.name in self.sets:
                    first = self.sets[ts.name].source
                    self.problems.append(
                        Problem(ts.source, f"term set {ts.name} is already defined at {first}")
                    )
                self.sets[ts.name] = ts
            for p in f.params:
                if p.name in self.params:
                    first = self.params[p.name].source
                    self.problems.append(
                        Problem(p.source, f"parameter {p.name} is already defined at {first}")
                    )
                self.params[p.name] = p
        for name, value in overrides.items():
            if name in self.params:
                self.params[name] = replace(self.params[name], value=value)

    def rules(self) -> dict[str, Rule]:
        rules: dict[str, Rule] = {}
        for f in self.files:
            for r in f.rules:
                if r.id in rules:
                    first = rules[r.id].source
                    msg = f"duplicate rule id {r.id} (first defined at {first})"
                    self.problems.append(Problem(r.source, msg))
                    continue
                rules[r.id] = r
        for f in self.files:
            if f.pack and f.pack != self.manifest.name:
                self.messages.append(
                    f'{f.path}: declares pack "{f.pack}" but is listed in pack '
                    f'"{self.manifest.name}"'
                )
        return rules


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
