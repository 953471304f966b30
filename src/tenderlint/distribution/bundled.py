"""The bundled pack's entry point: tenderlint declares its own pack under ``tenderlint.packs``
(pyproject.toml) so it is found the way any installed pack is."""

from __future__ import annotations

from tenderlint.data import shipped_dir

UK_RESPONSIBLE_TECH = str(shipped_dir("rules") / "uk-responsible-tech")
