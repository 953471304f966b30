"""The parties block of an agreement: "This Agreement is made between (1) X ("the Council") and
(2) Y ("the Contractor")", each party's names and, where the words leave it open, its side."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from tenderlint.model import BlockKind
from tenderlint.read.parties.claims import Claim, Source, kind_of_body, role_from_names
from tenderlint.read.parties.defined import DEF_HEREAFTER, DEF_PAREN, defined_names
from tenderlint.read.parties.view import View
from tenderlint.read.parties.words import BUYER, SUPPLIER, is_placeholder, other

# How far into a document its parties block may start (blocks of the view).
FIRST_BLOCKS = 60
WINDOW_BLOCKS = 6
WINDOW_CHARS = 1500

_AGREEMENT = (
    r"(?:agreement|contract|memorandum(?:\s+of\s+understanding)?|mou|deed|arrangement|"
    r"order(?:\s+form)?|terms)"
)
# "This Agreement is made on ... between:", "In the agreement between", a block "BETWEEN:",
# "The parties to this Contract are:"; a party must follow ("between them" is no block).
_CUE = re.compile(
    r"(?:\b(?:this|these|the)\s+(?:[\w-]+\s+){0,3}?" + _AGREEMENT + r"\b[^.\n]{0,160}?|"
    r"\b" + _AGREEMENT + r"\s+|^\s*)between\b\s*:?(?=\s*(?:$|\(?[1-4a]\)|[A-Z\[_\"']|the\s))|"
    r"\bparties\s+(?:to\s+this\s+\w+\s+)?are\s*:",
    re.IGNORECASE | re.MULTILINE,
)
_STOP = re.compile(
    r"^\s*(?:whereas|background|recitals?|it\s+is\s+(?:now\s+)?agreed|now\s+(?:it|this)|"
    r"the\s+parties\s+agree|definitions|interpretation|introduction|services|scope)\b",
    re.IGNORECASE,
)
# Where each party's entry starts: "(1) ", "2) ", or "3. " at the start of a line.
_MARKER = re.compile(r"(?:^|(?<=\s))\(?(?:[1-4]|i{1,3}|iv)\)\s+|^[1-4]\.\s+", re.MULTILINE)
# An unquoted short name in brackets, read as a definition only inside a parties block:
# "between ______ (Canada) and ______ (Contractor)".
_BARE = re.compile(r"\((?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})\)")
_LEAD = re.compile(
    r"^(?:\s|,|;|:|\band\b|\bbetween\b|\(?(?:[1-4]|i{1,3}|iv)\)|[1-4]\.(?=\s)|\bof\b)+", re.I
)
_CUT = re.compile(
    r"\(|\s+of\s+(?=\d|\[|\\\[)|\s+whose\s|,?\s+(?:a|an)\s+(?:company|body|division|corporation|"
    r"local|public|statutory|non|limited|partnership|department|executive|agency)\b|,?\s+"
    r"(?:registered|incorporated|based|located|acting|having|with\s+(?:its|offices)|"
    r"hereafter|hereinafter)\b|,\s+(?-i:(?=[a-z0-9]))|\s+and\s+(?=\(?[1-4]\))",
    re.IGNORECASE,
)
# The end of an address: a postcode, zip code or street number ("London, SW1A 2HQ").
_ADDRESS_END = re.compile(r"\d\w*\.?\s*,?\s*$")
_AND = re.compile(r"\s+and\s+(?=(?:the\s+|The\s+)?[A-Z\[_])")


@dataclass(frozen=True)
class _Part:
    start: int  # offset in the window
    text: str
    cues: tuple[re.Match[str], ...]


_CONNECTOR = re.compile(r"^\s*(?:and|between|of|the\s+parties)?\s*:?\s*$", re.IGNORECASE)
_PARTY_MARK = re.compile(r"^\s*(?:\(?(?:[1-4]|[a-d]|i{1,3}|iv)\)|[1-4]\.)\s+")


def _continues(text: str, cues: int) -> bool:
    """Does a block after the cue still belong to the parties block: a connector ("and"),
    a party's own entry (it defines a name), or a numbered entry while parties are missing."""
    if _CONNECTOR.match(text) or DEF_PAREN.search(text) or DEF_HEREAFTER.search(text):
        return True
    return cues < 2 and bool(_PARTY_MARK.match(text)) and not _STOP.match(_PARTY_MARK.sub("", text))


def _window(view: View) -> tuple[int, str] | None:
    """The text of the parties block, from just after its cue, and its offset in the view."""
    limit = min(len(view.starts), FIRST_BLOCKS)
    for i in range(limit):
        start = view.starts[i]
        end = view.starts[i + 1] - 1 if i + 1 < len(view.starts) else len(view.text)
        m = _CUE.search(view.text, start, end)
        if m is None:
            continue
        stop = end
        cues = len(_cues(view.text[m.end() : end]))
        for j in range(i + 1, min(i + 1 + WINDOW_BLOCKS, len(view.starts))):
            b = view.doc.blocks[view.blocks[j]]
            nxt = view.starts[j]
            nxt_end = view.starts[j + 1] - 1 if j + 1 < len(view.starts) else len(view.text)
            text = view.text[nxt:nxt_end]
            if b.kind is BlockKind.HEADING or nxt_end - m.end() > WINDOW_CHARS:
                break
            if not _continues(text, cues):
                break
            cues += len(_cues(text))
            stop = nxt_end
        return m.end(), view.text[m.end() : stop]
    return None


def _cues(text: str) -> list[re.Match[str]]:
    found = [*DEF_PAREN.finditer(text), *DEF_HEREAFTER.finditer(text)]
    quoted = [(m.start(), m.end()) for m in found]
    for m in _BARE.finditer(text):
        if not any(s <= m.start() < e for s, e in quoted):
            found.append(m)
    return sorted(found, key=lambda m: m.start())


def _split(text: str) -> list[_Part]:
    """The parties of a block: numbered items, else the text up to each defined name."""
    cuts = [m.start() for m in _MARKER.finditer(text)]
    numbered = len(cuts) >= 2
    if not numbered:
        cuts = [0]
        for m in _cues(text):
            after = m.end()
            if after < len(text) and after - cuts[-1] > 2:
                cuts.append(after)
    else:
        cuts = [0, *cuts]
    parts: list[_Part] = []
    bounds = [*cuts, len(text)]
    for s, e in itertools.pairwise(bounds):
        chunk = text[s:e]
        cues = tuple(_cues(chunk))
        head_end = cues[0].start() if cues else len(chunk)
        joined = None if numbered else _AND.search(chunk, 0, head_end)
        if joined and _ADDRESS_END.search(chunk[: joined.start()]):
            # "X, based at ... 2HQ and Y, hereafter ...": two parties, the first undefined
            parts.append(_Part(s, chunk[: joined.start()], ()))
            s, chunk = s + joined.end(), chunk[joined.end() :]
            cues = tuple(_cues(chunk))
        parts.append(_Part(s, chunk, cues))
    return parts


_OF = re.compile(r"\s+of\s+")
_COMMA = re.compile(r",\s+")


def _full_name(text: str) -> str | None:
    """The party's name at the head of its entry, without its address or description:
    "The Borough Council of Exampleton of Town Hall, ... EX1 1AA" is "The Borough Council of
    Exampleton"; "Acme Ltd, 1 Main Road" is "Acme Ltd"."""
    head = _LEAD.sub("", text)
    m = _CUT.search(head)
    name = (head[: m.start()] if m else head).strip(" ,.;:")
    digit = re.search(r"\d", name)
    if digit:  # an address follows the name: cut at its "of", else at the comma before it
        ofs = [o for o in _OF.finditer(name, 0, digit.start())]
        commas = [c for c in _COMMA.finditer(name, 0, digit.start())]
        if ofs:
            name = name[: ofs[-1].start()]
        elif commas:
            name = name[: commas[0].start()]
        name = name.strip(" ,.;:")
    words = name.split()
    rest = words[1:] if words and words[0].lower() == "the" else words
    if not rest or is_placeholder(name) or not rest[0][:1].isupper():
        return None  # a blank or a description: "the customer organisation named in the order"
    return name if len(name.split()) <= 12 else None


def _names(part: _Part) -> tuple[str, ...]:
    names: list[str] = []
    for m in part.cues:
        if m.re is _BARE:
            names.append(m.group(1))
        else:
            names.extend(defined_names(m))
    full = _full_name(part.text)
    if full is not None and full.lower() not in {n.lower() for n in names}:
        names.append(full)
    return tuple(names)


def _said(names: tuple[str, ...]) -> str | None:
    """The side a party's own names say: a role word ("the Contractor"), "we" or "you"."""
    role = role_from_names(names)
    if role is None:
        lowered = {n.lower() for n in names}
        if lowered & {"we", "us", "our"}:
            return SUPPLIER
        if lowered & {"you", "your"}:
            return BUYER
    return role


def _by_kind(names: tuple[str, ...]) -> str | None:
    """The side a body's legal form suggests: a company supplies, a public body buys."""
    kind = kind_of_body(" ".join(names))
    return SUPPLIER if kind == "company" else BUYER if kind == "public" else None


def _complete(roles: list[str | None]) -> list[str | None]:
    """With two parties and one side known, the other party is the other side."""
    if len(roles) == 2 and roles.count(None) == 1:
        known = roles[0] or roles[1]
        assert known is not None
        return [r or other(known) for r in roles]
    return roles


def _roles(parties: list[tuple[str, ...]]) -> list[str | None]:
    """Each party's side: its own names first, then the other party's ("the Organisation" is
    the buyer, so the Cabinet Office is the one delivering), then its legal form."""
    roles = _complete([_said(names) for names in parties])
    roles = [r or _by_kind(names) for r, names in zip(roles, parties, strict=True)]
    return _complete(roles)


def parties_block(view: View) -> tuple[list[Claim], range]:
    """The parties the block names, with their sides where the names or the other party say,
    and the span of the view the block takes (its definitions are read here, not again)."""
    found = _window(view)
    if found is None:
        return [], range(0)
    offset, text = found
    span = range(offset, offset + len(text))
    named: list[tuple[tuple[str, ...], _Part]] = []
    for part in _split(text):
        names = _names(part)
        if names:
            named.append((names, part))
        if len(named) == 4:
            break
    if len(named) < 2:
        return [], range(0)
    roles = _roles([names for names, _ in named])
    out = []
    for (names, part), role in zip(named, roles, strict=True):
        start = offset + part.start
        evidence = view.evidence(
            start + len(part.text) - len(_LEAD.sub("", part.text)), start + len(part.text)
        )
        out.append(Claim(names, role, Source.BLOCK, evidence, start))
    return out, span
