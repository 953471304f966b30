"""Rule packs: find them (folder, archive, installed or bundled, by version range), let a gate
verify them, validate their manifests, parse their rule files from inside the pack only, apply
what an extending pack changes, and give each pack its identity (the sha256 of its index)."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from tenderlint import __version__
from tenderlint.data import shipped_dir
from tenderlint.distribution import sources
from tenderlint.distribution.archive import index_digest
from tenderlint.distribution.sources import MANIFEST, Found, SourceError, shown_path
from tenderlint.distribution.versions import PackRef, Version, parse_version, split_ref
from tenderlint.lang.errors import Problem, RuleSyntaxError, with_context
from tenderlint.lang.extend import extend
from tenderlint.lang.names import check_names
from tenderlint.lang.nouns import Manifest, Origin, Pack, Param, Quantity, Rule, RuleFile, TermSet
from tenderlint.lang.parse import parse_rules
from tenderlint.model import Severity
from tenderlint.validation import validate

DEFAULT_PACK = "uk-responsible-tech"


class PackError(Exception):
    """A pack that cannot be used; ``problems`` lists every error found, each one line (or
    a line with a caret under the position for rule-file errors)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Gate(Protocol):
    """What decides whether a found pack may be used: signatures, trusted keys, the lock."""

    def locked(self, name: str) -> str | None:
        """The version of ``name`` the lock file pins, if any."""

    def admit(self, found: Found, manifest: Manifest, sha256: str) -> str | None:
        """The id of the key that verified the pack (None: not signed, and allowed); raise
        SourceError with one line saying which pack and why to refuse it."""


def bundled_packs() -> list[Path]:
    root = shipped_dir("rules")
    return sorted(p.parent for p in root.glob(f"*/{MANIFEST}"))


def _not_found(ref: str, source: str) -> PackError:
    names = sorted({*sources.installed_names(), *(d.name for d in bundled_packs())})
    close = difflib.get_close_matches(source, names, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    p = Path(source)
    if p.is_dir():
        return PackError([f"{ref}: not a rule pack (no {MANIFEST} in the directory){hint}"])
    return PackError(
        [f"{ref}: no such rule pack (installed packs: {', '.join(names) or 'none'}){hint}"]
    )


def resolve_pack_dir(ref: str, base: Path | None = None) -> Path:
    """The folder of a pack given by name or path, for callers that cache folders by content;
    PackError when ``ref`` is not exactly one pack folder."""
    got = _parse_ref(ref)
    found = _find(got, base)
    if len(found) != 1 or found[0].kind != "folder":
        raise PackError([f"{ref}: not a single pack folder"])
    return found[0].location


def _parse_ref(ref: str) -> PackRef:
    got = split_ref(ref)
    if isinstance(got, str):
        raise PackError([got])
    return got


def _find(ref: PackRef, base: Path | None) -> list[Found]:
    try:
        found = sources.find(ref.source, base)
    except SourceError as exc:
        raise PackError([str(exc)]) from None
    if not found:
        raise _not_found(str(ref), ref.source)
    return found


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


def _manifest_file(found: Found) -> str:
    if found.kind == "archive":
        return f"{shown_path(found.location)}/{MANIFEST}"
    return shown_path(found.location / MANIFEST)


def read_manifest(found: Found | Path) -> Manifest:
    """Read and validate ``pack.toml``; raise PackError naming the file and each bad key."""
    if isinstance(found, Path):
        found = Found("folder", found.resolve(), "path", shown_path(found))
    shown = _manifest_file(found)
    try:
        data = tomllib.loads(found.read(MANIFEST).decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PackError([f"{shown}: invalid TOML: {exc}"]) from None
    except FileNotFoundError:
        raise PackError([f"{shown}: no such file"]) from None
    except SourceError as exc:
        raise PackError([f"{shown}: {exc}"]) from None
    except UnicodeDecodeError as exc:
        raise PackError([f"{shown}: cannot read: {exc}"]) from None
    problems = [f"{shown}: {m}" for m in validate(data, "pack")]
    params = _manifest_params(data, shown, problems)
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
        extends=data.get("extends"),
        params=params,
        severity={k: Severity.parse(v) for k, v in sorted(data.get("severity", {}).items())},
        disable=dict(sorted(data.get("disable", {}).items())),
        replaces=tuple(sorted(data.get("replaces", ()))),
    )


def _manifest_params(data: object, shown: str, problems: list[str]) -> dict[str, Quantity]:
    from tenderlint.config import parse_quantity

    table = data.get("params") if isinstance(data, dict) else None
    out: dict[str, Quantity] = {}
    for name, value in sorted(table.items()) if isinstance(table, dict) else ():
        q = parse_quantity(value) if isinstance(value, str | int | float) else None
        if q is None:
            problems.append(
                f'{shown}: key "params.{name}": cannot read {value!r} as a quantity '
                '(examples: "15%", "3 working days", "£5m", 3)'
            )
        else:
            out[name] = q
    return out


def tiered(rule: Rule, params: Mapping[str, Param]) -> Rule:
    """``rule`` with each "core if SWITCH" element core while its switch is on and preferred
    while it is off, as the pack, an extending pack or the config last set it."""
    switched = [c for c in (*rule.core, *rule.preferred) if c.core_if is not None]
    if not switched:
        return rule
    on = [c for c in switched if c.core_if in params and params[str(c.core_if)].value.value]
    off = [c for c in switched if c not in on]
    core = tuple(c for c in rule.core if c.core_if is None) + tuple(on)
    preferred = tuple(c for c in rule.preferred if c.core_if is None) + tuple(off)
    return replace(rule, core=core, preferred=preferred)


def pack_sha256(files: Mapping[str, bytes]) -> str:
    """A pack's identity: the sha256 of the canonical index of its manifest and rule files, the
    same for a folder and the archive built from it."""
    return index_digest(files)


def _choose(ref: PackRef, found: list[Found], gate: Gate | None) -> tuple[Found, Manifest]:
    """The candidate to load: the locked version when the lock names one, else the highest
    version in the range; a name must match the pack's own name when it was looked up by it."""
    problems: list[str] = []
    candidates: list[tuple[Found, Manifest]] = []
    wanted = Path(ref.source).name
    for f in found:
        m = read_manifest(f)
        # Reached by name (installed, or NAME-*.tlpack in a folder), not at the path given.
        direct = f.via == "path" and wanted in (f.location.name, MANIFEST)
        if not direct and m.name != wanted:
            problems.append(f'{f.shown}: is pack "{m.name}", not "{wanted}"')
            continue
        candidates.append((f, m))
    if not candidates:
        raise PackError(problems)
    in_range = [c for c in candidates if ref.range.allows(c[1].version)]
    if not in_range:
        have = ", ".join(sorted({c[1].version for c in candidates}))
        raise PackError([f"{ref}: no version in range {ref.range} (found {have})"])
    locked = gate.locked(in_range[0][1].name) if gate is not None else None
    for c in in_range:
        if locked is not None and c[1].version == locked:
            return c
    return max(in_range, key=lambda c: parse_version(c[1].version) or Version(0, 0, 0))


def load_pack(
    ref: str,
    *,
    base: Path | None = None,
    params: Mapping[str, Quantity] | None = None,
    gate: Gate | None = None,
    _loading: tuple[Path, ...] = (),
) -> Pack:
    """Load the pack ``ref`` (a name, folder or archive, with an optional ``@range``) with all
    names checked; raise PackError listing every problem in every file. ``gate`` verifies each
    pack found (this one, the one it extends, the ones it imports from) before it is parsed;
    ``params`` overrides parameters last."""
    pref = _parse_ref(ref)
    found, manifest = _choose(pref, _find(pref, base), gate)
    if found.location in _loading:
        raise PackError([f"{found.shown}: packs import or extend each other in a cycle"])
    files, unread = _read_files(found, manifest)
    sha = pack_sha256(files)
    try:
        key = gate.admit(found, manifest, sha) if gate is not None else None
    except SourceError as exc:
        raise PackError([str(exc)]) from None
    loading = (*_loading, found.location)
    parent = _load_base(found, manifest, gate, loading)
    loaded = _Loading(found, manifest, files, parent)
    loaded.messages.extend(unread)
    loaded.parse_files()
    imported = loaded.imports(loading, gate)
    loaded.definitions()
    check_names(loaded.files, loaded.sets, loaded.params, loaded.problems)
    own = loaded.rules()
    merged = extend(parent, manifest, own, loaded.params, _manifest_file(found))
    loaded.messages.extend(merged.problems)
    for name, value in (params or {}).items():
        current = merged.params.get(name)
        if current is not None and current.value.dimension != value.dimension:
            loaded.messages.append(
                f"params.{name}: {value.text!r} is a {value.dimension}, but {name} is a "
                f"{current.value.dimension} ({current.value.text!r} in pack {manifest.name!r})"
            )
        elif current is not None:
            merged.params[name] = replace(current, value=value)
    if loaded.problems or loaded.messages:
        ordered = sorted(
            (with_context(p, loaded.texts.get(p.source.file, "")) for p in loaded.problems),
            key=lambda p: (p.source.file, p.source.line, p.source.column),
        )
        raise PackError([*loaded.messages, *(str(p) for p in ordered)])
    tiers = [tiered(r, merged.params) for r in merged.rules.values()]
    return Pack(
        manifest=manifest,
        path=shown_path(found.location),
        sha256=sha,
        rules=tuple(sorted(tiers, key=lambda r: r.id)),
        sets=loaded.sets,
        params=merged.params,
        imports=tuple(sorted(imported)),
        hedges=loaded.hedges(parent, exceptions=False),
        not_hedges=loaded.hedges(parent, exceptions=True),
        origin=Origin(found.shown, found.kind, found.via, key),
        base=parent,
        rule_packs=merged.rule_packs,
        replaced=merged.replaced,
        disabled=merged.disabled,
    )


def _read_files(found: Found, manifest: Manifest) -> tuple[dict[str, bytes], list[str]]:
    """The manifest and every rule file it lists, read from inside the pack; a problem for each
    file that is missing or would leave the pack (never its content)."""
    out = {MANIFEST: found.read(MANIFEST)}
    problems: list[str] = []
    where = _manifest_file(found)
    for name in manifest.files:
        try:
            out[name] = found.read(name)
        except FileNotFoundError:
            problems.append(f'{where}: key "rules": no such file {name}')
        except SourceError as exc:
            problems.append(f'{where}: key "rules": {exc}')
    return out, problems


def _load_base(
    found: Found, manifest: Manifest, gate: Gate | None, loading: tuple[Path, ...]
) -> Pack | None:
    if manifest.extends is None:
        return None
    try:
        return load_pack(manifest.extends, base=found.folder, gate=gate, _loading=loading)
    except PackError as exc:
        where = _manifest_file(found)
        raise PackError(
            [
                f'{where}: key "extends": cannot load "{manifest.extends}": {exc.problems[0]}',
                *exc.problems[1:],
            ]
        ) from None


class _Loading:
    """A pack being loaded: its parsed files, what they define, and every problem so far."""

    def __init__(
        self, found: Found, manifest: Manifest, files: Mapping[str, bytes], parent: Pack | None
    ) -> None:
        self.found = found
        self.manifest = manifest
        self.raw = files
        self.messages: list[str] = []  # problems without a position in a rule file
        self.problems: list[Problem] = []
        self.files: list[RuleFile] = []
        self.texts: dict[str, str] = {}
        # An extending pack sees the term sets and parameters of the pack it extends.
        self.sets: dict[str, TermSet] = dict(parent.sets) if parent else {}
        self.params: dict[str, Param] = dict(parent.params) if parent else {}
        self.inherited = set(self.sets) | set(self.params)

    def shown(self, name: str) -> str:
        if self.found.kind == "archive":
            return f"{shown_path(self.found.location)}/{name}"
        return shown_path(self.found.location / name)

    def parse_files(self) -> None:
        for name in self.manifest.files:
            shown = self.shown(name)
            if name not in self.raw:
                continue  # missing or refused: already reported
            try:
                text = self.raw[name].decode("utf-8")
            except UnicodeDecodeError as exc:
                self.messages.append(f"{shown}: cannot read: {exc}")
                continue
            self.texts[shown] = text
            try:
                self.files.append(parse_rules(text, shown))
            except RuleSyntaxError as exc:
                self.problems.extend(exc.problems)
                if exc.partial is not None:
                    self.files.append(exc.partial)
        listed = set(self.manifest.files)
        for stray in self.found.rule_files():
            if stray not in listed:
                self.messages.append(
                    f"{self.shown(stray)}: rule file is not listed in {MANIFEST} "
                    '(add it to "rules")'
                )

    def imports(self, loading: tuple[Path, ...], gate: Gate | None) -> set[str]:
        """Term sets imported from other packs; the directories of the packs imported."""
        imported: set[str] = set()
        for f in self.files:
            for imp in f.imports:
                try:
                    other = load_pack(imp.pack, base=self.found.folder, gate=gate, _loading=loading)
                except PackError as exc:
                    self.problems.append(
                        Problem(imp.source, f'cannot import from "{imp.pack}": {exc.problems[0]}')
                    )
                    continue
                imported.add(str(Path(other.path).resolve()))
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

    def definitions(self) -> None:
        """The pack's own term sets and parameters."""
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

    def hedges(self, parent: Pack | None, *, exceptions: bool) -> tuple[str, ...]:
        """The term sets the pack declares as hedges (or as never hedges), the extended
        pack's first."""
        inherited = (parent.not_hedges if exceptions else parent.hedges) if parent else ()
        own = (
            n
            for f in self.files
            for h in f.hedges
            for n in (h.exceptions if exceptions else h.names)
        )
        return tuple(dict.fromkeys([*inherited, *own]))

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
