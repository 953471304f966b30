"""The codec that the cache and forked children use: values round-trip exactly, a position in
a rule file travels as its text, and anything that is not a value of the declared type is
refused."""

from __future__ import annotations

import dataclasses
import json

import pytest

from tenderlint.codec import DecodeError, decode, encode
from tenderlint.lang.nouns import Pack, Phrase, Source
from tenderlint.lang.packs import load_pack


def _positions(value: object) -> list[str]:
    out: list[str] = []
    if isinstance(value, Source):
        out.append(str(value))
    elif dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            out += _positions(getattr(value, f.name))
    elif isinstance(value, tuple | list | frozenset):
        for v in value:
            out += _positions(v)
    elif isinstance(value, dict):
        for v in value.values():
            out += _positions(v)
    return out


def test_a_pack_round_trips_with_every_position() -> None:
    pack = load_pack("uk-responsible-tech")
    data = json.loads(json.dumps(encode(pack)))
    back = decode(data, Pack)
    assert back == pack
    assert _positions(back) == _positions(pack)  # positions do not take part in ==
    assert len(_positions(pack)) > 1000


def test_a_position_is_written_as_its_text_and_read_back() -> None:
    at = Source("rules/a:b/data.tl", 12, 3)  # a colon in the file name
    assert encode(Phrase("records", at)) == {"$": "Phrase", "text": "records", "at": str(at)}
    assert decode(str(at), Source) == at
    # The longer form, as older cache entries have it, is read too.
    assert decode({"$": "Source", "file": "f.tl", "line": 2, "column": 1}, Source) == Source(
        "f.tl", 2, 1
    )


@pytest.mark.parametrize("data", ["f.tl", "f.tl:x:1", "f.tl:1", ":-1:2", 7, {"$": "Phrase"}])
def test_what_is_not_a_position_is_refused(data: object) -> None:
    with pytest.raises(DecodeError):
        decode(data, Source)
