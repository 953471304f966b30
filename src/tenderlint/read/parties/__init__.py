"""The parties of one document (brief 1.5): who is the buyer and who the supplier, by the names
the document itself uses, from its parties block, definitions, order form and usage.

Names are kept per document ("Customer" is the buyer in one and a member of the public in
another). A name found only by usage, or by the issuing body's name on a tender's opening
page, is marked ``inferred``.
"""

from __future__ import annotations

from tenderlint.model import DocType, Document, Evidence, Parties, Party
from tenderlint.read.parties.block import parties_block
from tenderlint.read.parties.claims import Claim, Source, as_used, key, role_from_names
from tenderlint.read.parties.defined import definition_entries, inline_definitions
from tenderlint.read.parties.fields import order_form, role_statements
from tenderlint.read.parties.issuer import issuer_claims
from tenderlint.read.parties.pronouns import doc_type_of, pronoun_claims
from tenderlint.read.parties.usage import usage_claims
from tenderlint.read.parties.view import View, build
from tenderlint.read.parties.words import BUYER, PRONOUN_WORDS, SUPPLIER

__all__ = ["find_parties"]

MAX_NAMES = 8
MAX_EVIDENCE = 3


def _declared(view: View) -> tuple[list[Claim], set[str]]:
    """Claims the document makes itself, and the party words it defines as something else."""
    entries, not_parties = definition_entries(view)
    block, span = parties_block(view)
    claims = [
        *block,
        *(c for c in inline_definitions(view) if c.position not in span),
        *entries,
        *order_form(view),
        *role_statements(view),
    ]
    return claims, not_parties


def _inferred(doc: Document, view: View, claims: list[Claim], skip: set[str]) -> list[Claim]:
    """Claims from the document's usage: common names, the issuing body, then pronouns for a
    side the document names in no other way (a guide that says "the contractor" and "we" is
    speaking as the buyer, whatever its kind)."""
    doc_type = doc_type_of(doc)
    out = [c for c in usage_claims(view) if key(c.names[0]) not in skip]
    buyer_declared = any(c.role == BUYER and c.source.declared for c in claims)
    if not buyer_declared and (doc_type is DocType.TENDER or not any(c.role == BUYER for c in out)):
        out += issuer_claims(doc, view)
    if not any(n.lower() in PRONOUN_WORDS for c in claims for n in c.names):
        named = {c.role for c in [*claims, *out] if c.source is not Source.STATEMENT}
        out += [c for c in pronoun_claims(view, doc_type) if c.role not in named]
    return out


def _order(c: Claim) -> tuple[float, int, int, int, int]:
    """Strongest source first; within it, a party named by a role word ("the Buyer") before a
    body whose side was worked out (a framework's "CCS"), contract names before bidder names,
    most used first, then the earliest. A statement that gives both sides their data roles in
    one sentence ranks just above definitions: it says who is who in the document's own terms,
    where a definition of a public body only suggests it is the buyer."""
    direct = role_from_names(c.names) == c.role
    rank = int(Source.DEFINITION) + 0.5 if c.paired else float(c.source)
    return (-rank, int(not direct), int(c.bidder), -c.count, c.position)


def _merge(claims: list[Claim], view: View) -> Parties | None:
    names: dict[str, list[str]] = {BUYER: [], SUPPLIER: []}
    evidence: dict[str, list[Evidence]] = {BUYER: [], SUPPLIER: []}
    declared = {BUYER: False, SUPPLIER: False}
    taken: dict[str, str] = {}  # name key -> the role that took it
    for c in sorted(claims, key=_order):
        if c.role is None or c.role not in names:
            continue
        # The names of one claim are one body ('the Government Digital Service ("GDS")'):
        # where a stronger claim has placed one of them, the others follow it.
        role = next((taken[k] for n in c.names if (k := key(n)) in taken), c.role)
        added = False
        for name in c.names:
            k = key(name)
            if not k or k in taken or len(names[role]) >= MAX_NAMES:
                continue
            taken[k] = role
            written = (
                name
                if name.lower() in PRONOUN_WORDS or not c.source.declared
                else as_used(name, view.text)
            )
            names[role].append(written)
            added = True
        if added:
            declared[role] |= c.source.declared
            if len(evidence[role]) < MAX_EVIDENCE and c.evidence not in evidence[role]:
                evidence[role].append(c.evidence)
    if not names[BUYER] and not names[SUPPLIER]:
        return None
    buyer, supplier = (
        Party(role, tuple(names[role]), tuple(evidence[role]), inferred=not declared[role])
        for role in (BUYER, SUPPLIER)
    )
    return Parties(buyer=buyer, supplier=supplier)


def find_parties(doc: Document) -> Parties | None:
    """The buyer and supplier as ``doc`` names them, or None when it names no party at all."""
    view = build(doc)
    if not view.text:
        return None
    claims, skip = _declared(view)
    claims += _inferred(doc, view, claims, skip)
    return _merge(claims, view)
