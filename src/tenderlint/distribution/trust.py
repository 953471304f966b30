"""Trust: which keys may sign which packs until when, whether a signature is required, and the
gate that verifies every pack found (signature, key, scope, expiry, lock) before it is parsed.

Verification is required by the config (``require-signature``), never by whether a signature
happens to be present: with it on, a pack without a valid signature by a trusted key is refused
unless the config names it in ``allow-unsigned``. A signature that is present is always checked,
and a bad one is always refused.
"""

from __future__ import annotations

import datetime as _dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tenderlint.distribution.lock import Lock, Locked
from tenderlint.distribution.versions import parse_version

if TYPE_CHECKING:
    from tenderlint.distribution import minisign
    from tenderlint.distribution.sources import Found
    from tenderlint.lang.nouns import Manifest


@dataclass(frozen=True)
class TrustedKey:
    """A public key from the config: the packs it may sign (names or globs) and its expiry."""

    key: minisign.PublicKey
    packs: tuple[str, ...]
    expires: _dt.date
    name: str | None = None

    @property
    def id(self) -> str:
        return self.key.id

    def may_sign(self, pack: str) -> bool:
        return any(fnmatch.fnmatchcase(pack, p) for p in self.packs)


@dataclass(frozen=True)
class Trust:
    """The config's ``[trust]`` section."""

    require_signature: bool = False
    allow_unsigned: tuple[str, ...] = ()
    keys: tuple[TrustedKey, ...] = ()
    where: str = "the config"  # the config file, for messages

    def key(self, key_id: str) -> TrustedKey | None:
        return next((k for k in self.keys if k.id == key_id), None)


def parse_trust(data: object, shown: str, prefix: str = "") -> tuple[Trust, list[str]]:
    """The ``[trust]`` table of a config (already checked against the schema) as a value, and
    the problems the schema cannot see: keys that do not decode, dates that do not exist."""
    from tenderlint.distribution import minisign

    if not isinstance(data, dict):
        return Trust(where=shown), []
    problems: list[str] = []
    keys: list[TrustedKey] = []
    for i, item in enumerate(data.get("keys") or []):
        where = f'{shown}: key "{prefix}trust.keys[{i}]'
        if not isinstance(item, dict):
            continue
        try:
            public = minisign.parse_public_key(str(item.get("public-key", "")))
        except minisign.MinisignError as exc:
            problems.append(f'{where}.public-key": {exc}')
            continue
        try:
            expires = _dt.date.fromisoformat(str(item.get("expires", "")))
        except ValueError:
            problems.append(f'{where}.expires": not a real date (allowed: YYYY-MM-DD)')
            continue
        packs = tuple(str(p) for p in item.get("packs") or ())
        keys.append(TrustedKey(public, packs, expires, item.get("name")))
    ids = [k.id for k in keys]
    problems += [
        f'{shown}: key "{prefix}trust.keys": key {k} is listed twice'
        for k in sorted({k for k in ids if ids.count(k) > 1})
    ]
    trust = Trust(
        require_signature=bool(data.get("require-signature", False)),
        allow_unsigned=tuple(data.get("allow-unsigned") or ()),
        keys=tuple(keys),
        where=shown,
    )
    return trust, problems


class Refused(Exception):
    """A pack the gate will not let through (one line: which and why)."""


@dataclass
class Admitted:
    """A pack the gate let through, as ``pack lock`` records it."""

    found: Found
    manifest: Manifest
    sha256: str
    key: str | None


@dataclass
class PackGate:
    """Verifies each pack found against the trust settings and the lock file."""

    trust: Trust
    lock: Lock | None
    today: _dt.date
    root: Path  # packs in folders below it are the project's own, not locked
    admitted: list[Admitted] = field(default_factory=list)

    def locked(self, name: str) -> str | None:
        entry = self.lock.packs.get(name) if self.lock else None
        return entry.version if entry else None

    def admit(self, found: Found, manifest: Manifest, sha256: str) -> str | None:
        """The key id that verified the pack; SourceError (one line) to refuse it."""
        from tenderlint.distribution.sources import SourceError

        try:
            key = self._verify(found, manifest)
            if self.lock is not None:
                self._check_lock(self.lock, found, manifest, sha256, key)
        except Refused as exc:
            raise SourceError(f"{found.shown}: refused: {exc}") from None
        self.admitted.append(Admitted(found, manifest, sha256, key))
        return key

    def _verify(self, found: Found, manifest: Manifest) -> str | None:
        sig_path = found.signature_path
        present = sig_path is not None and sig_path.is_file()
        if not present:
            if self.trust.require_signature and manifest.name not in self.trust.allow_unsigned:
                what = "an archive without a .minisig" if found.kind == "archive" else "a folder"
                raise Refused(
                    f"pack {manifest.name} is not signed ({what}) and {self.trust.where} sets "
                    '[trust] require-signature = true (sign it, or list it in "allow-unsigned")'
                )
            return None
        assert sig_path is not None
        return self._check_signature(found, manifest, sig_path)

    def _check_signature(self, found: Found, manifest: Manifest, sig_path: Path) -> str:
        from tenderlint.distribution import minisign

        try:
            sig = minisign.parse_signature(sig_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, minisign.MinisignError) as exc:
            raise Refused(f"{sig_path.name}: unreadable signature ({exc})") from None
        trusted = self.trust.key(sig.key)
        if trusted is None:
            raise Refused(
                f"signed by unknown key {sig.key} (not among the keys in [trust] of "
                f"{self.trust.where})"
            )
        try:
            minisign.verify(trusted.key, found.data, sig)
        except minisign.MinisignError as exc:
            raise Refused(f"signature by key {sig.key} does not verify: {exc}") from None
        if trusted.expires < self.today:
            raise Refused(f"key {sig.key} expired on {trusted.expires.isoformat()}")
        if not trusted.may_sign(manifest.name):
            raise Refused(
                f"key {sig.key} may not sign pack {manifest.name} "
                f"(it may sign: {', '.join(trusted.packs)})"
            )
        return sig.key

    def project_pack(self, found: Found) -> bool:
        """A folder pack inside the project, versioned with it, so not locked."""
        return (
            found.kind == "folder"
            and found.via == "path"
            and found.location.is_relative_to(self.root.resolve())
        )

    def _check_lock(
        self, lock: Lock, found: Found, manifest: Manifest, sha256: str, key: str | None
    ) -> None:
        entry = lock.packs.get(manifest.name)
        if entry is None:
            if self.project_pack(found):
                return
            raise Refused(
                f"pack {manifest.name} {manifest.version} is not in {lock.path} "
                "(run tenderlint pack lock)"
            )
        _compare(entry, manifest, sha256, key, lock.path)


def _compare(entry: Locked, manifest: Manifest, sha256: str, key: str | None, path: str) -> None:
    have, want = parse_version(manifest.version), parse_version(entry.version)
    if have is not None and want is not None and have < want:
        raise Refused(
            f"pack {manifest.name} {manifest.version} is older than the locked {entry.version} "
            "(a downgrade)"
        )
    if manifest.version != entry.version:
        raise Refused(
            f"pack {manifest.name} {manifest.version} does not match {path}, which locks "
            f"{entry.version} (run tenderlint pack lock to update on purpose)"
        )
    if sha256 != entry.sha256:
        raise Refused(
            f"pack {manifest.name} {manifest.version} does not match {path}: sha256 "
            f"{sha256[:12]}…, locked {entry.sha256[:12]}… (changed since it was locked)"
        )
    if entry.key is not None and key != entry.key:
        now = f"key {key}" if key else "no signature"
        raise Refused(f"pack {manifest.name} was locked as signed by key {entry.key}, now {now}")
