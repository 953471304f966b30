"""Evidence for a finding: the sentence around a match, shortened if long, with its location."""

from __future__ import annotations

from tenderlint.engine.index import Index
from tenderlint.engine.units import Span
from tenderlint.model import Evidence

QUOTE_CHARS = 300
MAX_EVIDENCE = 5


def quote(ix: Index, span: Span) -> str:
    """The sentence around ``span``, shortened around it if long."""
    s, e = ix.sentence_at(span[0])
    if span[1] > e:
        e = min(ix.ends[ix.block_at(span[0])], span[1])
    text = ix.text[s:e]
    if len(text) <= QUOTE_CHARS:
        return text.strip()
    rel = span[0] - s
    lo = max(0, rel - QUOTE_CHARS // 3)
    hi = min(len(text), lo + QUOTE_CHARS)
    out = text[lo:hi].strip()
    return ("..." if lo > 0 else "") + out + ("..." if hi < len(text) else "")


def evidence_at(ix: Index, span: Span) -> Evidence:
    """The quoted sentence around ``span`` and where it is."""
    return Evidence(quote(ix, span), ix.blocks[ix.block_at(span[0])].location)


def hit_text(ix: Index, span: Span | None) -> str:
    """The matched text itself, on one line and at most about 120 characters."""
    if span is None:
        return ""
    # A proximity match may run from one block (a table row) into the next: one line.
    text = ix.text[span[0] : span[1]].replace("\n", " / ")
    # A proximity match runs from one pattern to the other: keep both ends in view.
    return text if len(text) <= 120 else text[:55] + " ... " + text[-55:]
