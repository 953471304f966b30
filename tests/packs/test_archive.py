"""Pack archives: `pack build` is deterministic, an archive is used like a folder, and reading one
is safe (no path outside it, regular files only, limits, canonical form, the index checked)."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tenderlint.distribution.archive import (
    INDEX,
    ArchiveError,
    build_archive,
    index_text,
    read_archive,
)
from tests.packs.conftest import base_pack, contract


def test_build_is_deterministic_and_the_archive_is_a_pack(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    d = base_pack(tmp_path)
    r = cli("pack", "build", str(d))
    assert r.exit_code == 0, r.output
    first = (tmp_path / "base-pack-1.0.0.tlpack").read_bytes()
    assert r.output.startswith("built base-pack-1.0.0.tlpack: base-pack 1.0.0, 2 files, 2 rules")
    # Other timestamps and permissions on the same content give the same bytes.
    for f in d.iterdir():
        os.utime(f, (1_900_000_000, 1_900_000_000))
        f.chmod(0o600)
    r = cli("pack", "build", str(d), "-o", "again.tlpack")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "again.tlpack").read_bytes() == first
    # The index lists every file's sha256, and the pack's identity is the same from both forms.
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.namelist() == [INDEX, "pack.toml", "rules.tl"]
        lines = zf.read(INDEX).decode().splitlines()
    assert [ln.split("  ")[1] for ln in lines] == ["pack.toml", "rules.tl"]
    folder = cli("rules", "list", "--pack", str(d)).output
    packed = cli("rules", "list", "--pack", "again.tlpack").output
    assert folder.splitlines()[2:] == packed.splitlines()[2:]
    assert "from again.tlpack" in packed
    contract(tmp_path)
    r = cli("check", "docs", "--pack", "again.tlpack", "--doc-type", "contract", "--format", "json")
    assert r.exit_code == 1 and '"source": "again.tlpack"' in r.output


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data, mode in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = mode << 16
            zf.writestr(info, data)
    return buf.getvalue()


FILES = {"pack.toml": b"name = 'x'\n", "rules.tl": b"# rules\n"}


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([("../evil.tl", b"x", 0o100644)], "member '../evil.tl': not a plain relative file name"),
        ([("/etc/passwd", b"x", 0o100644)], "member '/etc/passwd': not a plain relative file name"),
        ([("a\\b.tl", b"x", 0o100644)], "not a plain relative file name"),
        ([("link.tl", b"/etc/passwd", 0o120777)], "member link.tl: not a regular file"),
        ([("pack.toml", b"x", 0o100644)], f"no {INDEX}"),
    ],
)
def test_unsafe_archives_are_refused(members: list[tuple[str, bytes, int]], message: str) -> None:
    with pytest.raises(ArchiveError) as info:
        read_archive(_zip(members))
    assert message in str(info.value)
    assert "root:" not in str(info.value)  # never quotes what a member holds


def test_tampering_and_non_canonical_archives_are_refused() -> None:
    good = build_archive(FILES)
    assert read_archive(good).files == FILES
    # Bytes changed inside the archive: the zip's own checksum catches it.
    with pytest.raises(ArchiveError, match=r"member rules\.tl: cannot be read"):
        read_archive(good.replace(b"# rules\n", b"# RULES\n"))
    # A member changed after the index was written, the zip rebuilt around it.
    stale = _zip(
        [
            (INDEX, index_text(FILES), 0o100644),
            ("pack.toml", FILES["pack.toml"], 0o100644),
            ("rules.tl", b"# RULES\n", 0o100644),
        ]
    )
    with pytest.raises(
        ArchiveError, match=r"member rules\.tl: sha256 does not match index\.sha256"
    ):
        read_archive(stale)
    # The same files, but compressed: not what pack build writes.
    members = {**FILES, INDEX: index_text(FILES)}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, members[name])
    with pytest.raises(ArchiveError, match="encrypted or compressed"):
        read_archive(buf.getvalue())
    # Data before the archive, or an unlisted member, are refused too.
    with pytest.raises(ArchiveError, match="canonical"):
        read_archive(b"#!/bin/sh\n" + good)
    extra = _zip([(INDEX, index_text(FILES), 0o100644), ("extra.tl", b"", 0o100644)])
    with pytest.raises(ArchiveError, match=r"extra\.tl is not listed"):
        read_archive(extra)
    with pytest.raises(ArchiveError, match="not a pack archive"):
        read_archive(b"not a zip at all")


def test_member_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    from tenderlint.distribution import archive

    monkeypatch.setattr(archive, "MAX_MEMBERS", 2)
    with pytest.raises(ArchiveError, match="more than 2 members"):
        read_archive(build_archive(FILES))
    monkeypatch.setattr(archive, "MAX_MEMBERS", 2000)
    monkeypatch.setattr(archive, "MAX_MEMBER_BYTES", 4)
    with pytest.raises(ArchiveError, match=r"member index\.sha256: larger than 4 bytes"):
        read_archive(build_archive(FILES))


def test_a_damaged_archive_is_one_error_line(cli: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "broken.tlpack").write_bytes(b"PK\x03\x04 not really")
    contract(tmp_path)
    r = cli("check", "docs", "--pack", "broken.tlpack")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        "error: broken.tlpack: not a pack archive (File is not a zip file)"
    ]
