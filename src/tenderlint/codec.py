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


_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's fields set by __init__, in order
# A dataclass with a ``from_text`` class method is written as its ``str()``, which
# ``from_text`` reads back: the compact form of a value repeated thousands of times (a
# position in a rule file: a cached pack holds 7,000).
_TEXTUAL: dict[type, bool] = {}


def _textual(cls: type) -> bool:
    got = _TEXTUAL.get(cls)
    if got is None:
        got = _TEXTUAL[cls] = callable(getattr(cls, "from_text", None))
    return got


def encode(value: object) -> Any:
    """A JSON-ready form of a dataclass value (tuples and sets as lists, mappings as pairs)."""
    # The common cases first, by exact type: a 400-page PDF's pages are 100,000 values.
    t = type(value)
    if t is str or t is int or t is float or t is bool or value is None:
        return value
    names = _FIELDS.get(t)
    if names is None and dataclasses.is_dataclass(t):
        names = _FIELDS[t] = tuple(f.name for f in dataclasses.fields(t) if f.init)
    if names is not None:
        if _textual(t):
            return str(value)
        out: dict[str, Any] = {_TAG: t.__name__}
        for name in names:
            out[name] = encode(getattr(value, name))
        return out
    if t is list or t is tuple:
        return [encode(v) for v in value]  # type: ignore[attr-defined]
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
        fast = _fast_decoder(kind)
        if fast is not None:
            try:
                return typing.cast(T, fast(data))
            except _Misfit:
                pass  # the checking decoder says where and what does not fit
        return typing.cast(T, _decode(data, kind, "$"))
    except RecursionError:
        raise DecodeError("nested too deeply") from None


class _Misfit(Exception):
    """Raised by a fast decoder: ``data`` does not fit (``_decode`` says how)."""


Decoder = typing.Callable[[Any], Any]
_DECODERS: dict[Any, Decoder] = {}
_SLOW_ONLY: set[Any] = set()  # types whose fast decoder could not be built


def _fast_decoder(kind: Any) -> Decoder | None:
    if kind in _SLOW_ONLY:
        return None
    try:
        return _decoder(kind)
    except Exception:
        _DECODERS.clear()  # nothing half-built may stay
        _SLOW_ONLY.add(kind)
        return None


def _decoder(kind: Any) -> Decoder:
    """A function decoding JSON data of type ``kind``, built once per type: the same checks as
    ``_decode`` without re-reading the type's annotations or naming each place on the way (a
    cached pack of 15,000 values decodes about five times faster)."""
    got = _DECODERS.get(kind)
    if got is None:
        if isinstance(kind, type) and dataclasses.is_dataclass(kind):
            got = _dataclass_decoder(kind)  # registers itself first: types can nest
        else:
            got = _DECODERS[kind] = _build_decoder(kind)
    return got


def _build_decoder(kind: Any) -> Decoder:
    origin = typing.get_origin(kind)
    if kind is type(None):

        def none(data: Any) -> None:
            if data is not None:
                raise _Misfit
            return None

        return none
    if origin in (typing.Union, types.UnionType):
        return _union_decoder(typing.get_args(kind))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        members = {m.value: m for m in kind}

        def member(data: Any) -> Any:
            try:
                return members[data]
            except (KeyError, TypeError):
                return _enum_value(kind, data)

        return member
    if origin is not None:
        return _container_decoder(origin, typing.get_args(kind))
    if kind is float:

        def number(data: Any) -> float:
            if type(data) is float:
                return data
            if type(data) is int or (isinstance(data, int | float) and not isinstance(data, bool)):
                return float(data)
            raise _Misfit

        return number
    if kind in (str, int, bool):

        def plain(data: Any) -> Any:
            if type(data) is not kind:
                raise _Misfit
            return data

        return plain
    return _unknown


def _enum_value(kind: type[enum.Enum], data: Any) -> Any:
    try:
        return kind(data)
    except (ValueError, TypeError):
        raise _Misfit from None


def _dataclass_decoder(cls: type) -> Decoder:
    name = cls.__name__
    fields: list[tuple[str, Decoder, bool]] = []
    known: set[str] = {_TAG}

    textual = _textual(cls)

    def one(data: Any) -> Any:
        if textual and type(data) is str:
            try:
                return cls.from_text(data)  # type: ignore[attr-defined]
            except (ValueError, TypeError):
                raise _Misfit from None
        if type(data) is not dict or data.get(_TAG) != name:
            raise _Misfit
        if not data.keys() <= known:
            raise _Misfit
        args = {}
        for field_name, dec, required in fields:
            if field_name in data:
                args[field_name] = dec(data[field_name])
            elif required:
                raise _Misfit
        return cls(**args)

    _DECODERS[cls] = one
    hints = _hints(cls)
    for f in dataclasses.fields(cls):
        if f.init:
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            fields.append((f.name, _decoder(hints[f.name]), required))
            known.add(f.name)
    return one


def _union_decoder(options: tuple[Any, ...]) -> Decoder:
    # The first option of a given name wins, as in ``_union``.
    by_tag: dict[str, Any] = {}
    for opt in options:
        if isinstance(opt, type) and dataclasses.is_dataclass(opt):
            by_tag.setdefault(opt.__name__, opt)
    others = list(options)

    def union(data: Any) -> Any:
        if type(data) is dict:
            tag = data.get(_TAG)
            opt = by_tag.get(tag) if type(tag) is str else None
            if opt is None:
                raise _Misfit
            return _decoder(opt)(data)
        for opt in others:
            try:
                return _decoder(opt)(data)
            except _Misfit:
                continue
        raise _Misfit

    return union


def _container_decoder(origin: Any, args: tuple[Any, ...]) -> Decoder:
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _decoder(args[0])

        def many(data: Any) -> tuple[Any, ...]:
            if type(data) is not list:
                raise _Misfit
            return tuple([item(v) for v in data])

        return many
    if origin is tuple:
        items = [_decoder(a) for a in args]

        def fixed(data: Any) -> tuple[Any, ...]:
            if type(data) is not list or len(data) != len(items):
                raise _Misfit
            return tuple([dec(v) for dec, v in zip(items, data, strict=True)])

        return fixed
    if origin in (frozenset, set):
        member = _decoder(args[0])

        def group(data: Any) -> frozenset[Any]:
            if type(data) is not list:
                raise _Misfit
            return frozenset([member(v) for v in data])

        return group
    if origin is list:
        entry = _decoder(args[0])

        def listed(data: Any) -> list[Any]:
            if type(data) is not list:
                raise _Misfit
            return [entry(v) for v in data]

        return listed
    if origin in (dict, Mapping) or origin is typing.get_origin(Mapping[str, str]):
        key, value = _decoder(args[0]), _decoder(args[1])

        def mapping(data: Any) -> dict[Any, Any]:
            if type(data) is not list:
                raise _Misfit
            out = {}
            for pair in data:
                if type(pair) is not list or len(pair) != 2:
                    raise _Misfit
                out[key(pair[0])] = value(pair[1])
            return out

        return mapping
    return _unknown


def _unknown(data: Any) -> Any:
    """A type the codec does not know: the checking decoder gives the error."""
    raise _Misfit


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
    if isinstance(data, str) and _textual(cls):
        try:
            return cls.from_text(data)  # type: ignore[attr-defined]
        except (ValueError, TypeError):
            raise DecodeError(f"{where}: {data!r} is not a {cls.__name__}") from None
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
