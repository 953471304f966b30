"""Rule documentation generated from the rules themselves: ``rules show`` and the catalogue
(``rules docs``) in Markdown or HTML, so the published docs can never drift from the pack."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tenderlint.data import shipped_dir
from tenderlint.lang.describe import check_label, describe
from tenderlint.lang.nouns import Check, Pack, Rule
from tenderlint.model import DocType


def _applies(rule: Rule) -> str:
    if rule.applies_to == frozenset({DocType.TENDER, DocType.CONTRACT}):
        return "tenders and contracts"
    return " and ".join(sorted(t.value + "s" for t in rule.applies_to))


def _pack_dir(pack: Pack) -> Path:
    p = Path(pack.path)
    if (p / "pack.toml").is_file():
        return p
    return shipped_dir("rules") / pack.name


def rule_source_text(pack: Pack, rule: Rule) -> str | None:
    """The rule as written in its file, from ``rule ID`` to its closing brace."""
    start = re.compile(rf"^\s*rule\s+{re.escape(rule.id)}\b")
    for name in pack.manifest.files:
        try:
            lines = (_pack_dir(pack) / name).read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for i, line in enumerate(lines):
            if start.match(line):
                out = []
                for row in lines[i:]:
                    out.append(row)
                    if row.rstrip() == "}":
                        break
                return "\n".join(out)
    return None


def _only(c: Check) -> str:
    only = f" ({c.doc_type.value}s only)" if c.doc_type else ""
    if c.core_if is not None:  # the tier the publisher's switch gives it
        only += f" (core while {c.core_if} is on, else preferred)"
    return only


def _sections(pack: Pack, rule: Rule) -> list[tuple[str, list[str]]]:
    sets = pack.sets
    out: list[tuple[str, list[str]]] = []
    when = [f"Applies to {_applies(rule)}."]
    when += [f"Only when: {check_label(t, sets)}." for t in rule.triggers]
    when += [
        f"Mandatory for {check_label(t, sets)}; a recommendation elsewhere." for t in rule.mandatory
    ]
    out.append(("When it applies", when))
    if rule.playbook:
        return out + _playbook_sections(pack, rule)
    if rule.requirement is not None:
        req = rule.requirement
        text = f"A {req.unit} that mentions {describe(req.condition, sets)}"
        if req.sections:
            from tenderlint.lang.describe import describe_pattern

            text += " under a heading matching " + " or ".join(
                describe_pattern(p, sets) for p in req.sections
            )
        out.append(("What it looks for", [text + "."]))
    if rule.strong or rule.limits:
        items = [check_label(c, sets) + _only(c) for c in rule.strong]
        items += [f"{check_label(c, sets)}: {describe(c.condition, sets)}" for c in rule.limits]
        out.append(("Strong drafting contains", items))
    if rule.weak:
        out.append(
            (
                "Weakeners (make a matching clause weak)",
                [check_label(c, sets) + _only(c) for c in rule.weak],
            )
        )
    if rule.prohibitions:
        out.append(
            (
                "Conflicts (wording that is itself a finding)",
                [p.label or describe(p.condition, sets) for p in rule.prohibitions],
            )
        )
    return out


def _playbook_sections(pack: Pack, rule: Rule) -> list[tuple[str, list[str]]]:
    """A playbook rule in the brief's terms: core, preferred, weak wording, contrary wording."""
    from tenderlint.lang.describe import describe_pattern

    sets = pack.sets
    out: list[tuple[str, list[str]]] = []
    if rule.topic:
        topic = " or ".join(describe_pattern(p, sets) for p in rule.topic)
        out.append(("Opens on", [f"operative text about {topic}."]))
    out.append(("Core (decides satisfied)", [check_label(c, sets) + _only(c) for c in rule.core]))
    if rule.preferred:
        items = [check_label(c, sets) + _only(c) for c in rule.preferred]
        out.append(("Preferred (advice when absent)", items))
    weak = [check_label(c, sets) + _only(c) for c in rule.weak]
    if weak:
        out.append(("Weak wording (in the section that states the duty)", weak))
    conflicts = [check_label(c, sets) + _only(c) for c in rule.conflicts]
    conflicts += [f"{check_label(c, sets)}: {describe(c.condition, sets)}" for c in rule.limits]
    if conflicts:
        out.append(("Conflict (contrary wording or a measure over its limit)", conflicts))
    return out


def show_rule(pack: Pack, rule: Rule, source: str | None) -> str:
    """Everything about a rule, for the terminal."""
    lines = [
        f"{rule.id}  {rule.title}",
        f"pack: {pack.name} {pack.version}   severity: {rule.severity.label}"
        + "".join(f", {o.value} {s.label}" for o, s in rule.outcome_severity.items())
        + f"   theme: {rule.theme or '-'}",
        f"defined at: {rule.source}",
        "",
    ]
    if rule.rationale:
        lines += ["Why it matters:", *("  " + x for x in rule.rationale.splitlines()), ""]
    for title, items in _sections(pack, rule):
        lines.append(f"{title}:")
        lines += [f"  - {i}" for i in items]
        lines.append("")
    if rule.suggestion:
        lines += ["Model clause:", *("  " + x for x in rule.suggestion.splitlines()), ""]
    if rule.citations:
        lines.append("Citations:")
        for c in rule.citations:
            sec = f", {c.section}" if c.section else ""
            url = f" <{c.url}>" if c.url else ""
            lines.append(f"  - {c.title}{sec}{url}")
        lines.append("")
    for ex in rule.examples:
        lines.append(f"Example ({ex.outcome.value}):")
        lines += ["  " + x for x in ex.text.splitlines()]
        lines.append("")
    if source:
        lines += ["Rule text:", source, ""]
    return "\n".join(lines)


def _md_rule(pack: Pack, rule: Rule) -> list[str]:
    sev = rule.severity.label + "".join(
        f", {o.value}: {s.label}" for o, s in rule.outcome_severity.items()
    )
    out = [
        f"## {rule.id}: {rule.title}",
        "",
        f"*Severity:* {sev} · *Applies to:* {_applies(rule)}"
        + (f" · *Theme:* {rule.theme}" if rule.theme else ""),
        "",
    ]
    if rule.rationale:
        out += ["**Why it matters.** " + " ".join(rule.rationale.split()), ""]
    for title, items in _sections(pack, rule):
        out += [f"**{title}**", ""] + [f"- {i}" for i in items] + [""]
    if rule.suggestion:
        out += (
            ["**Model clause**", ""]
            + [f"> {x}" if x else ">" for x in rule.suggestion.splitlines()]
            + [""]
        )
    if rule.citations:
        out += ["**Sources**", ""]
        for c in rule.citations:
            sec = f", {c.section}" if c.section else ""
            out.append(f"- [{c.title}]({c.url}){sec}" if c.url else f"- {c.title}{sec}")
        out.append("")
    if rule.examples:
        out += ["**Examples**", ""]
        for ex in rule.examples:
            kind = f" ({ex.doc_type.value})" if ex.doc_type else ""
            out += [f"*{ex.outcome.value}*{kind}:", "", "```text", ex.text, "```", ""]
    return out


def render_catalogue(pack: Pack, fmt: str) -> str:
    """The whole pack as a catalogue, in ``markdown`` or ``html``."""
    m = pack.manifest
    md = [
        f"# {m.title}",
        "",
        f"Pack `{m.name}` version {m.version}, published by {m.publisher} under {m.licence}. "
        f"Jurisdiction: {m.jurisdiction}. {len(pack.rules)} rules.",
        "",
        " ".join(m.description.split()),
        "",
        "Generated from the rule files by `tenderlint rules docs`; do not edit it by hand.",
        "",
        "| Rule | Severity | Applies to | Requirement |",
        "|---|---|---|---|",
    ]
    for r in pack.rules:
        md.append(f"| [{r.id}](#{r.id.lower()}) | {r.severity.label} | {_applies(r)} | {r.title} |")
    md.append("")
    for r in pack.rules:
        md += _md_rule(pack, r)
    text = "\n".join(md).rstrip() + "\n"
    if fmt == "markdown":
        return text
    return _markdown_to_html(text, m.title)


def _inline(text: str) -> str:
    t = html.escape(text, quote=False)
    t = re.sub(r"`([^`]+)`", r"<code>\1</code>", t)
    t = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", t)
    t = re.sub(r"\*([^*]+)\*", r"<em>\1</em>", t)
    t = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r'<a href="\2">\1</a>', t)
    return t


def _markdown_to_html(text: str, title: str) -> str:
    """The small Markdown subset the catalogue uses, as a self-contained accessible page."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:auto;padding:1rem;"
        "line-height:1.5;color:#1b1b1b}pre{background:#f3f3f3;padding:.75rem;white-space:pre-wrap}"
        "blockquote{border-left:4px solid #505a5f;margin:0;padding-left:1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #b1b4b6;padding:.25rem .5rem}"
        "a{color:#1d70b8}</style></head><body><main>",
    ]
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            j = i + 1
            block = []
            while j < len(lines) and not lines[j].startswith("```"):
                block.append(html.escape(lines[j], quote=False))
                j += 1
            out.append("<pre>" + "\n".join(block) + "</pre>")
            i = j + 1
            continue
        if line.startswith("## "):
            rid = line[3:].split(":")[0].lower()
            out.append(f'<h2 id="{html.escape(rid)}">{_inline(line[3:])}</h2>')
        elif line.startswith("# "):
            out.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            cells = [r.strip("|").split(" | ") for r in rows if not r.startswith("|---")]
            head = "".join(f'<th scope="col">{_inline(c.strip())}</th>' for c in cells[0])
            body = "".join(
                "<tr>" + "".join(f"<td>{_inline(c.strip())}</td>" for c in row) + "</tr>"
                for row in cells[1:]
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            continue
        elif line.startswith("- "):
            items = []
            while i < len(lines) and lines[i].startswith("- "):
                items.append(f"<li>{_inline(lines[i][2:])}</li>")
                i += 1
            out.append("<ul>" + "".join(items) + "</ul>")
            continue
        elif line.startswith(">"):
            quoted = []
            while i < len(lines) and lines[i].startswith(">"):
                quoted.append(_inline(lines[i][1:].strip()))
                i += 1
            out.append("<blockquote><p>" + " ".join(quoted) + "</p></blockquote>")
            continue
        elif line.strip():
            out.append(f"<p>{_inline(line)}</p>")
        i += 1
    out.append("</main></body></html>")
    return "\n".join(out) + "\n"
