"""Frozen values to JSON and back, checked against their declared types on the way in.

The cache stores loaded packs and document results with this codec instead of pickle: reading
a cache file can only build the dataclasses, enums and plain values that the requested type
names, each field checked against its annotation, so a planted or damaged file is refused
(``DecodeError``) and can never run code.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

T = TypeVar("T")
_TAG = "$"  # the dataclass a JSON object stands for, in a union of several


class DecodeError(ValueError):
    """JSON that is not a value of the requested type."""


def encode(value: object) -> Any:
    """A JSON-ready form of a dataclass value (tuples and sets as lists, mappings as pairs)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {_TAG: type(value).__name__}
        for f in dataclasses.fields(value):
            if f.init:
                out[f.name] = encode(getattr(value, f.name))
        return out
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Mapping):
        return [[encode(k), encode(v)] for k, v in value.items()]
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted((encode(v) for v in value), key=repr)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot encode a {type(value).__name__}")


def decode(data: Any, kind: type[T]) -> T:
    """The value of type ``kind`` that ``data`` (from ``encode``) stands for; raise DecodeError
    when any part of it does not fit its declared type."""
    try:
        return typing.cast(T, _decode(data, kind, "$"))
    except RecursionError:
        raise DecodeError("nested too deeply") from None


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _fail(where: str, want: object, data: Any) -> DecodeError:
    return DecodeError(f"{where}: expected {want}, found {type(data).__name__}")


def _decode(data: Any, kind: Any, where: str) -> Any:
    origin = typing.get_origin(kind)
    if kind is type(None):
        if data is not None:
            raise _fail(where, "null", data)
        return None
    if origin in (typing.Union, types.UnionType):
        return _union(data, typing.get_args(kind), where)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(data, kind, where)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(data)
        except (ValueError, TypeError):
            raise DecodeError(f"{where}: {data!r} is not a {kind.__name__}") from None
    if origin is not None:
        return _container(data, origin, typing.get_args(kind), where)
    if kind is float:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return float(data)
        raise _fail(where, "a number", data)
    if kind in (str, int, bool):
        if type(data) is not kind:
            raise _fail(where, kind.__name__, data)
        return data
    raise DecodeError(f"{where}: cannot decode a {kind!r}")


def _union(data: Any, options: tuple[Any, ...], where: str) -> Any:
    if isinstance(data, dict):
        tag = data.get(_TAG)
        for opt in options:
            if isinstance(opt, type) and dataclasses.is_dataclass(opt) and opt.__name__ == tag:
                return _dataclass(data, opt, where)
        raise DecodeError(f"{where}: {tag!r} is not one of the allowed kinds")
    errors = []
    for opt in options:
        try:
            return _decode(data, opt, where)
        except DecodeError as exc:
            errors.append(str(exc))
    raise DecodeError(errors[0] if errors else f"{where}: no allowed kind")


def _dataclass(data: Any, cls: type, where: str) -> Any:
    if not isinstance(data, dict) or data.get(_TAG) != cls.__name__:
        raise _fail(where, cls.__name__, data)
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = set(data) - set(fields) - {_TAG}
    if unknown:
        raise DecodeError(f"{where}: unknown field {sorted(unknown)[0]!r} of {cls.__name__}")
    args: dict[str, Any] = {}
    for name, f in fields.items():
        if name in data:
            args[name] = _decode(data[name], hints[name], f"{where}.{name}")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise DecodeError(f"{where}: {cls.__name__} lacks its field {name!r}")
    return cls(**args)


def _container(data: Any, origin: Any, args: tuple[Any, ...], where: str) -> Any:
    if not isinstance(data, list):
        raise _fail(where, "a list", data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(v, args[0], f"{where}[{i}]") for i, v in enumerate(data))
        if len(data) != len(args):
            raise DecodeError(f"{where}: expected {len(args)} items, found {len(data)}")
        return tuple(
            _decode(v, a, f"{where}[{i}]") for i, (v, a) in enumerate(zip(data, args, strict=True))
        )
    if origin in (frozenset, set):
        return frozenset(_decode(v, args[0], f"{where}[]") for v in data)
    if origin is list:
        return [_decode(v, args[0], f"{where}[{i}]") for i, v in enumerate(data)]
    if origin in (dict, Mapping) or origin is typing.get_origin(Mapping[str, str]):
        out = {}
        for pair in data:
            if not isinstance(pair, list) or len(pair) != 2:
                raise _fail(where, "a key and value pair", pair)
            out[_decode(pair[0], args[0], f"{where}{{}}")] = _decode(pair[1], args[1], where)
        return out
    raise DecodeError(f"{where}: cannot decode a {origin!r}")
