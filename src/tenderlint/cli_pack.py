"""The ``pack`` commands: build an archive, make keys, sign, verify, lock and diff packs; and what
``rules list`` says of where each pack came from. ``cli`` registers the group on ``main``."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from tenderlint.config import Config
    from tenderlint.lang.nouns import Pack

EXIT_ERROR = 2
PASSWORD_ENV = "TENDERLINT_KEY_PASSWORD"


def _abort(problems: Iterable[str]) -> NoReturn:
    for p in problems:
        click.echo(f"error: {p}", err=True)
    sys.exit(EXIT_ERROR)


def _load(ref: str, base: Path | None = None) -> Pack:
    from tenderlint.lang.packs import PackError, load_pack

    try:
        return load_pack(ref, base=base)
    except PackError as exc:
        _abort(exc.problems)


def _config(path: Path | None) -> Config:
    from tenderlint.run import RunError, load_run_config

    try:
        return load_run_config(path)
    except RunError as exc:
        _abort(exc.problems)


@click.group("pack")
def pack() -> None:
    """Build, sign, verify, lock and compare rule packs.

    \b
    Publish:  tenderlint pack build my-pack/
              tenderlint pack sign my-pack-1.0.0.tlpack --key me.key
    Adopt:    tenderlint pack verify my-pack-1.0.0.tlpack --key publisher.pub
              tenderlint pack lock
    """


@pack.command("build")
@click.argument("pack_dir", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="NAME-VERSION.tlpack.")
def build(pack_dir: Path, output: Path | None) -> None:
    """Check the pack in PACK_DIR and write it as a deterministic archive (same pack, same
    bytes)."""
    from tenderlint.distribution import sources
    from tenderlint.distribution.archive import SUFFIX, ArchiveError, build_archive

    if not (pack_dir / sources.MANIFEST).is_file():
        _abort([f"{pack_dir}: not a pack folder (no {sources.MANIFEST})"])
    loaded = _load(str(pack_dir))
    found = sources.find(str(pack_dir))[0]
    files = {n: found.read(n) for n in (sources.MANIFEST, *loaded.manifest.files)}
    try:
        data = build_archive(files)
    except ArchiveError as exc:
        _abort([f"{pack_dir}: {exc}"])
    out = output or Path(f"{loaded.name}-{loaded.version}{SUFFIX}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        _abort([f"{out}: cannot write: {exc.strerror or exc}"])
    click.echo(
        f"built {sources.shown_path(out)}: {loaded.name} {loaded.version}, {len(files)} files, "
        f"{len(loaded.rules)} rules, sha256 {loaded.sha256}"
    )


def _password(confirm: bool) -> str:
    value = os.environ.get(PASSWORD_ENV)
    if value is not None:
        return value
    if not sys.stdin.isatty():
        _abort([f"a password is needed: set {PASSWORD_ENV}, or make the key with --no-password"])
    got: str = click.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    return got


@pack.command("keygen")
@click.option("--output", "-o", "name", required=True, help="Writes NAME.key and NAME.pub.")
@click.option("--no-password", is_flag=True, help="Leave the secret key unencrypted (CI secrets).")
@click.option("--force", is_flag=True, help="Overwrite existing key files.")
def keygen(name: str, no_password: bool, force: bool) -> None:
    """Make an Ed25519 key pair in minisign's format: NAME.key (secret) and NAME.pub."""
    from tenderlint.distribution import minisign

    secret, public = Path(f"{name}.key"), Path(f"{name}.pub")
    for p in (secret, public):
        if p.exists() and not force:
            _abort([f"{p}: already exists (use --force to replace it)"])
    key = minisign.generate()
    text = minisign.secret_key_file(key, None if no_password else _password(confirm=True))
    try:
        fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        public.write_text(key.public.file_text(), encoding="utf-8")
    except OSError as exc:
        _abort([f"cannot write the key files: {exc.strerror or exc}"])
    click.echo(f"key {key.public.id}: secret {secret} (keep it safe), public {public}")
    click.echo("Adopters trust it with, in tenderlint.toml:")
    click.echo(f'  [[trust.keys]]\n  public-key = "{key.public.line}"')
    click.echo('  packs = ["YOUR-PACK-NAME"]\n  expires = 2027-12-31')


def _read_archive(path: Path) -> tuple[bytes, Pack]:
    from tenderlint.distribution.sources import SourceError, read_archive_file

    try:
        found = read_archive_file(path)
    except SourceError as exc:
        _abort([str(exc)])
    return found.data, _load(str(path))


@pack.command("sign")
@click.argument("archive", type=click.Path(path_type=Path))
@click.option("--key", "key_path", required=True, type=click.Path(path_type=Path))
def sign(archive: Path, key_path: Path) -> None:
    """Sign ARCHIVE with a secret key; writes ARCHIVE.minisig beside it."""
    from tenderlint.distribution import minisign

    data, loaded = _read_archive(archive)
    try:
        text = key_path.read_text(encoding="utf-8")
        key = minisign.read_secret_key(text, lambda: _password(confirm=False))
    except OSError as exc:
        _abort([f"{key_path}: cannot read: {exc.strerror or exc}"])
    except (UnicodeDecodeError, minisign.MinisignError) as exc:
        _abort([f"{key_path}: {exc}"])
    comment = f"tenderlint pack {loaded.name} {loaded.version} sha256:{loaded.sha256}"
    out = archive.with_name(archive.name + ".minisig")
    out.write_text(minisign.sign(key, data, comment), encoding="utf-8")
    click.echo(f"signed {archive} with key {key.public.id}: {out}")


@pack.command("verify")
@click.argument("archive", type=click.Path(path_type=Path))
@click.option("--key", "key_path", type=click.Path(path_type=Path), help="A .pub file.")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
def verify(archive: Path, key_path: Path | None, config_path: Path | None) -> None:
    """Verify ARCHIVE's signature (ARCHIVE.minisig) offline: with --key, against that public key;
    without, against the config's [trust] keys (scope and expiry too). Exit 0 verified, 2
    refused."""
    from tenderlint.distribution import minisign
    from tenderlint.distribution.sources import SourceError, read_archive_file

    try:
        found = read_archive_file(archive)
    except SourceError as exc:
        _abort([f"{exc} (refused)"])
    sig_path = archive.with_name(archive.name + ".minisig")
    if key_path is None:
        _verify_with_config(archive, config_path)
        return
    try:
        public = minisign.parse_public_key(key_path.read_text(encoding="utf-8"))
        sig = minisign.parse_signature(sig_path.read_text(encoding="utf-8"))
        minisign.verify(public, found.data, sig)
    except FileNotFoundError as exc:
        _abort([f"{archive}: refused: no such file {exc.filename}"])
    except (OSError, UnicodeDecodeError, minisign.MinisignError) as exc:
        _abort([f"{archive}: refused: {exc}"])
    click.echo(f"verified {archive}: signed by key {sig.key} ({sig.trusted_comment})")


def _verify_with_config(archive: Path, config_path: Path | None) -> None:
    from dataclasses import replace

    from tenderlint.distribution.loading import LoadError, make_gate
    from tenderlint.lang.packs import PackError, load_pack
    from tenderlint.run import today

    config = _config(config_path)
    # Verification is asked for here, whatever the config requires of a run.
    config = replace(config, trust=replace(config.trust, require_signature=True, allow_unsigned=()))
    try:
        gate = make_gate(config, today(), use_lock=False)
        loaded = load_pack(str(archive), gate=gate)
    except (LoadError, PackError) as exc:
        _abort(exc.problems)
    key = loaded.origin.key if loaded.origin else None
    click.echo(f"verified {archive}: {loaded.name} {loaded.version} signed by key {key}")


@pack.command("lock")
@click.option("--config", "config_path", type=click.Path(path_type=Path), help="Config file.")
def lock(config_path: Path | None) -> None:
    """Write tenderlint.lock: the name, version, sha256, source and key of every pack the config
    uses (the packs they extend and import from included; the project's own folders are not)."""
    from tenderlint.distribution.loading import LoadError, lock_path, make_gate
    from tenderlint.distribution.lock import LOCK_FILE, Locked, LockError, lock_text, read_lock
    from tenderlint.distribution.sources import shown_path
    from tenderlint.lang.packs import DEFAULT_PACK, PackError, load_pack
    from tenderlint.run import today

    config = _config(config_path)
    base = config.root if config.path else None
    try:
        gate = make_gate(config, today(), use_lock=False)
        assert gate is not None
        for ref in config.packs or (DEFAULT_PACK,):
            load_pack(ref, base=base, params=config.params, gate=gate)
    except (LoadError, PackError) as exc:
        _abort(exc.problems)
    entries: dict[str, Locked] = {}
    for a in gate.admitted:
        if gate.project_pack(a.found):
            continue
        source = a.found.shown if a.found.via != "path" else _relative(a.found.location, base)
        entry = Locked(a.manifest.name, a.manifest.version, a.sha256, source, a.key)
        if entries.get(entry.name, entry) != entry:
            _abort([f"two versions of pack {entry.name} are in use; the lock can hold one"])
        entries[entry.name] = entry
    path = lock_path(config)
    old: dict[str, Locked] = {}
    if path.is_file():
        try:
            old = read_lock(path, shown_path(path)).packs
        except LockError:
            old = {}
    path.write_text(lock_text(entries.values()), encoding="utf-8")
    for name, e in sorted(entries.items()):
        was = old.get(name)
        change = "" if was == e else (f" (was {was.version})" if was else " (new)")
        signed = f", key {e.key}" if e.key else ", not signed"
        click.echo(f"locked {name} {e.version}{signed}: {e.source}{change}")
    click.echo(f"wrote {shown_path(path) if path.name == LOCK_FILE else path}")


def _relative(location: Path, base: Path | None) -> str:
    root = (base or Path.cwd()).resolve()
    try:
        return location.relative_to(root).as_posix()
    except ValueError:
        return location.as_posix()


@pack.command("diff")
@click.argument("old")
@click.argument("new")
def diff(old: str, new: str) -> None:
    """What changed from pack OLD to pack NEW (names, folders or archives): rules added, removed
    and changed, parameters, and the examples whose outcome differs between the two."""
    from tenderlint.distribution.diff import diff_packs, render_diff

    click.echo(render_diff(diff_packs(_load(old), _load(new))), nl=False)


def describe_pack(p: Pack) -> list[str]:
    """The lines ``rules list`` prints about a pack before its rules: source, key, extension."""
    origin = p.origin
    lines = [f"{p.name} {p.version}  {p.manifest.title}  ({len(p.rules)} rules)"]
    if origin is not None:
        signed = f", signed by key {origin.key}" if origin.key else ""
        lines.append(f"  from {origin.source}{signed}")
    if p.base is not None:
        lines.append(f"  extends {p.base.name} {p.base.version} ({p.manifest.extends})")
    for rid, by in sorted(p.replaced.items()):
        lines.append(f"  replaces {rid} of {by}")
    for rid, why in sorted(p.disabled.items()):
        lines.append(f"  disables {rid}: {why}")
    return lines
