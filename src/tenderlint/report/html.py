"""The HTML report: one self-contained page a lawyer or procurement officer can read and print.

A summary across documents, then per document the findings (weak, missing, conflict and
waived) grouped by theme, each with its outcome, reasons, quoted evidence with page and clause,
what triggered the rule, suggested wording and sources; then one table of the requirements met
(with their position and the good practice that would improve them) and not applicable (with
why). No scripts and no external assets: the CSS is inline and the page reads the same from a
file, an email attachment or on paper. In print (A4 or Letter) cards may break across pages
rather than leave pages part-empty, and the model wording keeps its numbered paragraphs apart.

Accessibility (WCAG 2.2 AA): ``lang``, a skip link, ``header``/``nav``/``main`` landmarks,
headings h1 > h2 (summary, documents) > h3 (themes) > h4 (requirements), table headers with
``scope``, text contrast of at least 4.5:1 (``PALETTE``, checked by the tests), and an outcome is
always a text label and a symbol, never colour alone. Nothing is shown only on hover. Every
piece of document and rule text is escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tenderlint.model import Evidence, Outcome, Result
from tenderlint.report import DocumentReport, Report, SetReport, sort_results, trigger_reason

if TYPE_CHECKING:
    from tenderlint.lang.nouns import Citation

# Colours: (text, background). Every pair has a contrast ratio of at least 4.5:1.
TEXT = "#0b0c0c"
BACKGROUND = "#ffffff"
MUTED = "#484f53"
LINK = "#1d4f91"
FOCUS = ("#0b0c0c", "#ffdd00")
QUOTE_BG = "#f3f2f1"
PALETTE: dict[Outcome, tuple[str, str]] = {
    Outcome.MISSING: ("#8a1c0d", "#fbe6e2"),
    Outcome.CONFLICT: ("#6b1659", "#f6e5f2"),
    Outcome.WEAK: ("#5a3a00", "#fff1c7"),
    Outcome.SATISFIED: ("#00512a", "#e1f2e8"),
    Outcome.NOT_APPLICABLE: ("#3b4246", "#eceeef"),
    Outcome.WAIVED: ("#0b3f6b", "#e2eef8"),
}
LABELS: dict[Outcome, str] = {
    Outcome.MISSING: "Missing",
    Outcome.CONFLICT: "Conflict",
    Outcome.WEAK: "Weak",
    Outcome.SATISFIED: "Satisfied",
    Outcome.NOT_APPLICABLE: "Not applicable",
    Outcome.WAIVED: "Waived",
}
SYMBOLS: dict[Outcome, str] = {
    Outcome.MISSING: "✗",
    Outcome.CONFLICT: "≠",
    Outcome.WEAK: "!",
    Outcome.SATISFIED: "✓",
    Outcome.NOT_APPLICABLE: "–",
    Outcome.WAIVED: "○",
}
_ORDER = (
    Outcome.MISSING,
    Outcome.CONFLICT,
    Outcome.WEAK,
    Outcome.SATISFIED,
    Outcome.NOT_APPLICABLE,
    Outcome.WAIVED,
)
OTHER_THEME = "Other requirements"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _css() -> str:
    badges = "\n".join(
        f".o-{o.value}{{color:{fg};background:{bg};border-color:{fg}}}"
        for o, (fg, bg) in PALETTE.items()
    )
    rails = "\n".join(
        f".req.o-{o.value}{{border-left-color:{fg}}}" for o, (fg, _) in PALETTE.items()
    )
    return f"""
:root{{color-scheme:light}}
*{{box-sizing:border-box}}
body{{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Arial,sans-serif;font-size:1rem;
line-height:1.5;color:{TEXT};background:{BACKGROUND}}}
.wrap{{max-width:62rem;margin:0 auto;padding:0 1rem}}
header{{border-bottom:4px solid {TEXT};padding:1rem 0 .5rem}}
header p{{margin:.25rem 0;color:{MUTED}}}
h1{{font-size:2rem;line-height:1.2;margin:.5rem 0}}
h2{{font-size:1.5rem;margin:2rem 0 .75rem;padding-top:.5rem;border-top:1px solid #b1b4b6}}
h3{{font-size:1.25rem;margin:1.5rem 0 .5rem}}
h4{{font-size:1.05rem;margin:0 0 .25rem}}
a{{color:{LINK};text-decoration:underline;text-underline-offset:.15em}}
a:focus,.scroll:focus{{outline:3px solid {FOCUS[1]};outline-offset:0;background:{FOCUS[1]};
color:{FOCUS[0]};box-shadow:0 4px {FOCUS[0]}}}
.skip-link{{position:absolute;left:-10000px;top:auto}}
.skip-link:focus{{position:static;display:inline-block;margin:.5rem 1rem;padding:.25rem .5rem}}
nav ul{{margin:.25rem 0;padding-left:1.25rem}}
.verdict{{font-size:1.15rem;font-weight:700}}
.badge{{display:inline-block;padding:0 .4rem;border:1px solid;border-radius:.25rem;
font-weight:700;white-space:nowrap}}
{badges}
.scroll{{overflow-x:auto}}
table{{border-collapse:collapse;margin:.5rem 0 1rem;min-width:100%}}
caption{{text-align:left;font-weight:700;padding:.25rem 0}}
th,td{{border:1px solid #6f777b;padding:.3rem .5rem;text-align:left;vertical-align:top}}
td.n{{text-align:right;font-variant-numeric:tabular-nums}}
thead th{{background:{QUOTE_BG}}}
dl.facts{{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}}
dl.facts dt{{font-weight:700}}
dl.facts dd{{margin:0;overflow-wrap:anywhere}}
ol.checklist{{list-style:none;margin:0;padding:0}}
.req{{border:1px solid #b1b4b6;border-left:.5rem solid;padding:.75rem 1rem;margin:0 0 1rem}}
{rails}
.rule-id{{font-family:ui-monospace,Consolas,monospace}}
.meta{{color:{MUTED};margin:.25rem 0}}
.req dl{{margin:.5rem 0 0}}
.req dt{{font-weight:700;margin-top:.5rem}}
.req dd{{margin:0 0 0 1rem}}
.req dd ul{{margin:.1rem 0;padding-left:1.1rem}}
blockquote{{margin:.25rem 0;padding:.5rem .75rem;background:{QUOTE_BG};
border-left:4px solid #505a5f;overflow-wrap:anywhere}}
blockquote p{{margin:0 0 .5rem}}
blockquote p:last-child{{margin:0}}
figure{{margin:.25rem 0 .5rem}}
figcaption{{color:{MUTED};font-size:.95rem}}
.warning{{font-weight:700}}
footer{{margin:2rem 0;padding-top:.5rem;border-top:1px solid #b1b4b6;color:{MUTED}}}
blockquote p.sub{{margin-left:1.5rem}}
table.met th[scope=row]{{font-weight:400}}
table.met ul{{margin:.1rem 0;padding-left:1.1rem}}
table.met p{{margin:0}}
{_print_css()}
""".strip()


def _print_css() -> str:
    """The print layout: compact, no page size (A4 and Letter alike), no part-empty pages."""
    return """@media print{
  /* No page size: the same margins suit A4 and Letter. Cards may break across pages; only
     headings, quotations and table rows are kept whole, so no page is left part-empty. */
  @page{margin:12mm 14mm}
  body{font-size:9.5pt;line-height:1.35;color:#000}
  .wrap{max-width:none;padding:0}
  .skip-link,nav{display:none}
  header{padding:0 0 .25rem}
  h1{font-size:16pt;margin:0}
  h2{font-size:13pt;margin:1rem 0 .4rem}
  h3{font-size:11pt;margin:.75rem 0 .3rem}
  h4{font-size:10pt}
  a{color:#000}
  a[href^="http"]::after{content:" <" attr(href) ">";font-size:7.5pt;overflow-wrap:anywhere}
  h2,h3,h4{break-after:avoid-page}
  .req{padding:.4rem .6rem;margin:0 0 .5rem;break-inside:auto}
  .req dt{margin-top:.25rem}
  blockquote{padding:.25rem .5rem}
  blockquote p,figure,tr{break-inside:avoid-page}
  th,td{padding:.15rem .35rem}
  .badge,.req,blockquote{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  .scroll{overflow:visible}
}
""".strip()


def _symbol(symbol: str) -> str:
    """A symbol shown next to its text label, hidden from screen readers (the label says it)."""
    return f'<span aria-hidden="true">{symbol}</span>'


def _badge(outcome: Outcome) -> str:
    return (
        f'<span class="badge o-{outcome.value}">{_symbol(SYMBOLS[outcome])} '
        f"{_e(LABELS[outcome])}</span>"
    )


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


# A line that starts a numbered paragraph of model wording: "1.", "14.2", "X.1", "(a)", "(iv)".
_ITEM = re.compile(r"^(?:[A-Z]?\d*(?:\.\d+)+\.?|\d{1,3}\.|[A-Z]\.\d+|Contract:|Tender:)\s")
_SUB_ITEM = re.compile(r"^\((?:[a-z]{1,2}|[ivxl]{1,6})\)\s")


def _wording(text: str) -> str:
    """Model wording as paragraphs: a blank line or a numbered line starts a new one, and a
    lettered sub-item is indented, so "1. ... 2. ... (a) ..." never runs together."""
    paras: list[tuple[str, bool]] = []
    for line in text.strip().splitlines():
        s = line.strip()
        if not s:
            paras.append(("", False))
            continue
        starts = _ITEM.match(s) or _SUB_ITEM.match(s)
        if starts or not paras or not paras[-1][0]:
            paras.append((s, bool(_SUB_ITEM.match(s))))
        else:
            paras[-1] = (f"{paras[-1][0]} {s}", paras[-1][1])
    return "".join(
        f'<p class="sub">{_e(t)}</p>' if sub else f"<p>{_e(t)}</p>" for t, sub in paras if t
    )


def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"^https?://", url, re.I) else None


def _citation(c: Citation) -> str:
    label = _e(c.title)
    url = _safe_url(c.url)
    text = f'<a href="{_e(url)}">{label}</a>' if url else label
    if c.section:
        text += f", {_e(c.section)}"
    return f"<li>{text}</li>"


def _evidence(e: Evidence) -> str:
    quote = "".join(f"<p>{_e(line)}</p>" for line in e.quote.splitlines() if line.strip())
    loc = e.location
    if loc is None:
        where = "Whole document"
    else:
        where = loc.short()
        if loc.heading:
            where += f" · under “{loc.heading}”"
    return (
        f"<figure><blockquote>{quote or _e(e.quote)}</blockquote>"
        f"<figcaption>{_e(where)}</figcaption></figure>"
    )


def _requirement(report: Report, anchor: str, r: Result) -> str:
    rule = report.rules.get(r.rule)
    where = r.location.short() if r.location else "whole document"
    shown = r.outcome.is_failure or r.outcome is Outcome.WAIVED
    severity = f"Severity: {_e(r.severity.label)} · " if shown else ""
    parts = [
        f'<li class="req o-{r.outcome.value}" id="{anchor}">',
        f'<h4>{_badge(r.outcome)} <span class="rule-id">{_e(r.rule)}</span> {_e(r.title)}</h4>',
        f'<p class="meta">{severity}Location: {_e(where)}</p>',
        f"<p>{_e(r.message)}</p>",
        "<dl>",
    ]
    if r.waiver is not None:
        w = r.waiver
        text = _e(w.reason)
        if w.approved_by:
            text += f"; approved by {_e(w.approved_by)}"
        if w.expires:
            text += f"; expires {_e(w.expires)}"
        if w.clause:
            text += f"; clause {_e(w.clause)}"
        if r.waived_outcome is not None:
            text += f"; outcome before the waiver: {_e(LABELS[r.waived_outcome].lower())}"
        parts.append(f"<dt>Waiver</dt><dd>{text}</dd>")
    if r.reasons:
        items = "".join(f"<li>{_e(reason)}</li>" for reason in r.reasons)
        parts.append(f"<dt>Reasons</dt><dd><ul>{items}</ul></dd>")
    if r.evidence:
        quotes = "".join(_evidence(e) for e in r.evidence)
        parts.append(f"<dt>Evidence</dt><dd>{quotes}</dd>")
    if r.trigger is not None:
        parts.append(f"<dt>{_trigger(r)}</dt><dd>{_e(trigger_reason(r))}")
        parts.append("".join(_evidence(e) for e in r.trigger.evidence) + "</dd>")
    if r.advice:
        items = "".join(f"<li>{_e(a)}</li>" for a in r.advice)
        parts.append(f"<dt>Good practice would add</dt><dd><ul>{items}</ul></dd>")
    if r.suggestion:
        quote = f'<blockquote class="suggestion">{_wording(r.suggestion)}</blockquote>'
        parts.append(f"<dt>Suggested wording</dt><dd>{quote}</dd>")
    if rule is not None and rule.citations:
        items = "".join(_citation(c) for c in rule.citations)
        parts.append(f"<dt>Sources</dt><dd><ul>{items}</ul></dd>")
    parts += ["</dl>", "</li>"]
    return "\n".join(parts)


def _themes(report: Report, results: Iterable[Result]) -> list[tuple[str, list[Result]]]:
    """Results grouped by theme: themes in the order of the run's rules, then themes of rules
    without metadata alphabetically, then results without a theme."""
    order: dict[str, int] = {}
    for rule in report.rules.values():
        if rule.theme and rule.theme not in order:
            order[rule.theme] = len(order)
    groups: dict[str, list[Result]] = {}
    for r in results:
        groups.setdefault(r.theme or OTHER_THEME, []).append(r)

    def key(theme: str) -> tuple[int, int, str]:
        if theme == OTHER_THEME:
            return (2, 0, theme)
        return (0, order[theme], theme) if theme in order else (1, 0, theme)

    return [(t, sort_results(groups[t])) for t in sorted(groups, key=key)]


def _name(d: DocumentReport | SetReport) -> str:
    return d.path if isinstance(d, DocumentReport) else f"set {d.name}"


def _counts(d: DocumentReport | SetReport) -> dict[Outcome, int]:
    out = dict.fromkeys(_ORDER, 0)
    for r in d.results:
        out[r.outcome] += 1
    return out


def _document(report: Report, index: int, d: DocumentReport | SetReport) -> str:
    """A document's section, or a set's: its facts (a set's members), then the findings."""
    doc_id = f"doc-{index}"
    c = _counts(d)
    failing = len(d.failures(report.fail_on))
    what = f"Document: {_e(d.path)}" if isinstance(d, DocumentReport) else f"Set: {_e(d.name)}"
    out = [
        f'<section id="{doc_id}" aria-labelledby="{doc_id}-h">',
        f'<h2 id="{doc_id}-h">{what}</h2>',
    ]
    verdict = (
        f"{failing} finding{'s' if failing != 1 else ''} at or above the fail-on severity"
        if report.fail_on is not None
        else "no severity fails this run (fail on: never)"
    )
    tally = ", ".join(f"{c[o]} {LABELS[o].lower()}" for o in _ORDER)
    n = len(d.results)
    out.append(
        f"<p>{n} requirement{'s' if n != 1 else ''} checked: {_e(tally)}. {_e(verdict)}.</p>"
    )
    facts = [("Type", d.doc_type.value + (f" ({d.doc_type_reason})" if d.doc_type_reason else ""))]
    if isinstance(d, SetReport):
        for m in d.members:
            main = ", main document" if m.path == d.main else ""
            facts.append(("Document", f"{m.path} ({m.doc_type.value}, {m.format}{main})"))
    else:
        if d.title:
            facts.append(("Title", d.title))
        facts.append(("Format", d.format))
        if d.pages is not None:
            facts.append(("Pages", str(d.pages)))
    if d.redaction is not None:
        rd = d.redaction
        facts.append(
            (
                "Redaction",
                f"{rd.share:.1%} of the text, {rd.markers} redactions, {rd.labelled} labelled"
                + (f", {rd.leaked} with text still under the box" if rd.leaked else ""),
            )
        )
    facts.append(("SHA-256", d.sha256))
    out.append('<dl class="facts">')
    out += [f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts]
    out.append("</dl>")
    if d.warnings:
        out.append('<ul class="warnings">')
        out += [f'<li><span class="warning">Warning:</span> {_e(w)}</li>' for w in d.warnings]
        out.append("</ul>")
    if not d.results:
        out.append("<p>No rules applied to this document.</p>")
    findings = [r for r in d.results if r.outcome.is_failure or r.outcome is Outcome.WAIVED]
    anchors: set[str] = set()
    for theme, results in _themes(report, findings):
        out.append(f"<h3>{_e(theme)}</h3>")
        out.append('<ol class="checklist" role="list">')
        for r in results:
            out.append(_requirement(report, _anchor(doc_id, r, anchors), r))
        out.append("</ol>")
    passed = [r for r in d.results if r not in findings]
    if passed:
        out.append(_passed_table(report, doc_id, passed, anchors))
    out.append("</section>")
    return "\n".join(out)


def _anchor(doc_id: str, r: Result, anchors: set[str]) -> str:
    anchor = f"{doc_id}-{re.sub(r'[^A-Za-z0-9-]', '-', r.rule)}"
    while anchor in anchors:  # a rule with two results (e.g. expired waivers)
        anchor += "-2"
    anchors.add(anchor)
    return anchor


def _trigger(r: Result) -> str:
    return "Applies because" if r.trigger is not None and r.trigger.met else "Trigger not met"


def _passed_notes(r: Result) -> str:
    """What a lawyer needs of a met or inapplicable requirement: the good practice it lacks,
    or why it does not apply, with the text that shows it."""
    parts: list[str] = []
    if r.advice:
        items = "".join(f"<li>{_e(a)}</li>" for a in r.advice)
        parts.append(f"Good practice would add:<ul>{items}</ul>")
    if r.outcome is Outcome.NOT_APPLICABLE:
        if r.trigger is not None:
            parts.append(f"<p>{_e(_trigger(r))}: {_e(trigger_reason(r))}</p>")
        parts += [f"<p>{_e(reason)}</p>" for reason in r.reasons]
    elif r.trigger is not None and r.trigger.met:
        parts.append(f"<p>Applies because {_e(trigger_reason(r))}</p>")
    return "".join(parts) or "—"


def _passed_table(report: Report, doc_id: str, results: list[Result], anchors: set[str]) -> str:
    """One table of the requirements met and not applicable: compact on screen and paper."""
    caption = f"{doc_id}-met"
    out = [
        f'<h3 id="{caption}-h">Requirements met or not applicable</h3>',
        f'<div class="scroll" role="region" aria-labelledby="{caption}-h" tabindex="0">',
        '<table class="met">',
        '<thead><tr><th scope="col">Requirement</th><th scope="col">Outcome</th>'
        '<th scope="col">Where</th><th scope="col">Notes</th></tr></thead>',
        "<tbody>",
    ]
    for r in sort_results(results):
        where = r.location.short() if r.location else "whole document"
        if r.outcome is Outcome.NOT_APPLICABLE:
            where = "—"
        position = f" ({_e(r.position.value)})" if r.position is not None else ""
        anchor = _anchor(doc_id, r, anchors)
        out.append(
            f'<tr id="{anchor}"><th scope="row"><span class="rule-id">{_e(r.rule)}</span> '
            f"{_e(r.title)}</th><td>{_badge(r.outcome)}{position}</td>"
            f"<td>{_e(where)}</td><td>{_passed_notes(r)}</td></tr>"
        )
    out += ["</tbody>", "</table>", "</div>"]
    return "\n".join(out)


def _summary(report: Report) -> str:
    failed = report.failed or bool(report.errors)
    fail_on = report.fail_on.label if report.fail_on else "never"
    n = report.checked
    if report.errors:
        verdict = (
            f"{_symbol('✗')} Failed: {len(report.errors)} "
            f"file{'s' if len(report.errors) != 1 else ''} could not be read"
        )
    elif failed:
        k = len(report.failures())
        verdict = (
            f"{_symbol('✗')} Failed: {k} finding{'s' if k != 1 else ''} at or above “{_e(fail_on)}”"
        )
    elif report.fail_on is None:
        verdict = f"{_symbol('✓')} Passed: this run fails on nothing (fail on: never)"
    else:
        verdict = f"{_symbol('✓')} Passed: nothing at or above “{_e(fail_on)}”"
    sev = report.by_severity()
    out = [
        '<section id="summary" aria-labelledby="summary-h">',
        '<h2 id="summary-h">Summary</h2>',
        f'<p class="verdict">{verdict}</p>',
        f"<p>{n} document{'s' if n != 1 else ''} checked, {len(report.errors)} unreadable. "
        f"Findings by severity: {sev['error']} error, {sev['warning']} warning, "
        f"{sev['info']} info. The run fails on: {_e(fail_on)}.</p>",
    ]
    if report.units:
        head = "".join(f'<th scope="col">{_badge(o)}</th>' for o in _ORDER)
        out += [
            '<div class="scroll" role="region" aria-labelledby="summary-caption" tabindex="0">',
            "<table>",
            '<caption id="summary-caption">Outcomes by document</caption>',
            f'<thead><tr><th scope="col">Document</th><th scope="col">Type</th>{head}</tr></thead>',
            "<tbody>",
        ]
        totals = dict.fromkeys(_ORDER, 0)
        for i, d in enumerate(report.units, start=1):
            c = _counts(d)
            for o in _ORDER:
                totals[o] += c[o]
            cells = "".join(f'<td class="n">{c[o]}</td>' for o in _ORDER)
            out.append(
                f'<tr><th scope="row"><a href="#doc-{i}">{_e(_name(d))}</a></th>'
                f"<td>{_e(d.doc_type.value)}</td>{cells}</tr>"
            )
        out.append("</tbody>")
        if len(report.units) > 1:
            cells = "".join(f'<td class="n">{totals[o]}</td>' for o in _ORDER)
            out.append(
                f'<tfoot><tr><th scope="row">All documents</th><td></td>{cells}</tr></tfoot>'
            )
        out += ["</table>", "</div>"]
    if report.packs:
        out.append("<p>Rule packs:</p><ul>")
        for p in report.packs:
            title = f": {_e(p.title)}" if p.title else ""
            out.append(f"<li>{_e(p.name)} {_e(p.version)}{title}</li>")
        out.append("</ul>")
    if report.warnings:
        out.append('<ul class="warnings">')
        out += [f'<li><span class="warning">Warning:</span> {_e(w)}</li>' for w in report.warnings]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def _errors(report: Report) -> str:
    items = "".join(
        f"<li><strong>{_e(e.path)}</strong>: {_e(e.message)}</li>" for e in report.errors
    )
    return (
        '<section id="unreadable" aria-labelledby="unreadable-h">\n'
        '<h2 id="unreadable-h">Unreadable files</h2>\n'
        "<p>These files were not checked; an unreadable file never passes.</p>\n"
        f"<ul>{items}</ul>\n</section>"
    )


def _nav(report: Report) -> str:
    items = ['<li><a href="#summary">Summary</a></li>']
    if report.errors:
        items.append('<li><a href="#unreadable">Unreadable files</a></li>')
    for i, d in enumerate(report.units, start=1):
        k = sum(1 for r in d.results if r.outcome.is_failure)
        items.append(
            f'<li><a href="#doc-{i}">{_e(_name(d))}</a> ({k} finding{"s" if k != 1 else ""})</li>'
        )
    return (
        '<nav aria-labelledby="nav-h">\n<h2 id="nav-h">Contents</h2>\n<ul>\n'
        + "\n".join(items)
        + "\n</ul>\n</nav>"
    )


def render(report: Report) -> str:
    n = report.checked
    title = f"tenderlint report: {n} document{'s' if n != 1 else ''}"
    body = [_summary(report)]
    if report.errors:
        body.append(_errors(report))
    body += [_document(report, i, d) for i, d in enumerate(report.units, start=1)]
    packs = ", ".join(f"{p.name} {p.version}" for p in report.packs) or "no rule packs"
    page = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="tenderlint {_e(report.version)}">',
        f"<title>{_e(title)}</title>",
        f"<style>\n{_css()}\n</style>",
        "</head>",
        "<body>",
        '<a class="skip-link" href="#main">Skip to the report</a>',
        '<header><div class="wrap">',
        "<h1>tenderlint report</h1>",
        f"<p>Responsible-technology checks of {n} tender and contract "
        f"document{'s' if n != 1 else ''}, by tenderlint {_e(report.version)} "
        f"with {_e(packs)}. Not legal advice.</p>",
        "</div></header>",
        f'<div class="wrap">\n{_nav(report)}',
        '<main id="main" tabindex="-1">',
        *body,
        "</main>",
        "<footer><p>Outcomes: "
        + ", ".join(f"{SYMBOLS[o]} {LABELS[o]}" for o in _ORDER)
        + ". Locations are page (p.) and clause (cl.) as printed in the document.</p></footer>",
        "</div>",
        "</body>",
        "</html>",
    ]
    return "\n".join(page) + "\n"
