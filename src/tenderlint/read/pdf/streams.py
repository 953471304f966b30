"""A PDF's compressed streams inflated and counted before PDFium opens the file: a stream that
inflates past the limits is refused (PDFium would hold it all in memory), one whose data is
corrupt is reported, and so are references to objects the file does not have, since PDFium
would silently read less text or different text (a page whose content is lost reads as blank)."""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass

from tenderlint.read.failure import Limits, ReadFailure

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\s+\d+\s+R)")
_DEFINED = re.compile(rb"(?<![\d.])(\d+)\s+(\d+)\s+obj\b")
_REFERENCE = re.compile(rb"(?<![\d./])(\d+)\s+(\d+)\s+R\b")
_OBJSTM_HEAD = 1 << 16  # an object stream's header (its object numbers) is at its start
_CHUNK = 1 << 16
_OUT = 1 << 20


@dataclass(frozen=True)
class Streams:
    """What the scan found: how many Flate streams, their inflated total, and the corrupt."""

    count: int
    inflated: int
    corrupt: int
    missing: tuple[int, ...] = ()  # objects referred to that the file does not contain


def scan(data: bytes, limits: Limits) -> Streams:
    """Inflate every Flate stream (except images, which the reader never decodes), counting
    bytes as they come; raise ReadFailure past the per-stream or total limit."""
    total = count = corrupt = 0
    outside: list[tuple[int, int]] = []  # spans of the file that are not stream data
    defined: set[int] = set()
    referred: set[int] = set()
    last = 0
    for m in _STREAM.finditer(data):
        if m.start() < last:
            continue  # "stream" inside the data of the previous stream
        head = data[max(0, m.start() - 400) : m.start()]
        head = head[head.rfind(b"<<") :] if b"<<" in head else head
        end = _stream_end(data, m.end(), head)
        outside.append((last, m.start()))
        last = end
        if not _known_filters(head):
            corrupt += 1  # PDFium cannot decode it, and reads the page as blank
            continue
        if b"/FlateDecode" not in head or b"/Image" in head:
            continue
        count += 1
        keep = _OBJSTM_HEAD if b"/ObjStm" in head else 0
        flat = head.replace(b" ", b"")
        if b"/ASCII85Decode" in head or b"/A85" in head:
            size, ok, kept = _inflate_a85(data[m.end() : end], limits.max_part_bytes, keep)
        elif b"/Filter/FlateDecode" in flat or b"[/FlateDecode]" in flat:
            size, ok, kept = _inflate(data[m.end() : end], limits.max_part_bytes, keep)
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
        if kept:
            defined.update(_objstm_numbers(kept, head))
            referred.update(int(r.group(1)) for r in _REFERENCE.finditer(kept))
    outside.append((last, len(data)))
    for a, b in outside:
        part = data[a:b]
        defined.update(int(d.group(1)) for d in _DEFINED.finditer(part))
        referred.update(int(r.group(1)) for r in _REFERENCE.finditer(part))
    missing = tuple(sorted(n for n in referred - defined if n > 0))
    return Streams(count, total, corrupt, missing if defined else ())


_FILTERS = frozenset(
    b"ASCIIHexDecode ASCII85Decode LZWDecode FlateDecode RunLengthDecode CCITTFaxDecode "
    b"JBIG2Decode DCTDecode JPXDecode Crypt AHx A85 LZW Fl RL CCF DCT".split()
)
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")


def _known_filters(head: bytes) -> bool:
    """Does a stream name only filters PDF defines (a damaged name would leave it unread)?"""
    m = _FILTER.search(head)
    if not m:
        return True
    names = re.findall(rb"/([^\s/\[\]<>()]+)", m.group(1))
    return bool(names) and all(n in _FILTERS for n in names)


def _stream_end(data: bytes, start: int, head: bytes) -> int:
    """Where a stream's data ends: its /Length when that lands on "endstream", else the next
    "endstream" (or the end of the file)."""
    m = _LENGTH.search(head)
    if m:
        end = start + int(m.group(1))
        if data[end : end + 12].lstrip(b"\r\n ").startswith(b"endstream"):
            return end
    found = data.find(b"endstream", start)
    return len(data) if found < 0 else found


def _objstm_numbers(kept: bytes, head: bytes) -> set[int]:
    """The object numbers an object stream holds, from its header of number/offset pairs."""
    n = re.search(rb"/N\s+(\d+)", head)
    first = re.search(rb"/First\s+(\d+)", head)
    if not n or not first:
        return set()
    numbers = re.findall(rb"\d+", kept[: int(first.group(1))])
    return {int(x) for x in numbers[0 : 2 * int(n.group(1)) : 2]}


def _inflate_a85(raw: bytes, cap: int, keep: int) -> tuple[int, bool, bytes]:
    """As ``_inflate``, for a stream encoded in ASCII85 and then compressed."""
    end = raw.find(b"~>")
    if end < 0:
        return 0, False, b""
    try:
        decoded = a85decode(raw[:end])
    except ValueError:
        return 0, False, b""
    return _inflate(decoded, cap, keep)


_A85_DIGITS = bytes((i - 33) % 256 for i in range(256))


def a85decode(encoded: bytes) -> bytes:
    """ASCII85 data (without its "~>" end) decoded: what ``base64.a85decode`` gives, with
    white space ignored, about 2.5 times as fast (one expression per five-character group,
    where the standard library loops over each character); ValueError on bad data."""
    data = encoded.translate(None, b" \t\r\n\f\x00").replace(b"z", b"!!!!!")
    if data and (max(data) > 117 or min(data) < 33):  # outside "!" .. "u"
        raise ValueError("not ASCII85")
    pad = -len(data) % 5
    d = (data + b"u" * pad).translate(_A85_DIGITS)
    n = len(d) // 5
    groups = [
        (((d[i] * 85 + d[i + 1]) * 85 + d[i + 2]) * 85 + d[i + 3]) * 85 + d[i + 4]
        for i in range(0, 5 * n, 5)
    ]
    try:
        out = struct.pack(f">{n}I", *groups)
    except struct.error:
        raise ValueError("ASCII85 group out of range") from None
    return out[: len(out) - pad]


def _inflate(raw: bytes, cap: int, keep: int) -> tuple[int, bool, bytes]:
    """(bytes the stream's data ``raw`` inflates to, up to just past ``cap``; whether it is
    intact: no corrupt data, and complete with its checksum; the first ``keep`` bytes)."""
    d = zlib.decompressobj()
    size = 0
    kept = b""
    try:
        for pos in range(0, len(raw), _CHUNK):
            buf = raw[pos : pos + _CHUNK]
            while buf and not d.eof:
                out = d.decompress(buf, _OUT)
                if len(kept) < keep:
                    kept += out[: keep - len(kept)]
                size += len(out)
                if size > cap:
                    return size, True, kept
                buf = d.unconsumed_tail
            if d.eof:
                break
    except zlib.error:
        return size, False, kept
    return size, d.eof, kept
