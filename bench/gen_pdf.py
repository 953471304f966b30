"""Generate realistic N-page contract PDFs and time the PDF reader on them.

Run ``python bench/gen_pdf.py [--pages 100 400] [--tables N] [--keep DIR]``: it writes the files with
reportlab (a dev dependency), reads each with ``tenderlint.read.pdf.read_pdf`` and prints
pages per second and peak memory (tracemalloc for Python objects, RSS for the process, which
includes PDFium's C heap).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

_SUBJECTS = [
    "The Supplier",
    "The Authority",
    "Each Party",
    "The Contractor",
    "Neither Party",
    "The Customer",
]
_VERBS = [
    "shall indemnify and keep indemnified",
    "shall co-operate in good faith with",
    "shall comply with all anti-bribery and anti-corruption laws applicable to",
    "shall not, without the prior written consent of the Authority, subcontract",
    "shall maintain a non-disclosure undertaking with",
    "shall ensure that the self-assessment provided to",
    "may terminate this Agreement by written notice to",
    "shall provide the Services in accordance with Good Industry Practice to",
]
_OBJECTS = [
    "the other Party against all losses, liabilities, costs, damages and expenses arising from "
    "any breach of this Clause",
    "the Authority and any Replacement Supplier during the Exit Period so as to ensure an orderly "
    "transfer of the Services",
    "its Sub-contractors, employees and agents, and shall notify the Authority of any "
    "request for an improper payment within five (5) Working Days",
    "any Personal Data processed under this Agreement, which shall be processed only on the "
    "documented instructions of the Controller",
    "the Authority remains accurate and complete throughout the Term and the post-termination "
    "assistance period",
    "the algorithmic decision-making system so that its outputs can be explained to affected "
    "individuals in plain language",
]
_HEADINGS = [
    "DEFINITIONS AND INTERPRETATION",
    "SUPPLY OF THE SERVICES",
    "CHARGES AND PAYMENT",
    "DATA PROTECTION",
    "CONFIDENTIALITY",
    "FREEDOM OF INFORMATION",
    "INTELLECTUAL PROPERTY",
    "LIABILITY AND INDEMNITIES",
    "AUDIT AND RECORDS",
    "ALGORITHMIC TRANSPARENCY",
    "SECURITY",
    "TERMINATION",
    "EXIT MANAGEMENT",
    "DISPUTE RESOLUTION",
    "GENERAL",
]
# Soft hyphens (U+00AD) mark where reportlab may break a long word with a visible hyphen,
# so the output has genuine line-end hyphenation of ordinary words.
_LONG_WORDS = [
    "in\xaddem\xadni\xadfi\xadca\xadtion",
    "con\xadfi\xadden\xadtial\xadity",
    "re\xadsponsi\xadbil\xadi\xadties",
    "im\xadple\xadmen\xadta\xadtion",
    "in\xadter\xadop\xader\xada\xadbil\xadi\xadty",
]


def _sentence(rng: random.Random) -> str:
    s = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    if rng.random() < 0.5:
        s += f", including all {rng.choice(_LONG_WORDS)} obligations under the Contract"
    return s + "."


def make_contract_pdf(path: Path | str, pages: int, *, seed: int = 7, tables: int = 0) -> int:
    """Write a contract of about ``pages`` pages to ``path``; return the real page count.

    Numbered headings and clauses ("7.", "7.2", "(a)"), justified paragraphs with soft-hyphen
    breaks, a running header, a "Page N of M" footer and a table in a schedule.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    body = ParagraphStyle(
        "body",
        fontName="Times-Roman",
        fontSize=10.5,
        leading=13,
        alignment=4,  # justified: reportlab stretches word spacing, as Word does
        spaceAfter=6,
        embeddedHyphenation=1,
        leftIndent=12 * mm,
        firstLineIndent=-12 * mm,
    )
    sub = ParagraphStyle("sub", parent=body, leftIndent=22 * mm, firstLineIndent=-10 * mm)
    head = ParagraphStyle(
        "head", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=10, spaceAfter=6
    )
    title = ParagraphStyle("title", parent=head, fontSize=18, leading=22, alignment=1)
    total = [0]

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, "Cloud Hosting Services Agreement")
        canvas.drawRightString(A4[0] - 20 * mm, A4[1] - 12 * mm, "Contract ref. CR-2024-117")
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"Page {doc.page} of {total[0] or '??'}")
        canvas.drawString(20 * mm, 10 * mm, "OFFICIAL")
        canvas.restoreState()

    def make_story() -> list[Any]:
        # Flowables are consumed by a build, so each pass gets a fresh story.
        rng = random.Random(seed)
        story: list[Any] = [Paragraph("CLOUD HOSTING SERVICES AGREEMENT", title), Spacer(1, 8)]
        _body(story, rng)
        return story

    def _body(story: list[Any], rng: random.Random) -> None:
        # About 3,100 characters fill a page at this size; a clause is about 430.
        clauses_needed = pages * 9.1
        n = 0.0
        section = 0
        while n < clauses_needed:
            section += 1
            story.append(Paragraph(f"{section}. {_HEADINGS[(section - 1) % len(_HEADINGS)]}", head))
            for k in range(1, rng.randint(4, 9)):
                text = " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
                story.append(Paragraph(f"{section}.{k}\u00a0\u00a0{text}", body))
                n += 1
                if rng.random() < 0.3:
                    for letter in "abc"[: rng.randint(2, 3)]:
                        story.append(Paragraph(f"({letter})\u00a0\u00a0{_sentence(rng)}", sub))
                        n += 0.5
        story.append(PageBreak())
        story.append(Paragraph("SCHEDULE 1 CHARGES", head))
        rows = [["Milestone", "Deliverable", "Charge (GBP)"]]
        for i in range(1, 16):
            rows.append([f"M{i}", f"Deliverable {i} accepted", f"{rng.randint(10, 99) * 1000:,}"])
        table = Table(rows, colWidths=[30 * mm, 90 * mm, 40 * mm])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
        story.append(table)
        # Service-level schedules: ruled tables whose cells wrap, one page each.
        for t in range(tables):
            story.append(PageBreak())
            story.append(Paragraph(f"SCHEDULE {t + 2} SERVICE LEVELS", head))
            cell = ParagraphStyle("cell", fontName="Times-Roman", fontSize=9, leading=11)
            grid = [["Service", "Service level", "Service credit"]]
            for i in range(1, 13):
                grid.append(
                    [
                        Paragraph(f"Service {t + 1}.{i}: {rng.choice(_HEADINGS).lower()}", cell),
                        Paragraph(_sentence(rng), cell),
                        Paragraph(f"{rng.randint(1, 9)}% of the monthly charge per day late", cell),
                    ]
                )
            sla = Table(grid, colWidths=[40 * mm, 80 * mm, 50 * mm])
            sla.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
            story.append(sla)

    def build(target: Any) -> int:
        doc = SimpleDocTemplate(
            target,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=22 * mm,
            bottomMargin=22 * mm,
            invariant=1,
            title="Cloud Hosting Services Agreement",
        )
        doc.build(make_story(), onFirstPage=decorate, onLaterPages=decorate)
        return int(doc.page)

    # Two passes so that "Page N of M" knows M.
    import io

    total[0] = build(io.BytesIO())
    return build(str(path))


def bench(path: Path) -> dict[str, float]:
    """Read ``path`` in a fresh process, so its peak RSS is the reader's alone."""
    out = subprocess.run(
        [sys.executable, __file__, "--read", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def _read(path: Path) -> dict[str, float]:
    from tenderlint.read import Limits
    from tenderlint.read.pdf import read_pdf

    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    t0 = time.perf_counter()
    doc = read_pdf(data, path.name, sha, Limits())  # cold: includes imports and PDFium start-up
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    c0 = time.process_time()
    read_pdf(data, path.name, sha, Limits())
    warm = time.perf_counter() - t0
    cpu = time.process_time() - c0  # this process's own time: steadier on a busy machine
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    tracemalloc.start()
    read_pdf(data, path.name, sha, Limits())
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    pages = doc.pages or 0
    return {
        "pages": pages,
        "blocks": len(doc.blocks),
        "cold_s": cold,
        "seconds": warm,
        "cpu_s": cpu,
        "pages_per_s": pages / warm if warm else 0.0,
        "py_peak_mb": peak / 1048576,
        "rss_peak_mb": rss,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 400])
    parser.add_argument("--keep", type=Path, help="directory to keep the generated PDFs in")
    parser.add_argument(
        "--tables", type=int, default=0, help="add this many one-page ruled tables (schedules)"
    )
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read:
        print(json.dumps(_read(args.read)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = args.keep or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        for n in args.pages:
            path = out / f"contract-{n}.pdf"
            t0 = time.perf_counter()
            real = make_contract_pdf(path, n, tables=args.tables)
            gen = time.perf_counter() - t0
            r = bench(path)
            print(
                f"{n:>4} pages requested, {real} written in {gen:.1f}s "
                f"({path.stat().st_size / 1048576:.1f} MB): read {r['pages']:.0f} pages into "
                f"{r['blocks']:.0f} blocks in {r['seconds']:.2f}s ({r['cpu_s']:.2f}s CPU) = "
                f"{r['pages_per_s']:.0f} "
                f"pages/s (first read, with imports: {r['cold_s']:.2f}s); peak RSS "
                f"{r['rss_peak_mb']:.0f} MB, Python heap peak {r['py_peak_mb']:.1f} MB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
