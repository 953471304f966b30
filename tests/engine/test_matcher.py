"""The matcher's shortcuts (automaton keys, anchored regexes, block-limited scans) find exactly
what a plain scan of every pattern over every block finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenderlint.engine.matcher import leading_keys, phrase_key, phrase_regex
from tenderlint.read import read_document
from tests.conftest import REPO, bundled_compiled


def naive(text: str, lower: str, starts: list[int]) -> dict[int, list[tuple[int, int]]]:
    ends = [*starts[1:], len(text) + 1]
    out: dict[int, list[tuple[int, int]]] = {}
    for atom in bundled_compiled().matcher.atoms:
        target = lower if atom.on_lower else text
        spans = []
        for s, e in zip(starts, ends, strict=True):
            for m in atom.regex.finditer(target, s, e - 1):
                if m.end() > m.start() and atom.accepts(lower, m.start()):
                    spans.append(m.span())
        if spans:
            out[atom.id] = sorted(spans)
    return out


@pytest.mark.parametrize(
    "name",
    ["fixtures/examples/call-off-contract.docx", "fixtures/examples/invitation-to-tender.pdf"],
)
def test_shortcuts_find_what_a_plain_scan_finds(name: str) -> None:
    doc = read_document(REPO / name, name)
    blocks = [b for b in doc.blocks if b.kind.is_body]
    text = "\n".join(b.text for b in blocks)
    starts, pos = [], 0
    for b in blocks:
        starts.append(pos)
        pos += len(b.text) + 1
    lower = text.lower()
    fast = {
        k: sorted(v) for k, v in bundled_compiled().matcher.find(text, lower, starts).items() if v
    }
    assert fast == naive(text, lower, starts)


@pytest.mark.parametrize(
    ("source", "keys"),
    [
        (r"\b(?:provide[sd]?|supply|give)\b", ["give", "provide", "supply"]),
        (r"(?<!not )\bshall\b", ["shall"]),
        (r"\bthen[- ]?current\s+rates", ["then"]),
        (r"\b(?:each|every)\s+contract", ["each contract", "every contract"]),
        (r"\bis\s+required\s+to", ["is required to"]),  # spaces are single in normalised text
        (r"\b(?:assist\w*|co-?operat\w*)", ["assist", "co-operat", "cooperat"]),
        (r"\b(?:AI|artificial intelligence)", None),  # two letters: too common to anchor on
        (r"(?:^|(?<=[.;]))\s*x", None),
        (r"\w+ing", None),
    ],
)
def test_leading_keys(source: str, keys: list[str] | None) -> None:
    assert leading_keys(source) == keys


def test_phrase_regex_and_key() -> None:
    assert (
        phrase_regex("request* for information")
        == r"request[\w'-]*[ -]+for[ -]+information(?:s|es|'s|s')?(?![\w])"
    )
    assert phrase_key("the supplier's standard") == ("standard",)
    assert phrase_key("try to") == ("try", "tri")


def test_compiled_pack_round_trips_through_pickle(tmp_path: Path) -> None:
    import pickle

    again = pickle.loads(pickle.dumps(bundled_compiled()))
    text = "The Supplier shall transfer each Request for Information within two (2) Working Days."
    assert again.matcher.find(text, text.lower(), [0]) == bundled_compiled().matcher.find(
        text, text.lower(), [0]
    )
