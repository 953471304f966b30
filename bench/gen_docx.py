"""Generate realistic N-page contracts as .docx and time tenderlint's DOCX reader on them.

Run ``python bench/gen_docx.py [PAGES ...]`` (default 100 and 400 pages): files go to
bench/out/, and each is read in a fresh process so the peak memory is the reader's own.
"""

from __future__ import annotations

import io
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

LINES_PER_PAGE = 45
CHARS_PER_LINE = 95
OUT = Path(__file__).resolve().parent / "out"
W = nsdecls("w")

_NUMBERING = f"""<w:numbering {W}>
  <w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/>
    </w:lvl></w:abstractNum>
  <w:abstractNum w:abstractNumId="10"><w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>
      <w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>
      </w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/>
      </w:lvl>
    <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%4)"/>
      </w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="10"><w:abstractNumId w:val="10"/></w:num>
</w:numbering>"""

_SUBJECTS = ("The Supplier", "The Authority", "Each party", "The Contractor", "Neither party")
_VERBS = ("shall", "must", "may", "shall not", "will")
_ACTIONS = (
    "provide the Services in accordance with Good Industry Practice",
    "maintain adequate records of all Charges invoiced under this Contract",
    "comply with the Data Protection Legislation and the Security Policy",
    "notify the other party in writing of any Default within five Working Days",
    "ensure that all Supplier Staff are appropriately vetted and trained",
    "keep the Authority Data confidential and use it only for the purposes of this Contract",
    "permit the Authority to audit the performance of the Services on reasonable notice",
    "pay all undisputed invoices within thirty days of receipt",
    "take all reasonable steps to mitigate any losses arising from a Force Majeure Event",
    "deliver the Exit Plan to the Authority no later than three months after the Start Date",
)
_QUALIFIERS = (
    "subject to Clause {c}",
    "save as expressly provided otherwise in this Contract",
    "at its own cost",
    "in accordance with the Implementation Plan",
    "without prejudice to any other right or remedy",
    "to the reasonable satisfaction of the Authority",
)
_HEADINGS = (
    "Definitions and Interpretation",
    "Services",
    "Charges and Payment",
    "Service Levels",
    "Data Protection",
    "Security",
    "Intellectual Property",
    "Confidentiality",
    "Liability",
    "Insurance",
    "Audit",
    "Termination",
    "Exit Management",
    "Dispute Resolution",
    "Force Majeure",
    "Governing Law",
)


def _sentence(rng: random.Random, clause: int) -> str:
    parts = [rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_ACTIONS)]
    if rng.random() < 0.6:
        parts.append(rng.choice(_QUALIFIERS).format(c=rng.randint(1, max(clause, 1))))
    return ", ".join([" ".join(parts[:3]), *parts[3:]]) + "."


def _runs(rng: random.Random, text: str) -> str:
    """Split text into several runs as Word does (revision ids, bold defined terms, spelling
    marks, bookmarks), so the benchmark walks the element count of a real file."""
    words = text.split(" ")
    out = []
    i = 0
    while i < len(words):
        n = rng.randint(3, 9)
        chunk = " ".join(words[i : i + n]) + (" " if i + n < len(words) else "")
        rsid = f"00{rng.randint(0, 0xFFFFFF):06X}"
        bold = "<w:b/>" if rng.random() < 0.15 else ""
        rpr = f'<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>{bold}<w:sz w:val="22"/></w:rPr>'
        if rng.random() < 0.1:
            out.append('<w:proofErr w:type="spellStart"/>')
        out.append(
            f'<w:r w:rsidR="{rsid}" w:rsidRPr="{rsid}">{rpr}'
            f'<w:t xml:space="preserve">{escape(chunk)}</w:t></w:r>'
        )
        if rng.random() < 0.1:
            out.append('<w:proofErr w:type="spellEnd"/>')
        i += n
    if rng.random() < 0.05:
        bid = rng.randint(1, 10**6)
        out.insert(0, f'<w:bookmarkStart w:id="{bid}" w:name="_Ref{bid}"/>')
        out.append(f'<w:bookmarkEnd w:id="{bid}"/>')
    return "".join(out)


def _p(rng: random.Random, text: str, style: str = "", num: tuple[int, int] | None = None) -> str:
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num:
        ppr += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
    ppr += '<w:spacing w:after="120"/><w:jc w:val="both"/>'
    return f'<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3"><w:pPr>{ppr}</w:pPr>{_runs(rng, text)}</w:p>'


def _cell(rng: random.Random, text: str) -> str:
    return (
        '<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>'
        f"<w:p><w:pPr><w:spacing w:after='0'/></w:pPr>{_runs(rng, text)}</w:p></w:tc>".replace(
            "'", '"'
        )
    )


def _table(rng: random.Random, rows: int) -> str:
    grid = '<w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
    out = [
        f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>{grid}'
    ]
    out.append(
        "<w:tr>" + "".join(_cell(rng, h) for h in ("Milestone", "Date", "Payment")) + "</w:tr>"
    )
    for i in range(rows):
        out.append(
            "<w:tr>"
            + _cell(rng, f"Milestone {i + 1}: {rng.choice(_ACTIONS)[:40]}")
            + _cell(rng, f"{rng.randint(1, 28)} March 202{rng.randint(4, 9)}")
            + _cell(rng, f"£{rng.randint(10, 900) * 1000:,}")
            + "</w:tr>"
        )
    out.append("</w:tbl>")
    return "".join(out)


def make_contract_docx(path: str | Path, pages: int, seed: int = 7) -> None:
    """Write a contract of about ``pages`` pages (45 lines each) to ``path``.

    Clauses use Word automatic numbering (1. / 1.1 / (a) / (i)) from a numbering.xml list,
    clause headings use Heading 1, and about every fifth page carries a table.
    """
    rng = random.Random(seed)
    doc = docx.Document()
    numpr = doc.styles["Heading 1"].element.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_numId().val = 10
    doc.part.numbering_part._element = parse_xml(_NUMBERING)
    doc.add_heading("Technology Services Agreement", 0)
    buf = io.BytesIO()
    doc.save(buf)

    budget = pages * LINES_PER_PAGE
    lines = 0.0
    body: list[str] = []
    clause = 0
    next_table = 5 * LINES_PER_PAGE
    while lines < budget:
        clause += 1
        body.append(_p(rng, _HEADINGS[(clause - 1) % len(_HEADINGS)], "Heading1"))
        lines += 2.5
        for _sub in range(rng.randint(3, 8)):
            text = " ".join(_sentence(rng, clause) for _ in range(rng.randint(1, 3)))
            body.append(_p(rng, text, num=(10, 1)))
            lines += len(text) / CHARS_PER_LINE + 1.3
            if rng.random() < 0.35:
                for _a in range(rng.randint(2, 4)):
                    text = _sentence(rng, clause)[:-1] + ";"
                    body.append(_p(rng, text, num=(10, 2)))
                    lines += len(text) / CHARS_PER_LINE + 0.5
                    if rng.random() < 0.2:
                        for _i in range(2):
                            body.append(_p(rng, _sentence(rng, clause), num=(10, 3)))
                            lines += 1.5
            if rng.random() < 0.1:
                for _b in range(3):
                    body.append(_p(rng, rng.choice(_ACTIONS) + ";", "ListParagraph", (1, 0)))
                    lines += 1.2
            if lines >= next_table:
                rows = rng.randint(5, 9)
                body.append(_table(rng, rows))
                lines += rows * 1.5 + 2
                next_table += 5 * LINES_PER_PAGE
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    xml = src.read("word/document.xml").decode()
    head, tail = xml.split("<w:body>", 1)
    first_p_end = tail.index("</w:p>") + len("</w:p>")  # keep the Title paragraph
    xml = head + "<w:body>" + tail[:first_p_end] + "".join(body) + tail[first_p_end:]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, data)


def _measure(path: str, pages: int) -> dict[str, float]:
    """Time read_docx on ``path`` in this (fresh) process; memory from tracemalloc and rusage."""
    from tenderlint.read import Limits
    from tenderlint.read.docx import read_docx

    data = Path(path).read_bytes()
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times = []
    for _ in range(3):
        start = time.perf_counter()
        doc = read_docx(data, path, "", Limits())
        times.append(time.perf_counter() - start)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    read_docx(data, path, "", Limits())
    _cur, peak_py = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    best = min(times)
    return {
        "pages": pages,
        "bytes": len(data),
        "blocks": len(doc.blocks),
        "seconds": round(best, 3),
        "pages_per_second": round(pages / best),
        "python_peak_mb": round(peak_py / 1048576, 1),
        "rss_peak_mb": round(peak_rss / 1024, 1),
        "rss_growth_mb": round((peak_rss - base_rss) / 1024, 1),
    }


def main(argv: list[str]) -> None:
    if argv[:1] == ["--measure"]:
        print(json.dumps(_measure(argv[1], int(argv[2]))))
        return
    OUT.mkdir(exist_ok=True)
    for pages in [int(a) for a in argv] or [100, 400]:
        path = OUT / f"contract-{pages}p.docx"
        make_contract_docx(path, pages)
        got = subprocess.run(
            [sys.executable, __file__, "--measure", str(path), str(pages)],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(got.stdout)
        print(
            f"{pages:>4} pages  {r['bytes'] / 1048576:5.1f} MB  {r['blocks']:>6} blocks  "
            f"{r['seconds']:.3f} s  {r['pages_per_second']:>6} pages/s  "
            f"python peak {r['python_peak_mb']} MB  rss peak {r['rss_peak_mb']} MB "
            f"(+{r['rss_growth_mb']} MB while reading)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
