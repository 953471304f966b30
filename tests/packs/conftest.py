"""Small packs, keys, archives and configs for the pack distribution tests (all made offline)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tenderlint.distribution import minisign

BASE_RULES = """
param TRANSFER_LIMIT = {limit}

rule BASE-001 "Requests are transferred quickly" {{
  severity error
  applies to contract
  require paragraph mentions "transfer"
  strong when duration <= TRANSFER_LIMIT as "transfer deadline"
  example satisfied "The Supplier shall transfer each request within 2 working days."
  example weak "The Supplier shall transfer each request within 5 working days."
  example missing "Nothing relevant here."
}}

rule BASE-002 "Data is returned at exit" {{
  severity {severity}
  applies to contract
  require paragraph mentions "return"
  example satisfied "The Supplier shall return all data."
  example missing "Nothing relevant here."
}}
"""

LOCAL_RULE = """
rule LOCAL-001 "Local accessibility statement" {
  severity warning
  applies to contract
  require paragraph mentions "accessibility statement"
  example satisfied "The Supplier shall publish an accessibility statement."
  example missing "Nothing relevant here."
}
"""

CONTRACT = """\
# Call-off Contract

1. The Supplier shall transfer each request within 4 working days.

2. The Supplier shall publish an accessibility statement.
"""


def manifest(name: str, version: str, rules: list[str], extra: str = "") -> str:
    listed = ", ".join(f'"{r}"' for r in rules)
    return (
        f'name = "{name}"\nversion = "{version}"\ntitle = "Pack {name}"\npublisher = "Tests"\n'
        f'licence = "MIT"\ndescription = "A pack for tests."\njurisdiction = "UK"\n'
        f'tenderlint = ">=0.1"\nrules = [{listed}]\n{textwrap.dedent(extra)}'
    )


def base_pack(
    root: Path,
    version: str = "1.0.0",
    *,
    limit: str = "2 working days",
    severity: str = "warning",
    name: str = "base-pack",
    folder: str | None = None,
) -> Path:
    """The publisher's pack: BASE-001 (a deadline set by TRANSFER_LIMIT) and BASE-002."""
    d = root / (folder or f"{name}-{version}")
    d.mkdir(parents=True, exist_ok=True)
    (d / "pack.toml").write_text(manifest(name, version, ["rules.tl"]), encoding="utf-8")
    text = BASE_RULES.format(limit=limit, severity=severity)
    (d / "rules.tl").write_text(text, encoding="utf-8")
    return d


def local_pack(root: Path, extends: str, extra: str = "", rules: str = LOCAL_RULE) -> Path:
    """An adopter's pack that extends ``extends`` and adds LOCAL-001."""
    d = root / "council-pack"
    d.mkdir(parents=True, exist_ok=True)
    text = manifest("council-pack", "1.0.0", ["local.tl"], f'extends = "{extends}"\n{extra}')
    (d / "pack.toml").write_text(text, encoding="utf-8")
    (d / "local.tl").write_text(rules, encoding="utf-8")
    return d


def keypair(root: Path, name: str) -> minisign.SecretKey:
    """A key pair written as NAME.key (unencrypted) and NAME.pub."""
    key = minisign.generate()
    (root / f"{name}.key").write_text(minisign.secret_key_file(key, None), encoding="utf-8")
    (root / f"{name}.pub").write_text(key.public.file_text(), encoding="utf-8")
    return key


def trust_config(
    root: Path,
    packs: list[str],
    keys: list[tuple[minisign.SecretKey, list[str], str]],
    *,
    require: bool = True,
    allow_unsigned: tuple[str, ...] = (),
) -> Path:
    """tenderlint.toml with ``packs`` and a [trust] section trusting each (key, scope, expiry)."""
    lines = [f"packs = [{', '.join(repr(p).replace(chr(39), chr(34)) for p in packs)}]", ""]
    lines += ["[trust]", f"require-signature = {'true' if require else 'false'}"]
    if allow_unsigned:
        lines.append(
            f"allow-unsigned = [{', '.join(f'{chr(34)}{a}{chr(34)}' for a in allow_unsigned)}]"
        )
    for key, scope, expires in keys:
        listed = ", ".join(f'"{s}"' for s in scope)
        lines += [
            "",
            "[[trust.keys]]",
            f'public-key = "{key.public.line}"',
            f"packs = [{listed}]",
            f"expires = {expires}",
        ]
    path = root / "tenderlint.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def contract(root: Path) -> Path:
    path = root / "docs" / "contract.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CONTRACT, encoding="utf-8")
    return path
