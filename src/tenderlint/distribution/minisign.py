"""Ed25519 keys and signatures in the file formats of the ``minisign`` tool, so a pack signed here
verifies with ``minisign -V`` and a pack signed with ``minisign -S`` verifies here.

The formats, as minisign 0.11 writes them (all numbers little-endian; "base64" is standard
base64 with padding; ``+`` is concatenation):

* public key file: ``untrusted comment: <text>`` then base64 of
  ``"Ed" + key_id(8) + public_key(32)``.
* secret key file: ``untrusted comment: <text>`` then base64 of ``"Ed" + kdf(2) + "B2" +
  salt(32) + opslimit(8) + memlimit(8) + key_id(8) + secret(64) + checksum(32)``, where ``secret``
  is libsodium's (seed(32) + public_key(32)), ``checksum`` is BLAKE2b-256 of ``"Ed" + key_id +
  secret``, and ``kdf`` is ``"Sc"`` when the last 104 bytes are XORed with scrypt(password, salt)
  using libsodium's choice of N, r, p for the two limits, or two zero bytes when they are not
  encrypted (``minisign -W``).
* signature file: ``untrusted comment: <text>``, base64 of ``"ED" + key_id(8) + sig(64)``
  where ``sig`` signs BLAKE2b-512 of the file (``"Ed"``: the file itself, minisign's legacy
  form, also accepted), ``trusted comment: <text>``, and base64 of a signature over ``sig`` +
  the trusted comment's text (so the trusted comment cannot be changed either).
* a key id is shown as the 8 bytes read as a little-endian number in 16 upper-case hex digits.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

_KDF_SCRYPT = b"Sc"
_KDF_NONE = b"\0\0"
# The scrypt limits this tool writes (N=2^16, r=8, p=1: 64 MiB, a fraction of a second; minisign's
# own take 1 GiB) are stored in the key file, so minisign reads these keys too.
OPSLIMIT = 1 << 21
MEMLIMIT = 1 << 26
_MAX_MEMLIMIT = 1 << 30  # minisign's own limit; larger would let a key file exhaust memory


class MinisignError(Exception):
    """A key or signature that cannot be read or does not verify (one line)."""


def key_id_text(key_id: bytes) -> str:
    return f"{struct.unpack('<Q', key_id)[0]:016X}"


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes
    key: bytes

    @property
    def id(self) -> str:
        return key_id_text(self.key_id)

    @property
    def line(self) -> str:
        return base64.b64encode(b"Ed" + self.key_id + self.key).decode("ascii")

    def file_text(self) -> str:
        return f"untrusted comment: minisign public key {self.id}\n{self.line}\n"


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    seed: bytes

    @property
    def public(self) -> PublicKey:
        raw = Ed25519PrivateKey.from_private_bytes(self.seed).public_key().public_bytes_raw()
        return PublicKey(self.key_id, raw)

    def sign(self, message: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.seed).sign(message)


def generate() -> SecretKey:
    return SecretKey(os.urandom(8), os.urandom(32))


def _b64(line: str, what: str) -> bytes:
    try:
        return base64.b64decode(line.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MinisignError(f"{what}: not base64") from None


def _lines(text: str, what: str, count: int) -> list[str]:
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
    if len(lines) < count:
        raise MinisignError(f"{what}: expected {count} lines, found {len(lines)}")
    return lines


def parse_public_key(text: str) -> PublicKey:
    """A public key from a ``.pub`` file's text or from its base64 line alone."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    line = lines[-1] if lines else ""
    raw = _b64(line, "public key")
    if len(raw) != 42 or raw[:2] != b"Ed":
        raise MinisignError("public key: not a minisign Ed25519 public key")
    return PublicKey(raw[2:10], raw[10:42])


def _scrypt_params(opslimit: int, memlimit: int) -> tuple[int, int, int]:
    """N, r, p as libsodium's crypto_pwhash_scryptsalsa208sha256 picks them from the limits."""
    opslimit = max(opslimit, 32768)
    r = 8
    if opslimit < memlimit // 32:
        p = 1
        max_n = opslimit // (r * 4)
    else:
        max_n = memlimit // (r * 128)
    n_log2 = 1
    while n_log2 < 63 and (1 << n_log2) <= max_n // 2:
        n_log2 += 1
    if opslimit >= memlimit // 32:
        max_rp = min((opslimit // 4) // (1 << n_log2), 0x3FFFFFFF)
        p = max_rp // r
    return 1 << n_log2, r, max(p, 1)


def _stream(password: str, salt: bytes, opslimit: int, memlimit: int, length: int) -> bytes:
    if memlimit > _MAX_MEMLIMIT:
        raise MinisignError("secret key: its scrypt memory limit is too large")
    n, r, p = _scrypt_params(opslimit, memlimit)
    return hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=n,
        r=r,
        p=p,
        maxmem=min(2 * 128 * r * n, 2**31 - 1),
        dklen=length,
    )


def _checksum(key_id: bytes, secret: bytes) -> bytes:
    return hashlib.blake2b(b"Ed" + key_id + secret, digest_size=32).digest()


def secret_key_file(key: SecretKey, password: str | None) -> str:
    """The text of a secret key file, encrypted with ``password`` unless it is None."""
    secret = key.seed + key.public.key
    plain = key.key_id + secret + _checksum(key.key_id, secret)
    salt = os.urandom(32)
    if password is None:
        kdf, body = _KDF_NONE, plain
    else:
        stream = _stream(password, salt, OPSLIMIT, MEMLIMIT, len(plain))
        kdf, body = _KDF_SCRYPT, bytes(a ^ b for a, b in zip(plain, stream, strict=True))
    raw = b"Ed" + kdf + b"B2" + salt + struct.pack("<QQ", OPSLIMIT, MEMLIMIT) + body
    comment = "minisign encrypted secret key" if password is not None else "minisign secret key"
    return f"untrusted comment: {comment}\n{base64.b64encode(raw).decode('ascii')}\n"


def read_secret_key(text: str, password: Callable[[], str]) -> SecretKey:
    """A secret key from its file's text; ``password`` is asked only for an encrypted key."""
    raw = _b64(_lines(text, "secret key", 2)[1], "secret key")
    if len(raw) != 158 or raw[:2] != b"Ed" or raw[4:6] != b"B2":
        raise MinisignError("secret key: not a minisign Ed25519 secret key")
    kdf, salt = raw[2:4], raw[6:38]
    opslimit, memlimit = struct.unpack("<QQ", raw[38:54])
    body = raw[54:]
    if kdf == _KDF_SCRYPT:
        stream = _stream(password(), salt, opslimit, memlimit, len(body))
        body = bytes(a ^ b for a, b in zip(body, stream, strict=True))
    elif kdf != _KDF_NONE:
        raise MinisignError("secret key: unknown key derivation")
    key_id, secret, check = body[:8], body[8:72], body[72:104]
    if _checksum(key_id, secret) != check:
        raise MinisignError("secret key: wrong password or damaged key file")
    key = SecretKey(key_id, secret[:32])
    if key.public.key != secret[32:]:
        raise MinisignError("secret key: damaged key file (its public half does not match)")
    return key


@dataclass(frozen=True)
class Signature:
    algorithm: bytes  # b"ED" (prehashed) or b"Ed" (legacy)
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes

    @property
    def key(self) -> str:
        return key_id_text(self.key_id)


def sign(key: SecretKey, data: bytes, trusted_comment: str) -> str:
    """The text of a ``.minisig`` file for ``data`` (prehashed, as minisign signs by default)."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise MinisignError("a trusted comment is one line")
    sig = key.sign(hashlib.blake2b(data, digest_size=64).digest())
    global_sig = key.sign(sig + trusted_comment.encode("utf-8"))
    return (
        f"untrusted comment: signature from tenderlint secret key {key.public.id}\n"
        f"{base64.b64encode(b'ED' + key.key_id + sig).decode('ascii')}\n"
        f"trusted comment: {trusted_comment}\n"
        f"{base64.b64encode(global_sig).decode('ascii')}\n"
    )


def parse_signature(text: str) -> Signature:
    lines = _lines(text, "signature", 4)
    raw = _b64(lines[1], "signature")
    if len(raw) != 74 or raw[:2] not in (b"ED", b"Ed"):
        raise MinisignError("signature: not a minisign Ed25519 signature")
    prefix = "trusted comment: "
    if not lines[2].startswith(prefix):
        raise MinisignError("signature: no trusted comment line")
    global_sig = _b64(lines[3], "signature")
    if len(global_sig) != 64:
        raise MinisignError("signature: the trusted comment's signature is damaged")
    return Signature(raw[:2], raw[2:10], raw[10:74], lines[2][len(prefix) :], global_sig)


def verify(key: PublicKey, data: bytes, sig: Signature) -> None:
    """Raise MinisignError unless ``sig`` by ``key`` signs ``data`` and its trusted comment."""
    if sig.key_id != key.key_id:
        raise MinisignError(f"signed by key {sig.key}, not by key {key.id}")
    message = hashlib.blake2b(data, digest_size=64).digest() if sig.algorithm == b"ED" else data
    public = Ed25519PublicKey.from_public_bytes(key.key)
    try:
        public.verify(sig.signature, message)
    except InvalidSignature:
        raise MinisignError("the signature does not match the file (tampered)") from None
    try:
        public.verify(sig.global_signature, sig.signature + sig.trusted_comment.encode("utf-8"))
    except InvalidSignature:
        raise MinisignError("the trusted comment was altered") from None
