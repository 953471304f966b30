"""The zip package of a Word file: parts read within guards, and an edited copy rebuilt."""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable
from typing import Any

from tenderlint.read.failure import Limits, ReadFailure
from tenderlint.read.ooxml.names import RELATIONSHIP
from tenderlint.read.ooxml.xml import parse_xml

_MAX_ENTRIES = 20_000  # a Word package has dozens of parts; thousands is an attack
_CHUNK = 1 << 20
_NOUN = {".docx": "a Word document", ".odt": "an OpenDocument text"}


def _key(name: str) -> str:
    # OPC part names are case-insensitive; "/word/document.xml" and "word/document.xml"
    # name the same part.
    return name.lstrip("/").lower()


def _open_zip(data: bytes, kind: str = ".docx") -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError):
        raise ReadFailure(f"corrupt or truncated {kind} (not a valid zip)") from None
    except NotImplementedError:
        raise ReadFailure(f"corrupt {kind} (unsupported zip format)") from None


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f}" if n >= 1048576 else f"{n / 1048576:.2g}"


def rels_name(part: str) -> str:
    """The name of the part holding the relationships of ``part``."""
    base, leaf = posixpath.split(part.lstrip("/"))
    return posixpath.join(base, "_rels", leaf + ".rels")


def rel_target(base: str, rel: Any) -> str:
    """The part a relationship element points at, from the folder ``base`` of its source."""
    target = rel.get("Target") or ""
    if target.startswith("/"):
        return str(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


class Package:
    """The zip container opened for reading, with every read bounded by the unzip budget.

    ``kind`` names the file type in messages (".docx"; the OpenDocument reader says ".odt").
    """

    def __init__(self, data: bytes, limits: Limits, kind: str = ".docx") -> None:
        self._kind = kind
        self._entries_guard(data, kind)
        self._zip, infos = _open_zip(data, kind)
        if len(infos) > _MAX_ENTRIES:
            raise ReadFailure(f"zip has {len(infos)} entries: not {_NOUN.get(kind, kind)}")
        cap = limits.max_unzipped_bytes
        # Declared sizes are checked before anything is unpacked; the bounded read below
        # catches an archive whose headers understate what it expands to.
        declared = sum(i.file_size for i in infos)
        if declared > cap:
            raise ReadFailure(
                f"zip declares {_mb(declared)} MB of content, over the {_mb(cap)} MB unzip limit"
                " (zip bomb?; [limits] inflate-mb in the config)"
            )
        self._infos = {_key(i.filename): i for i in infos}
        self._cap = cap
        self._left = cap
        self._part_cap = limits.max_part_bytes

    @staticmethod
    def _entries_guard(data: bytes, kind: str) -> None:
        """Refuse a central directory claiming huge numbers of entries before zipfile lists it."""
        pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
        if pos >= 0 and pos + 22 <= len(data):
            total = struct.unpack_from("<H", data, pos + 10)[0]
            if _MAX_ENTRIES < total < 0xFFFF:
                raise ReadFailure(f"zip has {total} entries: not {_NOUN.get(kind, kind)}")

    def names(self) -> Iterable[str]:
        """The (lower-case) names of every part."""
        return self._infos.keys()

    def has(self, name: str) -> bool:
        """Whether the package has part ``name``."""
        return _key(name) in self._infos

    def read(self, name: str) -> bytes | None:
        """The bytes of part ``name``, or None when the package has no such part."""
        info = self._infos.get(_key(name))
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise ReadFailure(
                f"the {self._kind} zip is password-encrypted: save an unprotected copy"
            )
        if info.file_size > self._part_cap:
            raise ReadFailure(self._part_too_big(info.filename))
        chunks: list[bytes] = []
        part = 0
        try:
            with self._zip.open(info) as fh:
                while True:
                    chunk = fh.read(min(_CHUNK, self._left + 1, self._part_cap - part + 1))
                    if not chunk:
                        break
                    self._left -= len(chunk)
                    part += len(chunk)
                    if self._left < 0:
                        raise ReadFailure(
                            f"unzips to more than the {_mb(self._cap)} MB limit (zip bomb?; "
                            "[limits] inflate-mb in the config)"
                        )
                    if part > self._part_cap:
                        raise ReadFailure(self._part_too_big(info.filename))
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise ReadFailure(
                f"corrupt or truncated {self._kind} ({info.filename} is damaged)"
            ) from None
        except NotImplementedError:
            raise ReadFailure(
                f"corrupt {self._kind} ({info.filename} uses an unsupported zip compression)"
            ) from None
        return b"".join(chunks)

    def _part_too_big(self, name: str) -> str:
        return (
            f"{name} unzips to more than the {_mb(self._part_cap)} MB limit for one part "
            "(zip bomb?; [limits] part-mb in the config)"
        )

    def xml(self, name: str) -> Any | None:
        """The parsed root element of part ``name``, or None when it is absent."""
        raw = self.read(name)
        return None if raw is None else parse_xml(raw, name, self._kind)

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of the internal relationships of ``part``."""
        root = self.xml(rels_name(part))
        if root is None:
            return []
        base = posixpath.dirname(part.lstrip("/"))
        out = []
        for rel in root.iter(RELATIONSHIP):
            if rel.get("TargetMode") == "External":
                continue
            typ = (rel.get("Type") or "").rsplit("/", 1)[-1]
            out.append((rel.get("Id") or "", typ, rel_target(base, rel)))
        return out


class PackageCopy:
    """A copy of a package being edited: parts changed or added, then rebuilt deterministically.

    The DOCX reader has already opened the same bytes within its guards and checked the
    declared sizes against the unzip budget; zipfile never returns more than an entry declares.
    """

    def __init__(self, data: bytes) -> None:
        self._zip, self._order = _open_zip(data)
        # The last entry of a duplicated name wins, as it does for the reader.
        self._by_name = {_key(i.filename): i for i in self._order}
        self._changed: dict[str, bytes] = {}
        self._added: dict[str, tuple[str, bytes]] = {}  # lower-case name -> (name, bytes)

    def has(self, name: str) -> bool:
        """Whether the package has part ``name``, original or added."""
        key = _key(name)
        return key in self._by_name or key in self._added

    def read(self, name: str) -> bytes | None:
        """The current bytes of part ``name``, or None when there is no such part."""
        key = _key(name)
        if key in self._changed:
            return self._changed[key]
        if key in self._added:
            return self._added[key][1]
        info = self._by_name.get(key)
        if info is None:
            return None
        return self._raw(info)

    def _raw(self, info: zipfile.ZipInfo) -> bytes:
        try:
            return self._zip.read(info)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
            raise ReadFailure(f"corrupt .docx ({info.filename} is damaged)") from None
        except NotImplementedError:
            raise ReadFailure(
                f"corrupt .docx ({info.filename} uses an unsupported zip compression)"
            ) from None
        except RuntimeError:
            raise ReadFailure("the .docx zip is password-encrypted") from None

    def xml(self, name: str) -> Any | None:
        """The parsed root element of part ``name`` as it is now, or None when it is absent."""
        raw = self.read(name)
        return None if raw is None else parse_xml(raw, name)

    def write(self, name: str, data: bytes) -> None:
        """Replace part ``name``, or add it when the package has no such part."""
        key = _key(name)
        if key in self._by_name:
            self._changed[key] = data
        else:
            self._added[key] = (name.lstrip("/"), data)

    def build(self) -> bytes:
        """Every entry in its original order with its original timestamp and attributes;
        unchanged parts byte for byte; new parts at the end with a fixed timestamp."""
        out = io.BytesIO()
        done: set[str] = set()
        with zipfile.ZipFile(out, "w") as z:
            for info in self._order:
                key = _key(info.filename)
                if key in done:
                    continue
                done.add(key)
                data = self._changed.get(key)
                if data is None:
                    data = self._raw(self._by_name[key])
                z.writestr(self._entry(info.filename, info), data)
            for name, data in self._added.values():
                z.writestr(self._entry(name, None), data)
        return out.getvalue()

    @staticmethod
    def _entry(name: str, like: zipfile.ZipInfo | None) -> zipfile.ZipInfo:
        # Fixed timestamps and attributes make the copy the same bytes on every run.
        zi = zipfile.ZipInfo(name, date_time=like.date_time if like else (2000, 1, 1, 0, 0, 0))
        stored = like is not None and like.compress_type == zipfile.ZIP_STORED
        zi.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        zi.create_system = like.create_system if like else 0
        zi.external_attr = like.external_attr if like else 0
        return zi
