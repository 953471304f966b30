"""Notice data in the Open Contracting Data Standard (OCDS): a release or record file, checked
against the OCDS release schema shipped in the package, read into a ``Notice``: a located
``Document`` (award criteria and their weights, the value, lots, KPIs and the documents' titles,
each block located by its place in the JSON, ``tender.awardCriteria.criteria[2]``) and the facts
the notice states (the contract's value, the buyer's type).

A notice is read as a member of a set of documents (``tenderlint.sets``): the engine reads its
award criteria table as it reads one in an invitation to tender, so EVAL-001 finds the
social-value weighting in the notice, with the notice as the evidence. Nothing is downloaded.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tenderlint.model import Block, BlockKind, Document, Location, Parties, Party, ReadError
from tenderlint.read.failure import Limits, ReadFailure

SCHEMA = "ocds-release"  # schemas/ocds-release.schema.json: OCDS 1.1.4, see its NOTICE file
MAX_ERRORS = 3  # schema problems named in the one-line error


@dataclass(frozen=True)
class Notice:
    """An OCDS notice read: its blocks as a document, and the facts it states."""

    document: Document
    facts: Mapping[str, str] = field(default_factory=dict)  # buyer-type, as [facts] names them
    value: float | None = None  # the contract's value in pounds, when the notice gives it
    titles: tuple[str, ...] = ()  # the titles of the documents the notice lists


def read_ocds(data: bytes, display: str, sha256: str, limits: Limits | None = None) -> Notice:
    """Read an OCDS release, release package, record or record package; raise ReadFailure with
    one line naming the problem (not JSON, not OCDS, not valid against the release schema)."""
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise ReadFailure(f"file is over the {limits.max_bytes / 1048576:.0f} MB limit")
    try:
        top = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ReadFailure("not UTF-8 text, so not an OCDS JSON file") from None
    except json.JSONDecodeError as exc:
        raise ReadFailure(f"not valid JSON: {exc.msg} (line {exc.lineno})") from None
    releases = _releases(top)
    for where, release in releases:
        problems = _schema_problems(release)
        if problems:
            raise ReadFailure(
                f"not a valid OCDS release ({where}, against the OCDS 1.1.4 release schema): "
                + "; ".join(problems)
            )
    ocids = sorted({str(r.get("ocid")) for _w, r in releases})
    if len(ocids) > 1:
        raise ReadFailure(
            f"holds {len(ocids)} contracting processes ({', '.join(ocids[:3])}): a set takes the "
            "notice of one procurement"
        )
    return _Builder(display, sha256).notice([r for _w, r in _by_date(releases)])


def try_read_notice(path: Path, display: str, limits: Limits | None = None) -> Notice | ReadError:
    """Read an OCDS file, turning every failure into a ReadError naming it (never a crash)."""
    import hashlib

    limits = limits or Limits()
    try:
        if path.stat().st_size > limits.max_bytes:
            raise ReadFailure(f"file is over the {limits.max_bytes / 1048576:.0f} MB limit")
        data = path.read_bytes()  # read-only: input files are never written
        return read_ocds(data, display, hashlib.sha256(data).hexdigest(), limits)
    except ReadFailure as exc:
        return ReadError(display, str(exc))
    except FileNotFoundError:
        return ReadError(display, "no such file")
    except OSError as exc:
        return ReadError(display, f"cannot read: {exc.strerror or exc}")
    except RecursionError:
        return ReadError(display, "JSON nested too deeply to read")


# -- the shape of the file -------------------------------------------------------------------


def _releases(top: Any) -> list[tuple[str, dict[str, Any]]]:
    """The releases to read, each with where it is in the file."""
    if not isinstance(top, dict):
        raise ReadFailure("not an OCDS file: expected a JSON object")
    if "records" in top or (("compiledRelease" in top or "releases" in top) and "ocid" in top):
        records = top.get("records", [top])
        if not isinstance(records, list) or not records:
            raise ReadFailure('not an OCDS record package: "records" must be a non-empty list')
        out = []
        for i, rec in enumerate(records):
            base = f"records[{i}]" if "records" in top else "record"
            if not isinstance(rec, dict):
                raise ReadFailure(f"not an OCDS record: {base} is not an object")
            if isinstance(rec.get("compiledRelease"), dict):
                out.append((f"{base}.compiledRelease", rec["compiledRelease"]))
                continue
            embedded = rec.get("releases")
            full = [r for r in embedded if isinstance(r, dict) and "tag" in r] if embedded else []
            if not full:
                raise ReadFailure(
                    f"{base} has no compiledRelease and no embedded releases (only links): "
                    "nothing to read without downloading"
                )
            out += [(f"{base}.releases[{j}]", r) for j, r in enumerate(full)]
        return out
    if "releases" in top:
        got = top["releases"]
        if not isinstance(got, list) or not got:
            raise ReadFailure('not an OCDS release package: "releases" must be a non-empty list')
        return [(f"releases[{i}]", r) for i, r in enumerate(got)]
    if "ocid" in top:
        return [("release", top)]
    raise ReadFailure(
        'not an OCDS release or record: no "releases", "records" or "ocid" at the top level'
    )


def _by_date(releases: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """Oldest first, so that a later release's values replace an earlier one's."""
    return sorted(releases, key=lambda wr: str(wr[1].get("date") or ""))


@functools.cache
def _validator() -> Any:
    import jsonschema

    from tenderlint.validation import load_schema

    schema = copy.deepcopy(load_schema(SCHEMA))
    # The award criteria extension (eForms, the UK's Find a Tender) publishes award criteria
    # as an object of criteria and weights where the core schema has a code: accept both.
    tender = schema["definitions"]["Tender"]["properties"]
    tender["awardCriteria"]["type"] = ["string", "object", "null"]
    return jsonschema.Draft4Validator(schema)


def _schema_problems(release: Any) -> list[str]:
    if not isinstance(release, dict):
        return ["a release is not a JSON object"]
    errors = sorted(_validator().iter_errors(release), key=lambda e: list(e.absolute_path))
    out = []
    for e in errors[:MAX_ERRORS]:
        key = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in e.absolute_path)
        out.append(f"{key.replace('.[', '[') or 'top level'}: {_short(e.message)}")
    if len(errors) > MAX_ERRORS:
        out.append(f"{len(errors) - MAX_ERRORS} more")
    return out


def _short(message: str) -> str:
    """A jsonschema message without a long enumeration of allowed values."""
    return message if len(message) <= 160 else message[:157] + "..."


# -- the notice as blocks --------------------------------------------------------------------

_WEIGHT_UNITS = {"percentage": "%", "points": " points", "decimal": "%", "order": ""}
_CENTRAL = {
    "ministry",
    "cga",
    "central-government",
    "centralgovernment",
    "central government",
    "national-agency",
    "national_agency",
    "nationalagency",
    "executive agency",
}
_COUNCIL = {
    "regional-authority",
    "regional_authority",
    "ra",
    "la",
    "local-authority",
    "local authority",
    "regional-agency",
    "regionalauthority",
}


class _Builder:
    """Blocks appended in reading order: headings at the top of the tree, the rest below."""

    def __init__(self, display: str, sha256: str) -> None:
        self.display = display
        self.sha256 = sha256
        self.blocks: list[Block] = []
        self.heading = -1
        self.titles: list[str] = []

    def add(
        self,
        text: str,
        kind: BlockKind,
        where: str,
        cells: tuple[str, ...] = (),
        header: tuple[str, ...] = (),
    ) -> None:
        text = " ".join(text.split())
        if not text:
            return
        head = self.blocks[self.heading].text if self.heading >= 0 else None
        if kind is BlockKind.HEADING:
            self.heading, head = len(self.blocks), text
        loc = Location(block=len(self.blocks) + 1, clause=where, heading=head)
        parent = -1 if kind is BlockKind.HEADING else self.heading
        level = 1 if kind is BlockKind.HEADING else 0
        self.blocks.append(
            Block(text, kind, loc, heading_level=level, parent=parent, cells=cells, header=header)
        )

    def notice(self, releases: list[dict[str, Any]]) -> Notice:
        tender: dict[str, Any] = {}
        for r in releases:  # a later release's sections replace an earlier one's
            tender.update(r.get("tender") or {})
        last = releases[-1]
        title = str(tender.get("title") or f"OCDS notice {last.get('ocid')}")
        self.add(f"Notice: {title}", BlockKind.HEADING, "tender.title")
        self.add(str(tender.get("description") or ""), BlockKind.PARAGRAPH, "tender.description")
        value = _money(tender.get("value"))
        if value:
            self.add(
                f"Estimated value of the contract: {value}", BlockKind.PARAGRAPH, "tender.value"
            )
        self._criteria(tender, "tender")
        for i, lot in enumerate(_dicts(tender.get("lots"))):
            self._lot(lot, f"tender.lots[{i}]")
        awarded = self._contracts(releases)
        self._metrics(releases, tender)
        self._documents(releases, tender)
        doc = Document(
            path=self.display,
            sha256=self.sha256,
            format="ocds",
            blocks=tuple(self.blocks),
            title=title,
            parties=_parties(releases),
        )
        facts = {"buyer-type": t} if (t := _buyer_type(releases)) else {}
        amount = awarded if awarded is not None else _pounds(tender.get("value"))
        return Notice(doc, facts, amount, tuple(self.titles))

    def _lot(self, lot: dict[str, Any], where: str) -> None:
        name = f"Lot {lot.get('id', '')}".strip() + (
            f": {lot['title']}" if lot.get("title") else ""
        )
        self.add(name, BlockKind.HEADING, f"{where}.title")
        self.add(str(lot.get("description") or ""), BlockKind.PARAGRAPH, f"{where}.description")
        value = _money(lot.get("value"))
        if value:
            self.add(f"Estimated value of the lot: {value}", BlockKind.PARAGRAPH, f"{where}.value")
        self._criteria(lot, where, f" (lot {lot.get('id', '')})")

    def _criteria(self, owner: dict[str, Any], where: str, suffix: str = "") -> None:
        """Award criteria as a weighting table: "Social value | 10% | quality | ..."."""
        got = owner.get("awardCriteria")
        details = owner.get("awardCriteriaDetails")
        if isinstance(got, str) or details:
            text = "Award criteria: " + "; ".join(str(x) for x in (got, details) if x)
            self.add(text, BlockKind.PARAGRAPH, f"{where}.awardCriteria")
        if not isinstance(got, dict):
            return
        criteria = _dicts(got.get("criteria"))
        if not criteria:
            return
        self.add(f"Award criteria{suffix}", BlockKind.HEADING, f"{where}.awardCriteria")
        header = ("Criterion", "Weighting", "Type", "Description")
        for i, c in enumerate(criteria):
            name = str(c.get("name") or c.get("type") or "criterion")
            raw = (name, _weight(c), str(c.get("type") or ""), str(c.get("description") or ""))
            cells = tuple(" ".join(x.split()) for x in raw)
            self.add(
                " | ".join(x for x in cells if x),
                BlockKind.TABLE_ROW,
                f"{where}.awardCriteria.criteria[{i}]",
                cells,
                header,
            )

    def _contracts(self, releases: list[dict[str, Any]]) -> float | None:
        """Award and contract values; the value of the one contract, if there is one."""
        amounts: list[float] = []
        for section in ("awards", "contracts"):
            latest: list[dict[str, Any]] = []
            for r in releases:
                latest = _dicts(r.get(section)) or latest
            for i, item in enumerate(latest):
                value = _money(item.get("value"))
                what = "award" if section == "awards" else "contract"
                if value:
                    name = f" ({item['title']})" if item.get("title") else ""
                    self.add(
                        f"Value of the {what}{name}: {value}",
                        BlockKind.PARAGRAPH,
                        f"{section}[{i}].value",
                    )
                pounds = _pounds(item.get("value"))
                if section == "contracts" and pounds is not None and len(latest) == 1:
                    amounts.append(pounds)
        return amounts[0] if amounts else None

    def _metrics(self, releases: list[dict[str, Any]], tender: dict[str, Any]) -> None:
        """KPIs where the notice publishes them (the metrics extension's forecasts, targets
        and implementation metrics), as a table of indicator, target and description."""
        found: list[tuple[str, dict[str, Any]]] = []
        for key in ("targets", "metrics", "kpis"):
            found += [(f"tender.{key}[{i}]", m) for i, m in enumerate(_dicts(tender.get(key)))]
        last = releases[-1]
        planning = last.get("planning") or {}
        found += [
            (f"planning.forecasts[{i}]", m) for i, m in enumerate(_dicts(planning.get("forecasts")))
        ]
        for c, contract in enumerate(_dicts(last.get("contracts"))):
            impl = contract.get("implementation") or {}
            found += [
                (f"contracts[{c}].implementation.metrics[{i}]", m)
                for i, m in enumerate(_dicts(impl.get("metrics")))
            ]
        if not found:
            return
        self.add("Key performance indicators", BlockKind.HEADING, "metrics")
        header = ("Key performance indicator", "Target", "Description")
        for where, m in found:
            name = str(m.get("title") or m.get("name") or m.get("id") or "indicator")
            raw = (name, _target(m), str(m.get("description") or ""))
            cells = tuple(" ".join(x.split()) for x in raw)
            self.add(" | ".join(x for x in cells if x), BlockKind.TABLE_ROW, where, cells, header)

    def _documents(self, releases: list[dict[str, Any]], tender: dict[str, Any]) -> None:
        """The documents the notice lists: contents lines, never operative text."""
        listed: list[tuple[str, dict[str, Any]]] = []
        listed += [
            (f"tender.documents[{i}]", d) for i, d in enumerate(_dicts(tender.get("documents")))
        ]
        last = releases[-1]
        for section in ("awards", "contracts"):
            for j, item in enumerate(_dicts(last.get(section))):
                listed += [
                    (f"{section}[{j}].documents[{i}]", d)
                    for i, d in enumerate(_dicts(item.get("documents")))
                ]
        titled = [(w, d) for w, d in listed if d.get("title")]
        if not titled:
            return
        self.add("Documents", BlockKind.HEADING, "documents")
        for where, d in titled:
            title = " ".join(str(d["title"]).split())
            self.titles.append(title)
            kind = f" | {d['documentType']}" if d.get("documentType") else ""
            self.add(f"{title}{kind}", BlockKind.CONTENTS, where)


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _money(value: Any) -> str:
    """ "£6,000,000" for pounds, "6,000,000 EUR" for another currency, "" for none."""
    if not isinstance(value, dict):
        return ""
    amount = _number(value.get("amount"))
    if amount is None:
        return ""
    shown = f"{amount:,.2f}".removesuffix(".00")
    currency = value.get("currency")
    return f"£{shown}" if currency in ("GBP", None) else f"{shown} {currency}"


def _pounds(value: Any) -> float | None:
    if not isinstance(value, dict) or value.get("currency") not in ("GBP", None):
        return None
    return _number(value.get("amount"))


def _weight(criterion: dict[str, Any]) -> str:
    """A criterion's weight as the table would print it: "15%", "20 points"."""
    for n in _dicts(criterion.get("numbers")):
        number = _number(n.get("number"))
        if number is None:
            continue
        kind = str(n.get("weight") or "percentageExact")
        unit = next((u for k, u in _WEIGHT_UNITS.items() if kind.startswith(k)), "")
        if kind.startswith("decimal"):
            number *= 100
        return f"{number:g}{unit}"
    for key in ("weight", "weighting", "percentage"):
        number = _number(criterion.get(key))
        if number is not None:
            return f"{number * 100 if 0 < number < 1 else number:g}%"
    return ""


def _target(metric: dict[str, Any]) -> str:
    for o in _dicts(metric.get("observations")):
        value = o.get("measure")
        if value is None and isinstance(o.get("value"), dict):
            value = _money(o["value"])
        unit = o.get("unit", {}).get("name") if isinstance(o.get("unit"), dict) else None
        if value not in (None, ""):
            return f"{value}{' ' + str(unit) if unit else ''}"
    return str(metric.get("target") or "")


def _party_names(releases: Iterable[dict[str, Any]], role: str) -> list[tuple[str, str]]:
    names: dict[str, str] = {}
    for r in releases:
        for i, p in enumerate(_dicts(r.get("parties"))):
            if role in (p.get("roles") or []) and p.get("name"):
                names.setdefault(str(p["name"]), f"parties[{i}]")
        if role == "buyer" and isinstance(r.get("buyer"), dict) and r["buyer"].get("name"):
            names.setdefault(str(r["buyer"]["name"]), "buyer")
    return sorted(names.items(), key=lambda nw: nw[1])


def _parties(releases: list[dict[str, Any]]) -> Parties | None:
    from tenderlint.model import Evidence

    sides = []
    for role, ocds_role in (("buyer", "buyer"), ("supplier", "supplier")):
        found = _party_names(releases, ocds_role)
        evidence = tuple(Evidence(name, Location(block=0, clause=w)) for name, w in found)
        sides.append(Party(role, tuple(name for name, _w in found), evidence))
    if not sides[0].names and not sides[1].names:
        return None
    return Parties(sides[0], sides[1])


def _buyer_type(releases: list[dict[str, Any]]) -> str | None:
    """The buyer's type from its classification in the notice ("central government",
    "council"), as the config's [facts] buyer-type names it; None when it is not stated."""
    for r in reversed(releases):
        for p in _dicts(r.get("parties")):
            if "buyer" not in (p.get("roles") or []):
                continue
            details = p["details"] if isinstance(p.get("details"), dict) else {}
            for c in _dicts(details.get("classifications")):
                code = str(c.get("id") or "").strip().lower()
                if code in _CENTRAL:
                    return "central government"
                if code in _COUNCIL:
                    return "council"
    return None
