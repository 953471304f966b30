"""The rule catalogue is generated from the rules: the committed docs/rules.md must match, and
`rules docs` renders Markdown and accessible HTML."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

from click.testing import Result

from tenderlint.docs import render_catalogue
from tests.conftest import REPO, bundled_pack


def test_committed_catalogue_is_current() -> None:
    expected = render_catalogue(bundled_pack(), "markdown")
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, (
        "docs/rules.md is stale: run `tenderlint rules docs uk-responsible-tech -o docs/rules.md`"
    )


def test_catalogue_markdown_covers_every_rule(cli: Callable[..., Result]) -> None:
    r = cli("rules", "docs")
    assert r.exit_code == 0
    pack = bundled_pack()
    for rule in pack.rules:
        assert f"## {rule.id}: {rule.title}" in r.output
        if rule.suggestion:
            assert rule.suggestion.splitlines()[0] in r.output
        for c in rule.citations:
            assert c.title in r.output
        for ex in rule.examples:
            assert ex.text.splitlines()[0] in r.output
    for part in (
        "**Opens on**",
        "**Core (decides satisfied)**",
        "**Preferred (advice when absent)**",
        "**When it applies**",
        "**Model clause**",
        "**Examples**",
    ):
        assert part in r.output


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.lang: str | None = None
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self._in_h2 = tag == "h2"

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2.append(data)
            self._in_h2 = False


def test_catalogue_html(cli: Callable[..., Result], tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = cli("rules", "docs", "uk-responsible-tech", "--format", "html", "-o", "rules.html")
    assert r.exit_code == 0 and r.output == ""
    page = (tmp_path / "rules.html").read_text(encoding="utf-8")
    parser = _Outline()
    parser.feed(page)
    assert parser.lang == "en-GB"
    assert "main" in parser.tags and "h1" in parser.tags and "table" in parser.tags
    ids = [r.id for r in bundled_pack().rules]
    assert [h.split(":")[0] for h in parser.h2] == ids
    assert "<script" not in page and "http-equiv" not in page
