"""The package as users install it: the wheel carries the licence, its metadata names the
licence by SPDX expression, and the declared dependencies are the libraries tenderlint imports.
"""

from __future__ import annotations

import ast
import email
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from tests.conftest import REPO

# Import name -> distribution name, for the third-party libraries tenderlint may import.
DISTRIBUTIONS = {
    "ahocorasick": "pyahocorasick",
    "click": "click",
    "cryptography": "cryptography",
    "docx": "python-docx",
    "jsonschema": "jsonschema",
    "lark": "lark",
    "lxml": "lxml",
    "pdfplumber": "pdfplumber",
    "pypdfium2": "pypdfium2",
    "simplemma": "simplemma",
}


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for dep in project["dependencies"]:
        name = dep.split(";")[0]
        for sep in "<>=!~[ ":
            name = name.split(sep)[0]
        names.add(name.lower())
    return names


def _imported() -> set[str]:
    """Top-level modules imported anywhere in src/tenderlint, less the standard library."""
    found: set[str] = set()
    for path in (REPO / "src" / "tenderlint").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "tenderlint"}


def test_every_imported_library_is_declared() -> None:
    imported = _imported()
    unknown = imported - DISTRIBUTIONS.keys()
    assert not unknown, f"map these imports to their distributions: {sorted(unknown)}"
    declared = _declared()
    missing = sorted(DISTRIBUTIONS[m] for m in imported if DISTRIBUTIONS[m] not in declared)
    assert missing == [], f"imported but not declared in pyproject.toml: {missing}"
    assert "lxml" in declared
    # python-docx builds the test documents only: annotate edits OOXML with lxml so that the
    # parts it does not change stay byte for byte as they were.
    assert "docx" not in imported and "python-docx" not in declared


def test_wheel_has_the_licence_and_its_spdx_expression(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = tmp_path.glob("tenderlint-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        (licence,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
        assert zf.read(licence) == (REPO / "LICENSE").read_bytes()
        assert b"MIT License" in zf.read(licence)
        (meta_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = email.message_from_bytes(zf.read(meta_name))
    assert meta["License-Expression"] == "MIT"
    assert meta["License-File"] == "LICENSE"
    classifiers = meta.get_all("Classifier") or []
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert "Intended Audience :: Legal Industry" in classifiers
    requires = [r.split(";")[0] for r in meta.get_all("Requires-Dist") or [] if "extra" not in r]
    assert any(r.startswith("lxml") for r in requires)
    assert not any(r.startswith("python-docx") for r in requires)
    # the grammar and the bundled rules ship inside the package
    assert "tenderlint/grammar/tenderlint.lark" in names
    assert any(n.startswith("tenderlint/rules/uk-responsible-tech/") for n in names)
