"""Signatures: keys and signatures in minisign's formats, a sign/verify round trip through the CLI,
encrypted secret keys, and (when the minisign tool is installed) both directions with it."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tenderlint.distribution import minisign
from tests.packs.conftest import base_pack, keypair


def _archive(cli: Callable[..., Result], root: Path) -> Path:
    r = cli("pack", "build", str(base_pack(root)))
    assert r.exit_code == 0, r.output
    return root / "base-pack-1.0.0.tlpack"


def test_keygen_sign_verify_round_trip(cli: Callable[..., Result], tmp_path: Path) -> None:
    archive = _archive(cli, tmp_path)
    r = cli("pack", "keygen", "-o", "publisher", "--no-password")
    assert r.exit_code == 0, r.output
    key_id = minisign.parse_public_key((tmp_path / "publisher.pub").read_text()).id
    assert r.output.startswith(f"key {key_id}: secret publisher.key (keep it safe)")
    assert (tmp_path / "publisher.key").stat().st_mode & 0o077 == 0  # the secret is private
    assert cli("pack", "keygen", "-o", "publisher", "--no-password").exit_code == 2  # no clobber
    r = cli("pack", "sign", str(archive), "--key", "publisher.key")
    assert r.exit_code == 0, r.output
    sig = minisign.parse_signature((tmp_path / "base-pack-1.0.0.tlpack.minisig").read_text())
    assert sig.key == key_id and sig.trusted_comment.startswith("tenderlint pack base-pack 1.0.0")
    r = cli("pack", "verify", str(archive), "--key", "publisher.pub")
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"verified {archive}: signed by key {key_id}")
    # Another key, or a changed archive, is refused.
    keypair(tmp_path, "other")
    r = cli("pack", "verify", str(archive), "--key", "other.pub")
    assert r.exit_code == 2 and "refused: signed by key" in r.stderr
    sig_text = (tmp_path / "base-pack-1.0.0.tlpack.minisig").read_text()
    lines = sig_text.splitlines()
    lines[2] = "trusted comment: tenderlint pack base-pack 9.9.9"
    (tmp_path / "base-pack-1.0.0.tlpack.minisig").write_text("\n".join(lines) + "\n")
    r = cli("pack", "verify", str(archive), "--key", "publisher.pub")
    assert r.exit_code == 2 and r.stderr.strip().endswith("the trusted comment was altered")


def test_encrypted_secret_key(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _archive(cli, tmp_path)
    monkeypatch.setenv("TENDERLINT_KEY_PASSWORD", "correct horse")
    assert cli("pack", "keygen", "-o", "pub").exit_code == 0
    assert "encrypted" in (tmp_path / "pub.key").read_text().splitlines()[0]
    monkeypatch.setenv("TENDERLINT_KEY_PASSWORD", "wrong")
    r = cli("pack", "sign", str(archive), "--key", "pub.key")
    assert r.exit_code == 2 and "wrong password or damaged key file" in r.stderr
    monkeypatch.setenv("TENDERLINT_KEY_PASSWORD", "correct horse")
    assert cli("pack", "sign", str(archive), "--key", "pub.key").exit_code == 0
    assert cli("pack", "verify", str(archive), "--key", "pub.pub").exit_code == 0


def test_formats_round_trip_in_python() -> None:
    key = minisign.generate()
    data = b"a pack archive\n" * 100
    text = minisign.sign(key, data, "tenderlint pack x 1.0.0")
    sig = minisign.parse_signature(text)
    minisign.verify(minisign.parse_public_key(key.public.file_text()), data, sig)
    assert minisign.parse_public_key(key.public.line) == key.public
    assert minisign.read_secret_key(minisign.secret_key_file(key, None), lambda: "") == key
    with pytest.raises(minisign.MinisignError, match="tampered"):
        minisign.verify(key.public, data + b"!", sig)


MINISIGN = shutil.which("minisign")
needs_minisign = pytest.mark.skipif(
    MINISIGN is None, reason="the minisign tool is not installed (Debian: apt-get install minisign)"
)


@needs_minisign
def test_minisign_verifies_what_tenderlint_signs(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    archive = _archive(cli, tmp_path)
    assert cli("pack", "keygen", "-o", "pub", "--no-password").exit_code == 0
    assert cli("pack", "sign", str(archive), "--key", "pub.key").exit_code == 0
    done = subprocess.run(
        [str(MINISIGN), "-V", "-m", str(archive), "-p", str(tmp_path / "pub.pub")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Trusted comment: tenderlint pack base-pack 1.0.0" in done.stdout


@needs_minisign
def test_tenderlint_verifies_what_minisign_signs(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    archive = _archive(cli, tmp_path)
    # A key tenderlint made (unencrypted, as minisign -W makes them), used by minisign to sign.
    assert cli("pack", "keygen", "-o", "pub", "--no-password").exit_code == 0
    done = subprocess.run(
        [
            str(MINISIGN),
            "-S",
            "-s",
            str(tmp_path / "pub.key"),
            "-m",
            str(archive),
            "-t",
            "by minisign",
        ],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    r = cli("pack", "verify", str(archive), "--key", "pub.pub")
    assert r.exit_code == 0, r.stderr
    assert r.output.strip().endswith("(by minisign)")


def test_verify_against_the_config_keys(cli: Callable[..., Result], tmp_path: Path) -> None:
    from tests.packs.conftest import trust_config

    archive = _archive(cli, tmp_path)
    key = keypair(tmp_path, "publisher")
    trust_config(tmp_path, [], [(key, ["base-pack"], "2099-12-31")], require=False)
    # Verification is asked for, so an unsigned archive is refused even though the config does
    # not require signatures for a run.
    r = cli("pack", "verify", str(archive))
    assert r.exit_code == 2 and "refused: pack base-pack is not signed" in r.stderr
    assert cli("pack", "sign", str(archive), "--key", "publisher.key").exit_code == 0
    r = cli("pack", "verify", str(archive))
    assert r.exit_code == 0, r.stderr
    assert r.output == f"verified {archive}: base-pack 1.0.0 signed by key {key.public.id}\n"
    trust_config(tmp_path, [], [(key, ["other-*"], "2099-12-31")], require=False)
    r = cli("pack", "verify", str(archive))
    assert r.exit_code == 2 and f"key {key.public.id} may not sign pack base-pack" in r.stderr
