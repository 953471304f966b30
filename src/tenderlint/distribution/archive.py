"""Pack archives (``.tlpack``): a deterministic zip of a pack's files with a canonical index of
every file's sha256, and a safe reader that accepts only what the builder writes.

The archive is a zip with every member *stored* (not compressed), sorted by name, dated
1980-01-01, mode 0644, with no directories, comments or extra fields. Stored members make the
bytes independent of the zlib on the machine that built them, so the same pack gives the same
archive anywhere; and the reader rebuilds the archive from what it read and refuses it unless
the bytes are identical, so there is exactly one way to read an archive (no prefixed data,
hidden members, or disagreeing headers).

The index, ``index.sha256``, has one line per file, ``<sha256>  <path>``, sorted by path (the
format ``sha256sum -c`` reads). A pack's identity is the sha256 of its index, the same whether the
pack is read from its folder or from its archive.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

INDEX = "index.sha256"
SUFFIX = ".tlpack"

MAX_ARCHIVE_BYTES = 32 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 8 * 1024 * 1024

_DATE = (1980, 1, 1, 0, 0, 0)
_MODE = 0o100644 << 16  # a regular file, rw-r--r--
_SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


class ArchiveError(Exception):
    """An archive that cannot be used; the message is one line and never quotes member data."""


def safe_member_name(name: str) -> bool:
    """A relative POSIX path of plain names: no ``..``, no absolute path, no backslash."""
    if not _SAFE_NAME.fullmatch(name):
        return False
    return all(part not in (".", "..") for part in name.split("/"))


def index_text(files: Mapping[str, bytes]) -> bytes:
    """The canonical index of ``files``: ``<sha256>  <path>`` lines sorted by path."""
    lines = [
        f"{hashlib.sha256(files[name]).hexdigest()}  {name}\n"
        for name in sorted(files, key=lambda n: n.encode("utf-8"))
    ]
    return "".join(lines).encode("utf-8")


def index_digest(files: Mapping[str, bytes]) -> str:
    """A pack's identity: the sha256 of its canonical index."""
    return hashlib.sha256(index_text(files)).hexdigest()


def build_archive(files: Mapping[str, bytes]) -> bytes:
    """The archive of ``files`` (relative path -> bytes) with its index; same input, same bytes."""
    if INDEX in files:
        raise ArchiveError(f"a pack may not contain a file named {INDEX} (the archive's index)")
    for name in files:
        if not safe_member_name(name):
            raise ArchiveError(f"{name!r} cannot be put in an archive (use plain relative names)")
    members = {**files, INDEX: index_text(files)}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as zf:
        for name in sorted(members, key=lambda n: n.encode("utf-8")):
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = _MODE
            zf.writestr(info, members[name])
    return buf.getvalue()


@dataclass(frozen=True)
class Archive:
    """What a checked archive holds: its files (without the index) and its identity."""

    files: Mapping[str, bytes]
    sha256: str  # of the index


def read_archive(data: bytes) -> Archive:
    """The files of an archive, checked: size and member limits, safe names, regular files only,
    every file listed in the index with its sha256, and the archive in canonical form."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ArchiveError(f"larger than the limit of {_size(MAX_ARCHIVE_BYTES)}")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ArchiveError(f"not a pack archive ({exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ArchiveError(f"more than {MAX_MEMBERS} members")
        members = _members(zf, infos)
    if INDEX not in members:
        raise ArchiveError(f"no {INDEX} (not built by tenderlint pack build)")
    files = {n: b for n, b in members.items() if n != INDEX}
    _check_index(members[INDEX], files)
    if build_archive(files) != data:
        raise ArchiveError("not in canonical form (rebuilt or altered after tenderlint built it)")
    return Archive(files, hashlib.sha256(members[INDEX]).hexdigest())


def _members(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    total = 0
    for info in infos:
        name = info.filename
        shown = name if safe_member_name(name) else repr(name)
        if not safe_member_name(name) or name.endswith("/"):
            raise ArchiveError(f"member {shown}: not a plain relative file name")
        if name in out:
            raise ArchiveError(f"member {shown} appears twice")
        if (info.external_attr >> 16) & 0o170000 not in (0, 0o100000):
            raise ArchiveError(f"member {shown}: not a regular file (links are not allowed)")
        if info.flag_bits & 0x1 or info.compress_type != zipfile.ZIP_STORED:
            raise ArchiveError(f"member {shown}: encrypted or compressed (not built by tenderlint)")
        if info.file_size > MAX_MEMBER_BYTES:
            raise ArchiveError(f"member {shown}: larger than {_size(MAX_MEMBER_BYTES)}")
        try:
            with zf.open(info) as fh:
                data = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise ArchiveError(f"member {shown}: cannot be read ({exc})") from None
        if len(data) != info.file_size:
            raise ArchiveError(f"member {shown}: its size disagrees with the archive's directory")
        total += len(data)
        if total > MAX_ARCHIVE_BYTES:
            raise ArchiveError(f"more than {_size(MAX_ARCHIVE_BYTES)} of files")
        out[name] = data
    return out


def _check_index(index: bytes, files: Mapping[str, bytes]) -> None:
    try:
        text = index.decode("utf-8")
    except UnicodeDecodeError:
        raise ArchiveError(f"{INDEX} is not UTF-8 text") from None
    listed: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line)
        if not m:
            raise ArchiveError(f"{INDEX} line {n}: expected '<sha256>  <path>'")
        listed[m.group(2)] = m.group(1)
    for name in sorted(set(files) - set(listed)):
        raise ArchiveError(f"member {name} is not listed in {INDEX}")
    for name in sorted(set(listed) - set(files)):
        raise ArchiveError(f"{INDEX} lists {name}, which is not in the archive")
    for name, digest in sorted(listed.items()):
        if hashlib.sha256(files[name]).hexdigest() != digest:
            raise ArchiveError(f"member {name}: sha256 does not match {INDEX} (tampered)")
    if index != index_text(files):
        raise ArchiveError(f"{INDEX} is not in canonical form")
