"""Entry points and versions read from the metadata folders on sys.path agree with
``importlib.metadata``, which tenderlint no longer imports on every run."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from tenderlint.distribution import installed


def _dist(site: Path, folder: str, name: str, version: str, entry_points: str) -> None:
    d = site / folder
    d.mkdir(parents=True)
    meta = "METADATA" if folder.endswith(".dist-info") else "PKG-INFO"
    (d / meta).write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\nBody\n")
    (d / "entry_points.txt").write_text(entry_points)


@pytest.fixture
def sites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    first, second = tmp_path / "first", tmp_path / "second"
    _dist(first, "base_pack_rules-1.4.0.dist-info", "base-pack-rules", "1.4.0",
          "# packs\n[tenderlint.packs]\nbase-pack = base_pack_rules\n\n"
          "[console_scripts]\nbp = base_pack_rules.cli:main [extra]\n")  # fmt: skip
    _dist(
        first,
        "Other.Pack-2.0.egg-info",
        "Other.Pack",
        "2.0",
        "; a comment\n[tenderlint.packs]\nother = other_pack.data:FOLDER\n",
    )
    # The same distribution later on the path is hidden by the first, as Python does.
    _dist(second, "base_pack_rules-9.9.dist-info", "base-pack-rules", "9.9",
          "[tenderlint.packs]\nbase-pack = shadowed\n")  # fmt: skip
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), str(second)])
    return [first, second]


def _theirs(sites: list[Path], group: str) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for dist in metadata.distributions(path=[str(s) for s in sites]):
        key = dist.metadata["Name"].lower().replace("_", "-").replace(".", "-")
        if key in seen:
            continue
        seen.add(key)
        found += [(ep.name, ep.value, dist.metadata["Name"]) for ep in dist.entry_points
                  if ep.group == group]  # fmt: skip
    return sorted(found)


def test_entry_points_agree_with_importlib_metadata(sites: list[Path]) -> None:
    for group in ("tenderlint.packs", "console_scripts"):
        ours = sorted((ep.name, ep.value, ep.dist) for ep in installed.entry_points(group))
        assert ours == _theirs(sites, group)
    got = installed.entry_points("tenderlint.packs", "base-pack")
    assert [(ep.value, ep.dist) for ep in got] == [("base_pack_rules", "base-pack-rules")]


def test_versions_and_a_distribution_not_installed(sites: list[Path]) -> None:
    assert installed.version("base-pack-rules") == "1.4.0"
    assert installed.version("Base_Pack.Rules") == "1.4.0"
    assert installed.version("other-pack") == "2.0"
    assert installed.version("no-such-thing") is None


def test_an_entry_point_loads_its_object() -> None:
    ep = installed.EntryPoint("x", "tenderlint.distribution.bundled:UK_RESPONSIBLE_TECH [x]",
                              "tenderlint.packs", "tenderlint")  # fmt: skip
    from tenderlint.distribution.bundled import UK_RESPONSIBLE_TECH

    assert ep.load() is UK_RESPONSIBLE_TECH
    assert installed.EntryPoint("m", "tenderlint.distribution", "g", "d").load().__name__ == (
        "tenderlint.distribution"
    )
