"""Where tenderlint's shipped files are: the grammar, the bundled rule packs and JSON Schemas.

In an installed wheel, ``grammar/`` and ``rules/`` are inside the package; in a source
checkout (and an editable install) they are at the repository root.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_dir(name: str) -> Path:
    """The directory ``name`` ("grammar" or "rules") of this installation."""
    packaged = Path(str(resources.files("tenderlint"))) / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def schema_path(name: str) -> Path:
    """A JSON Schema shipped in the package, e.g. ``pack``, ``config`` or ``report``."""
    return Path(str(resources.files("tenderlint"))) / "schemas" / f"{name}.schema.json"
