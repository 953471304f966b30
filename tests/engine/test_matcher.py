"""The matcher's shortcuts (automaton keys, anchored regexes, block-limited scans) find exactly
what a plain scan of every pattern over every block finds."""

from __future__ import annotations

import pytest

from tenderlint.engine.matcher import phrase_key, phrase_regex
from tenderlint.engine.regex_keys import leading_keys
from tenderlint.read import read_document
from tests.conftest import REPO, bundled_compiled


def naive(text: str, lower: str, starts: list[int]) -> dict[int, list[tuple[int, int]]]:
    ends = [*starts[1:], len(text) + 1]
    out: dict[int, list[tuple[int, int]]] = {}
    for atom in bundled_compiled().regexes.atoms:
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
        k: sorted(v) for k, v in bundled_compiled().regexes.find(text, lower, starts).items() if v
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


def test_phrases_match_every_inflection_and_both_spellings() -> None:
    from tenderlint.engine.phrases import PhraseMatcher, slots_for
    from tenderlint.engine.words import Inflector, tokens

    inflector = Inflector()
    phrases = ["provide information", "the Supplier's consent", "co-operate", "organis*", "sell"]
    inflector.prepare(w for p in phrases for w in p.lower().replace("'s", "").split())
    matcher = PhraseMatcher((i, slots_for(p, inflector)) for i, p in enumerate(phrases))
    text = (
        "The Contractor provided information, with the Supplier's prior consent. It cooperates "
        "and co-operated; it organized and organising work. Data was sold."
    )
    toks = [t for t in tokens(text) if not (t.lower == "s" and text[t.start - 1] == "'")]
    found = matcher.find(
        [t.lower for t in toks], [t.start for t in toks], [t.end for t in toks], [0] * len(toks)
    )
    quoted = {i: [text[s:e] for s, e in spans] for i, spans in found.items()}
    assert quoted == {
        0: ["provided information"],
        2: ["cooperates", "co-operated"],
        3: ["organized", "organising"],
        4: ["sold"],
    }
    # "the Supplier's prior consent" has a word between: the phrase needs its words in a row.
    assert 1 not in found
