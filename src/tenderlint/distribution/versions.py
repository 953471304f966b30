"""Pack versions and version ranges: semantic versions, ``^1.2``/``~1.2``/``>=1, <2`` ranges, and
pack references written ``SOURCE@RANGE``."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?"
)
_PARTIAL = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?")
_COMPARATOR = re.compile(r"(>=|<=|==|!=|>|<|=)?\s*(.+)")

RANGE_FORMS = '"^1.2", "~1.2.3", "1.2.0", ">=1.2, <2" or "*"'


@dataclass(frozen=True, order=True)
class Version:
    """A semantic version; a pre-release sorts before its release (1.2.0-rc.1 < 1.2.0)."""

    major: int
    minor: int
    patch: int
    # (0, identifiers) for a pre-release, (1, ()) for a release, so releases sort last.
    pre: tuple[int, tuple[tuple[int, int | str], ...]] = (1, ())

    def __str__(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.pre[0] == 0:
            text += "-" + ".".join(str(p[1]) for p in self.pre[1])
        return text


def _pre(text: str | None) -> tuple[int, tuple[tuple[int, int | str], ...]]:
    if not text:
        return (1, ())
    # Numeric identifiers sort before alphanumeric ones, as semver says.
    parts = tuple((0, int(p)) if p.isdigit() else (1, p) for p in text.split("."))
    return (0, parts)


def parse_version(text: str) -> Version | None:
    """A ``MAJOR.MINOR.PATCH[-pre][+build]`` version, or None when ``text`` is not one."""
    m = _VERSION.fullmatch(text.strip())
    if not m:
        return None
    return Version(int(m.group(1)), int(m.group(2)), int(m.group(3)), _pre(m.group(4)))


@dataclass(frozen=True)
class Range:
    """A set of versions, as written (``^1.2``) and as bounds: every (op, version) must hold."""

    text: str
    bounds: tuple[tuple[str, Version], ...]

    def allows(self, version: str | Version) -> bool:
        v = parse_version(version) if isinstance(version, str) else version
        if v is None:
            return False
        checks = {
            ">=": lambda b: v >= b,
            ">": lambda b: v > b,
            "<=": lambda b: v <= b,
            "<": lambda b: v < b,
            "==": lambda b: v == b,
            "!=": lambda b: v != b,
        }
        return all(checks[op](bound) for op, bound in self.bounds)

    def __str__(self) -> str:
        return self.text


ANY = Range("*", ())


def _partial(text: str) -> tuple[list[int], Version] | None:
    """The numbers written (``1.2`` -> [1, 2]) and the lowest version they stand for."""
    m = _PARTIAL.fullmatch(text.strip())
    if not m:
        return None
    nums = [int(g) for g in m.groups()[:3] if g is not None]
    padded = [*nums, 0, 0][:3]
    return nums, Version(padded[0], padded[1], padded[2], _pre(m.group(4)))


def _caret(nums: list[int], low: Version) -> tuple[str, Version]:
    """The upper bound of ``^``: the first non-zero number written may not change (npm)."""
    if low.major > 0 or len(nums) == 1:
        return ("<", Version(low.major + 1, 0, 0, (0, ((0, 0),))))
    if low.minor > 0 or len(nums) == 2:
        return ("<", Version(0, low.minor + 1, 0, (0, ((0, 0),))))
    return ("<", Version(0, 0, low.patch + 1, (0, ((0, 0),))))


def _tilde(nums: list[int], low: Version) -> tuple[str, Version]:
    if len(nums) == 1:
        return ("<", Version(low.major + 1, 0, 0, (0, ((0, 0),))))
    return ("<", Version(low.major, low.minor + 1, 0, (0, ((0, 0),))))


def parse_range(text: str) -> Range | None:
    """A version range, or None when ``text`` is not one (see ``RANGE_FORMS``)."""
    raw = text.strip()
    if raw in ("", "*"):
        return ANY
    bounds: list[tuple[str, Version]] = []
    for part in raw.split(","):
        part = part.strip()
        if part[:1] in ("^", "~"):
            got = _partial(part[1:].lstrip("=").strip())
            if got is None:
                return None
            nums, low = got
            bounds.append((">=", low))
            bounds.append(_caret(nums, low) if part[0] == "^" else _tilde(nums, low))
            continue
        m = _COMPARATOR.fullmatch(part)
        got = _partial(m.group(2)) if m else None
        if m is None or got is None:
            return None
        op = m.group(1) or ""
        nums, low = got
        if op in ("", "=", "==") and len(nums) < 3:
            # A bare "1.2" means any 1.2.x, as npm reads it.
            bounds.append((">=", low))
            bounds.append(_tilde(nums, low) if len(nums) == 2 else _caret(nums, low))
        else:
            bounds.append(("==" if op in ("", "=") else op, low))
    return Range(raw, tuple(bounds))


@dataclass(frozen=True)
class PackRef:
    """A pack reference from a config or a manifest: a source (a name or a path) and a range."""

    source: str
    range: Range = ANY

    def __str__(self) -> str:
        return self.source if self.range is ANY else f"{self.source}@{self.range}"


def split_ref(text: str) -> PackRef | str:
    """``uk-responsible-tech@^1.2`` as a PackRef, or a one-line problem with the range."""
    source, at, spec = text.rpartition("@")
    # An "@" inside a path (a folder named "a@b/pack") is not a range when what follows is
    # not one; a path that ends in "@..." with a valid range is read as a range.
    if not at or not source:
        return PackRef(text)
    got = parse_range(spec)
    if got is None:
        if "/" in spec or "\\" in spec:
            return PackRef(text)
        return f'"{text}": "{spec}" is not a version range (forms: {RANGE_FORMS})'
    return PackRef(source, got)
