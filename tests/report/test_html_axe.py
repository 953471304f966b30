"""The HTML report meets WCAG 2.2 AA as axe-core judges it in a real browser (headless Chromium).

axe-core (tests/report/axe, installed with ``npm ci`` there) is put into a copy of a report of
every outcome, and Chromium loads it and prints the DOM with axe's verdict; colour contrast is
measured on the rendered page. ``.ci/run`` installs both; without them the test is skipped and
says what is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import write, write_pack
from tests.report.test_report_formats import BARE, CONTRACT, GOOD, PACK, WAIVER

AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUNNER = """
axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]})
  .then(function (r) {
    var out = document.createElement("pre");
    out.id = "axe-result";
    out.textContent = JSON.stringify({
      violations: r.violations.map(function (v) {
        return {id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(function (n) { return n.target.join(" "); })};
      }),
      passes: r.passes.length
    });
    document.body.appendChild(out);
  });
"""


def _chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)


def _axe(page: Path, chromium: str, work: Path) -> dict[str, object]:
    html = page.read_text(encoding="utf-8")
    script = AXE.read_text(encoding="utf-8")
    checked = work / "axe.html"
    checked.write_text(
        html.replace(
            "</body>",
            f"<script>{script}</script><script>{RUNNER % json.dumps(TAGS)}</script></body>",
        ),
        encoding="utf-8",
    )
    run = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={work / 'profile'}",
            "--virtual-time-budget=30000",
            "--dump-dom",
            checked.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    m = re.search(r'<pre id="axe-result">(.*?)</pre>', run.stdout, re.S)
    assert m is not None, f"axe did not report:\n{run.stderr[-2000:]}"
    import html as html_lib

    result: dict[str, object] = json.loads(html_lib.unescape(m.group(1)))
    return result


def test_html_report_passes_axe_wcag_22_aa(cli: Callable[..., Result], tmp_path: Path) -> None:
    chromium = _chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (apt-get install chromium): axe check not run")
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (npm ci --prefix tests/report/axe): not run")
    write_pack(tmp_path, PACK, name="tl-pack")
    write(tmp_path / "contract.md", CONTRACT)
    write(tmp_path / "good.md", GOOD)
    write(tmp_path / "bare.md", BARE)
    write(tmp_path / "tenderlint.toml", WAIVER)
    (tmp_path / "empty.md").write_bytes(b"")
    r = cli(
        "check", "contract.md", "good.md", "bare.md", "empty.md", "--pack", "tl-pack",
        "--no-cache", "--format", "html", "-o", "report.html",
    )  # fmt: skip
    assert r.exit_code == 2  # every outcome, and an unreadable file
    result = _axe(tmp_path / "report.html", chromium, tmp_path)
    assert result["violations"] == []
    assert isinstance(result["passes"], int) and result["passes"] >= 15  # axe really ran
