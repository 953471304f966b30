"""A PDF's compressed streams inflated and counted before PDFium opens the file: a stream that
inflates past the limits is refused (PDFium would hold it all in memory), and one whose data
is corrupt is reported, since PDFium would silently read less text or different text."""

from __future__ import annotations

import base64
import re
import zlib
from dataclasses import dataclass

from tenderlint.read.failure import Limits, ReadFailure

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_CHUNK = 1 << 16
_OUT = 1 << 20


@dataclass(frozen=True)
class Streams:
    """What the scan found: how many Flate streams, their inflated total, and the corrupt."""

    count: int
    inflated: int
    corrupt: int


def scan(data: bytes, limits: Limits) -> Streams:
    """Inflate every Flate stream (except images, which the reader never decodes), counting
    bytes as they come; raise ReadFailure past the per-stream or total limit."""
    total = count = corrupt = 0
    for m in _STREAM.finditer(data):
        head = data[max(0, m.start() - 400) : m.start()]
        head = head[head.rfind(b"<<") :] if b"<<" in head else head
        if b"/FlateDecode" not in head or b"/Image" in head:
            continue
        count += 1
        if b"/ASCII85Decode" in head or b"/A85" in head:
            size, ok = _inflate_a85(data, m.end(), limits.max_part_bytes)
        elif b"/Filter/FlateDecode" in head.replace(b" ", b"") or b"[/FlateDecode]" in head.replace(
            b" ", b""
        ):
            size, ok = _inflate(data, m.end(), limits.max_part_bytes)
        else:
            continue  # another filter chain: left to PDFium and the memory ceiling
        if size > limits.max_part_bytes:
            raise ReadFailure(
                f"a compressed stream inflates to more than the {limits.max_part_bytes >> 20} MB "
                "limit for one stream (a decompression bomb?; [limits] part-mb in the config)"
            )
        total += size
        if total > limits.max_unzipped_bytes:
            raise ReadFailure(
                f"compressed streams inflate to more than the {limits.max_unzipped_bytes >> 20} "
                "MB limit (a decompression bomb?; [limits] inflate-mb in the config)"
            )
        corrupt += not ok
    return Streams(count, total, corrupt)


def _inflate_a85(data: bytes, start: int, cap: int) -> tuple[int, bool]:
    """As ``_inflate``, for a stream encoded in ASCII85 and then compressed."""
    end = data.find(b"~>", start)
    if end < 0:
        return 0, False
    try:
        raw = base64.a85decode(data[start:end], ignorechars=b" \t\r\n\f\x00")
    except ValueError:
        return 0, False
    return _inflate(raw, 0, cap)


def _inflate(data: bytes, start: int, cap: int) -> tuple[int, bool]:
    """(bytes the stream at ``start`` inflates to, up to just past ``cap``; whether its
    compressed data is intact). Nothing inflated is kept."""
    d = zlib.decompressobj()
    size = 0
    pos = start
    try:
        while not d.eof and pos < len(data):
            buf = data[pos : pos + _CHUNK]
            pos += len(buf)
            while buf and not d.eof:
                size += len(d.decompress(buf, _OUT))
                if size > cap:
                    return size, True
                buf = d.unconsumed_tail
    except zlib.error:
        return size, False
    return size, True
