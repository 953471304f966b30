"""Configuration: find ``tenderlint.toml`` or ``[tool.tenderlint]`` by walking up from the
working directory, validate it against its JSON Schema, and turn it into a ``Config`` value."""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from tenderlint.distribution.trust import Trust, parse_trust
from tenderlint.lang.nouns import Quantity
from tenderlint.model import DocType, Severity, Waiver
from tenderlint.sets.spec import SetSpec
from tenderlint.validation import validate

CONFIG_FILES = ("tenderlint.toml", ".tenderlint.toml")


class ConfigError(Exception):
    """A configuration that cannot be used; ``problems`` are one line each, naming the file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Config:
    """Settings from a config file; ``root`` is the directory paths and globs are relative to."""

    path: str | None = None
    root: Path = field(default_factory=Path.cwd)
    packs: tuple[str, ...] = ()
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()  # path globs never checked
    fail_on: str | None = None
    max_size_mb: int | None = None
    cache: bool = True
    severity: Mapping[str, Severity] = field(default_factory=dict)
    params: Mapping[str, Quantity] = field(default_factory=dict)
    doc_types: tuple[tuple[str, DocType], ...] = ()
    waivers: tuple[Waiver, ...] = ()
    # [limits]: time budget, memory and reading limits by their config names ("timeout", ...)
    limits: Mapping[str, float] = field(default_factory=dict)
    trust: Trust = field(default_factory=Trust)  # [trust]: keys, require-signature
    # [facts]: what the text does not say (brief 1.4 point 5): buyer-type, status, regime,
    # contract-value; rules that depend on them infer them from the text when unset.
    facts: Mapping[str, str] = field(default_factory=dict)
    # [[sets]]: documents checked together (a tender pack, a contract and its schedules);
    # [set]: this config's folder is one set.
    sets: tuple[SetSpec, ...] = ()
    folder_set: SetSpec | None = None

    def doc_type_for(self, rel_path: str) -> DocType | None:
        for pattern, kind in self.doc_types:
            if glob_match(pattern, rel_path):
                return kind
        return None

    def digest(self) -> str:
        """A stable text of everything that changes results, for the results cache key."""
        return repr(
            (
                sorted(self.severity.items()),
                sorted((k, v.value) for k, v in self.params.items()),
                self.doc_types,
                self.waivers,
                sorted(self.facts.items()),
            )
        )


def glob_match(pattern: str, path: str) -> bool:
    """Match a POSIX ``path`` against a glob where ``**`` spans directories."""
    rx = ""
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            rx += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            rx += ".*"
            i += 2
        elif pattern[i] == "*":
            rx += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            rx += "[^/]"
            i += 1
        else:
            rx += re.escape(pattern[i])
            i += 1
    if re.fullmatch(rx, path):
        return True
    # A pattern without a slash matches the file name anywhere, like .gitignore.
    return "/" not in pattern and re.fullmatch(rx, PurePosixPath(path).name) is not None


def find_config(start: Path | None = None) -> Path | None:
    """The nearest config file at or above ``start``: tenderlint.toml, or a pyproject.toml
    that has a [tool.tenderlint] table."""
    here = (start or Path.cwd()).resolve()
    for d in (here, *here.parents):
        for name in CONFIG_FILES:
            if (d / name).is_file():
                return d / name
        py = d / "pyproject.toml"
        if py.is_file():
            try:
                data = tomllib.loads(py.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
            if "tenderlint" in data.get("tool", {}):
                return py
    return None


def parse_quantity(text: str | int | float) -> Quantity | None:
    """A parameter value from config: "15%", "3 working days", "£5m", 3, "on"/"off" or a boolean."""
    from tenderlint.quantities import (
        parse_money,
        parse_percent,
        parse_rule_quantity,
        switch_quantity,
    )

    if isinstance(text, bool):
        return switch_quantity("on" if text else "off")
    if isinstance(text, int | float):
        return Quantity(float(text), "count", str(text))
    raw = text.strip()
    if raw.lower() in ("on", "off"):
        return switch_quantity(raw.lower())
    try:
        if raw.endswith("%"):
            return parse_percent(raw)
        if raw.startswith("£"):
            return parse_money(raw)
    except ValueError:
        return None
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([a-z -]*)", raw.lower())
    if not m:
        return None
    return parse_rule_quantity(float(m.group(1)), m.group(2), raw)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_config(path: Path) -> Config:
    """Read and validate a config file; raise ConfigError naming file, key and allowed values."""
    shown = _shown(path)
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([f"{shown}: no such config file"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{shown}: invalid TOML: {exc}"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{shown}: cannot read: {exc}"]) from None
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("tenderlint", {})
        prefix = "tool.tenderlint."
    # TOML dates arrive as date objects; the schema speaks of strings.
    for w in data.get("waivers", []) if isinstance(data.get("waivers"), list) else []:
        if isinstance(w, dict) and isinstance(w.get("expires"), _dt.date):
            w["expires"] = w["expires"].isoformat()
    trust_table = data.get("trust")
    for k in trust_table.get("keys", []) if isinstance(trust_table, dict) else []:
        if isinstance(k, dict) and isinstance(k.get("expires"), _dt.date):
            k["expires"] = k["expires"].isoformat()
    problems = [f"{shown}: {m}" for m in validate(data, "config")]
    if prefix:
        problems = [p.replace('key "', f'key "{prefix}') for p in problems]
    params: dict[str, Quantity] = {}
    for name, value in (data.get("params") or {}).items():
        q = parse_quantity(value)
        if q is None:
            problems.append(
                f'{shown}: key "{prefix}params.{name}": cannot read {value!r} as a quantity '
                '(examples: "15%", "3 working days", "£5m", 3)'
            )
        else:
            params[name] = q
    problems += _check_values(data, shown, prefix)
    trust, trust_problems = parse_trust(trust_table, shown, prefix)
    problems += trust_problems
    if problems:
        raise ConfigError(problems)
    waivers = tuple(
        Waiver(
            rule=w["rule"],
            path=w["path"],
            reason=w["reason"],
            clause=w.get("clause"),
            approved_by=w.get("approved-by"),
            expires=w.get("expires"),
        )
        for w in data.get("waivers", [])
    )
    return Config(
        path=shown,
        root=path.parent.resolve(),
        packs=tuple(data.get("packs", ())),
        select=tuple(data.get("select", ())),
        exclude=tuple(data.get("exclude", ())),
        ignore=tuple(data.get("ignore", ())),
        fail_on=data.get("fail-on"),
        max_size_mb=data.get("max-size-mb"),
        cache=data.get("cache", True),
        severity={k: Severity.parse(v) for k, v in (data.get("severity") or {}).items()},
        params=params,
        doc_types=tuple((k, DocType(v)) for k, v in sorted((data.get("doc-types") or {}).items())),
        waivers=waivers,
        limits=dict(data.get("limits") or {}),
        trust=trust,
        facts={k: str(v) for k, v in sorted((data.get("facts") or {}).items())},
        sets=tuple(_set_spec(t, f"{shown} [[sets]]") for t in data.get("sets") or ()),
        folder_set=_set_spec(data["set"], f"{shown} [set]") if "set" in data else None,
    )


def _set_spec(table: dict[str, Any], source: str) -> SetSpec:
    kind = table.get("type")
    return SetSpec(
        name=table.get("name", ""),
        doc_type=DocType(kind) if kind else None,
        paths=tuple(table.get("paths", ())),
        main=table.get("main"),
        source=source,
    )


def _check_values(data: dict[str, Any], shown: str, prefix: str) -> list[str]:
    """What the schema cannot say: real dates, and globs relative to the config's folder."""
    problems: list[str] = []

    def of(key: str, kind: type) -> Any:  # a value the schema has already refused is skipped
        value = data.get(key)
        return value if isinstance(value, kind) else kind()

    globs = [(f"exclude[{i}]", g) for i, g in enumerate(of("exclude", list))]
    globs += [(f"doc-types.{g}", g) for g in of("doc-types", dict)]
    names: set[str] = set()
    for i, t in enumerate(of("sets", list)):
        if not isinstance(t, dict):
            continue
        paths = t["paths"] if isinstance(t.get("paths"), list) else []
        globs += [(f"sets[{i}].paths[{j}]", g) for j, g in enumerate(paths)]
        if isinstance(t.get("main"), str):
            globs.append((f"sets[{i}].main", t["main"]))
        if t.get("name") in names:
            problems.append(
                f'{shown}: key "{prefix}sets[{i}].name": {t["name"]!r} names two sets '
                "(each set needs its own name)"
            )
        names.add(str(t.get("name")))
    folder = of("set", dict)
    if isinstance(folder.get("main"), str):
        globs.append(("set.main", folder["main"]))
    for i, w in enumerate(of("waivers", list)):
        if not isinstance(w, dict):
            continue
        if isinstance(w.get("path"), str):
            globs.append((f"waivers[{i}].path", w["path"]))
        expires = w.get("expires")
        if isinstance(expires, str):
            try:
                _dt.date.fromisoformat(expires)
            except ValueError:
                problems.append(
                    f'{shown}: key "{prefix}waivers[{i}].expires": {expires!r} is not a real '
                    "date (allowed: YYYY-MM-DD)"
                )
    for key, g in globs:
        if not isinstance(g, str):
            continue
        if g.startswith("/") or "\\" in g or ".." in g.split("/") or re.match(r"^[A-Za-z]:", g):
            problems.append(
                f'{shown}: key "{prefix}{key}": {g!r} is not a glob relative to the config\'s '
                'folder (allowed: forward slashes, "*", "**" and "?", no "..")'
            )
    return problems
