"""Package parts as XML: parsed without DTDs, entities or network, and written back."""

from __future__ import annotations

import re
from typing import Any

from lxml import etree

from tenderlint.read.failure import ReadFailure
from tenderlint.read.ooxml.names import STRICT

_TO_TRANSITIONAL = tuple((iso.encode(), uri.encode()) for uri, iso in STRICT.items())
_TO_STRICT = tuple((uri.encode(), iso.encode()) for uri, iso in STRICT.items())
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse_xml(raw: bytes, name: str, kind: str = ".docx") -> Any:
    """Parse one package part with a parser that neither loads DTDs nor expands entities.

    Word never writes a DTD, so any DOCTYPE or entity declaration is refused outright: that
    is how entity-expansion ("billion laughs") and external-entity attacks arrive. Strict
    parts are read under the transitional namespace URIs, so one walker reads both.
    """
    attack = ReadFailure(
        f"{name} declares a DTD or XML entities (entity-expansion attack?): refused"
    )
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise attack
    if b"purl.oclc.org/ooxml" in raw:
        for strict, transitional in _TO_TRANSITIONAL:
            raw = raw.replace(strict, transitional)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        detail = str(exc).splitlines()[0] if str(exc) else "syntax error"
        if "depth" in detail.lower():
            raise ReadFailure(f"{name} is nested too deeply to read") from None
        raise ReadFailure(f"corrupt {kind}: {name} is not well-formed XML ({detail})") from None
    if root is None:
        raise ReadFailure(f"corrupt {kind}: {name} is empty")
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise attack
    return root


def serialise(root: Any, strict: bool) -> bytes:
    """The bytes of a part, with the Strict namespace URIs restored for a Strict package."""
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if strict:
        for transitional, iso in _TO_STRICT:
            data = data.replace(transitional, iso)
    return data


def clean_text(text: str) -> str:
    """Text safe for XML 1.0: control characters cannot be written at all."""
    return _XML_BAD.sub("", text)
