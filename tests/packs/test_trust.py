"""Trust and the lock, through `tenderlint check`: a verified pack is named with its key in the
report; every refusal (unsigned, tampered, unknown key, key not scoped to the pack, expired key,
a version older than the locked one, a lock mismatch) exits 2 with its own one-line message."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tenderlint.distribution import minisign
from tenderlint.distribution.archive import build_archive
from tests.packs.conftest import base_pack, contract, keypair, trust_config

CHECK = ("check", "docs", "--doc-type", "contract", "--format", "json", "--no-cache")


def publish(
    root: Path, version: str, key: minisign.SecretKey | None, *, limit: str = "2 working days"
) -> Path:
    """Build base-pack VERSION into root/vendor and sign it with ``key`` (None: unsigned)."""
    src = base_pack(root / "src", version, limit=limit)
    files = {n: (src / n).read_bytes() for n in ("pack.toml", "rules.tl")}
    archive = root / "vendor" / f"base-pack-{version}.tlpack"
    archive.parent.mkdir(parents=True, exist_ok=True)
    data = build_archive(files)
    archive.write_bytes(data)
    if key is not None:
        sig = minisign.sign(key, data, f"tenderlint pack base-pack {version}")
        archive.with_name(archive.name + ".minisig").write_text(sig, encoding="utf-8")
    return archive


@pytest.fixture
def project(tmp_path: Path) -> Path:
    contract(tmp_path)
    return tmp_path


def refused(r: Result) -> str:
    assert r.exit_code == 2, r.output
    lines = r.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_signed_pack_is_verified_and_named_with_its_key(
    cli: Callable[..., Result], project: Path
) -> None:
    key = keypair(project, "publisher")
    publish(project, "1.0.0", key)
    trust_config(project, ["vendor/base-pack@^1"], [(key, ["base-*"], "2099-12-31")])
    r = cli(*CHECK)
    assert r.exit_code == 1, r.stderr  # BASE-001 is weak: a finding, not a refusal
    packs = json.loads(r.output)["packs"]
    assert [(p["name"], p["version"], p["key"], p["source"]) for p in packs] == [
        ("base-pack", "1.0.0", key.public.id, "vendor/base-pack-1.0.0.tlpack")
    ]


def test_unsigned_pack_is_refused_when_the_config_requires_signatures(
    cli: Callable[..., Result], project: Path
) -> None:
    key = keypair(project, "publisher")
    publish(project, "1.0.0", None)
    trust_config(project, ["vendor/base-pack-1.0.0.tlpack"], [(key, ["base-pack"], "2099-12-31")])
    assert refused(cli(*CHECK)) == (
        "error: vendor/base-pack-1.0.0.tlpack: refused: pack base-pack is not signed (an archive "
        "without a .minisig) and tenderlint.toml sets [trust] require-signature = true (sign it, "
        'or list it in "allow-unsigned")'
    )
    # The same pack as a folder is refused too: the config decides, not the form of the pack.
    trust_config(project, ["src/base-pack-1.0.0"], [(key, ["base-pack"], "2099-12-31")])
    assert "refused: pack base-pack is not signed (a folder)" in refused(cli(*CHECK))
    # Without require-signature, the unsigned pack is used and the report says it is unsigned.
    trust_config(project, ["vendor/base-pack-1.0.0.tlpack"], [], require=False)
    r = cli(*CHECK)
    assert r.exit_code == 1 and json.loads(r.output)["packs"][0]["key"] is None


def test_tampered_pack_is_refused(cli: Callable[..., Result], project: Path) -> None:
    key = keypair(project, "publisher")
    archive = publish(project, "1.0.0", key)
    sig = archive.with_name(archive.name + ".minisig").read_text()
    # A rebuilt archive with a laxer deadline, beside the publisher's signature.
    publish(project, "1.0.0", None, limit="30 working days")
    archive.with_name(archive.name + ".minisig").write_text(sig)
    trust_config(project, ["vendor/base-pack-1.0.0.tlpack"], [(key, ["base-pack"], "2099-12-31")])
    assert refused(cli(*CHECK)) == (
        f"error: vendor/base-pack-1.0.0.tlpack: refused: signature by key {key.public.id} does "
        "not verify: the signature does not match the file (tampered)"
    )
    # A signature that is present is checked even when the config does not require one.
    trust_config(
        project,
        ["vendor/base-pack-1.0.0.tlpack"],
        [(key, ["base-pack"], "2099-12-31")],
        require=False,
    )
    assert "does not verify" in refused(cli(*CHECK))


def test_unknown_key_is_refused(cli: Callable[..., Result], project: Path) -> None:
    trusted, stranger = keypair(project, "publisher"), keypair(project, "stranger")
    publish(project, "1.0.0", stranger)
    trust_config(project, ["vendor/base-pack-1.0.0.tlpack"], [(trusted, ["*"], "2099-12-31")])
    assert refused(cli(*CHECK)) == (
        f"error: vendor/base-pack-1.0.0.tlpack: refused: signed by unknown key "
        f"{stranger.public.id} (not among the keys in [trust] of tenderlint.toml)"
    )


def test_key_not_scoped_to_the_pack_is_refused(cli: Callable[..., Result], project: Path) -> None:
    key = keypair(project, "publisher")
    publish(project, "1.0.0", key)
    trust_config(project, ["vendor/base-pack-1.0.0.tlpack"], [(key, ["uk-*"], "2099-12-31")])
    assert refused(cli(*CHECK)) == (
        f"error: vendor/base-pack-1.0.0.tlpack: refused: key {key.public.id} may not sign pack "
        "base-pack (it may sign: uk-*)"
    )


def test_expired_key_is_refused(
    cli: Callable[..., Result], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = keypair(project, "publisher")
    publish(project, "1.0.0", key)
    trust_config(project, ["vendor/base-pack-1.0.0.tlpack"], [(key, ["base-pack"], "2026-03-31")])
    monkeypatch.setenv("TENDERLINT_TODAY", "2026-03-31")
    assert cli(*CHECK).exit_code == 1  # valid on its last day
    monkeypatch.setenv("TENDERLINT_TODAY", "2026-04-01")
    assert refused(cli(*CHECK)) == (
        f"error: vendor/base-pack-1.0.0.tlpack: refused: key {key.public.id} expired on 2026-03-31"
    )


def test_lock_pins_version_and_content(cli: Callable[..., Result], project: Path) -> None:
    key = keypair(project, "publisher")
    publish(project, "1.1.0", key)
    trust_config(project, ["vendor/base-pack@^1"], [(key, ["base-pack"], "2099-12-31")])
    r = cli("pack", "lock")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == (
        f"locked base-pack 1.1.0, key {key.public.id}: vendor/base-pack-1.1.0.tlpack (new)"
    )
    lock = (project / "tenderlint.lock").read_text()
    assert 'name = "base-pack"\nversion = "1.1.0"\nsha256 = "' in lock
    assert f'source = "vendor/base-pack-1.1.0.tlpack"\nkey = "{key.public.id}"' in lock
    assert cli(*CHECK).exit_code == 1
    # A newer release in the folder is not picked up until the lock is updated on purpose.
    publish(project, "1.2.0", key)
    r = cli(*CHECK)
    assert r.exit_code == 1 and json.loads(r.output)["packs"][0]["version"] == "1.1.0"
    # The locked version gone, only an older one left: a downgrade.
    for f in (project / "vendor").glob("base-pack-1.[12].0.*"):
        f.unlink()
    publish(project, "1.0.0", key)
    assert refused(cli(*CHECK)) == (
        "error: vendor/base-pack-1.0.0.tlpack: refused: pack base-pack 1.0.0 is older than the "
        "locked 1.1.0 (a downgrade)"
    )
    # The locked version, re-signed by the publisher but with other content: a lock mismatch.
    publish(project, "1.1.0", key, limit="30 working days")
    (project / "vendor" / "base-pack-1.0.0.tlpack").unlink()
    line = refused(cli(*CHECK))
    assert line.startswith(
        "error: vendor/base-pack-1.1.0.tlpack: refused: pack base-pack 1.1.0 does not match "
        "tenderlint.lock: sha256 "
    )
    assert line.endswith("(changed since it was locked)")
    # Updating the lock on purpose accepts it, and says what changed.
    r = cli("pack", "lock")
    assert r.exit_code == 0 and cli(*CHECK).exit_code == 0


def test_newer_version_than_locked_is_refused(cli: Callable[..., Result], project: Path) -> None:
    publish(project, "1.0.0", None)
    (project / "tenderlint.toml").write_text('packs = ["vendor/base-pack-1.0.0.tlpack"]\n')
    assert cli("pack", "lock").exit_code == 0
    for f in (project / "vendor").iterdir():
        f.unlink()
    publish(project, "1.3.0", None)
    (project / "tenderlint.toml").write_text('packs = ["vendor/base-pack-1.3.0.tlpack"]\n')
    assert refused(cli(*CHECK)) == (
        "error: vendor/base-pack-1.3.0.tlpack: refused: pack base-pack 1.3.0 does not match "
        "tenderlint.lock, which locks 1.0.0 (run tenderlint pack lock to update on purpose)"
    )


def test_bad_trust_config_names_the_key(cli: Callable[..., Result], project: Path) -> None:
    line = minisign.generate().public.line
    (project / "tenderlint.toml").write_text(
        f'[trust]\nrequire-signature = "yes"\n[[trust.keys]]\npublic-key = "{line}"\n'
        'packs = ["x"]\nexpires = "2027-02-30"\n'
        f'[[trust.keys]]\npublic-key = "RW{"A" * 54}"\npacks = ["x"]\nexpires = 2027-01-01\n'
    )
    r = cli(*CHECK)
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        'error: tenderlint.toml: key "trust.require-signature": expected boolean, got "yes"',
        'error: tenderlint.toml: key "trust.keys[0].expires": not a real date (allowed: YYYY-MM-DD)',
        'error: tenderlint.toml: key "trust.keys[1].public-key": public key: not a minisign '
        "Ed25519 public key",
    ]
