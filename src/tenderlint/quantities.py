"""Quantities with units: the units the rule language knows, and quantities found in text.

Durations ("thirty (30) calendar days", "2 Working Days", "two weeks", "48 hours"), periods
("quarterly", "every 12 months", "at least annually"), percentages ("10%", "ten per cent") and
money ("£5m", "£6,000,000", "GBP 2.5 million") are parsed with their units and normalised to a
base unit (days, percent, pounds) so that a rule's threshold compares with any drafting style.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Days per unit. A working day is 7/5 of a calendar day on average, so "10 working days" and
# "two weeks" compare as equal, and "20 working days" is about 28 calendar days.
DURATION_UNITS: dict[str, float] = {
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "working day": 1.4,
    "business day": 1.4,
    "operational day": 1.4,  # NHS Standard Contract
    "working-day": 1.4,
    "day": 1.0,
    "calendar day": 1.0,
    "clear day": 1.0,
    "week": 7.0,
    "working week": 7.0,
    "month": 30.4375,
    "calendar month": 30.4375,
    "quarter": 91.3125,
    "year": 365.25,
    "contract year": 365.25,
}


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, normalised to the base unit of its dimension.

    Durations and periods are in days, percentages in percent, money in pounds, counts bare.
    """

    value: float
    dimension: str  # duration | period | percentage | money | count | switch
    text: str  # as written, for messages: "5 working days"


COUNT_UNITS = {"", "time", "item", "kpi", "person", "people", "row", "clause"}
DIMENSIONS = ("duration", "period", "percentage", "money", "count")

_WORDS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_WORD_NUM = rf"(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES}|(?:one |a )?hundred|zero)"
# "thirty (30)", "30 (thirty)", "30", "thirty", "2.5": the figure wins when both are given.
_NUM = (
    rf"(?:(?P<word>{_WORD_NUM})\s*\(\s*(?P<paren>\d+(?:\.\d+)?)\s*\)"
    rf"|(?P<first>\d+(?:\.\d+)?)\s*\(\s*(?:{_WORD_NUM})\s*\)"
    rf"|(?P<digits>\d+(?:\.\d+)?)|(?P<bare>{_WORD_NUM}))"
)
_DUR_UNIT = (
    r"(?P<unit>(?:working|business|calendar|clear|operational)[ -]days?|days?|hours?|minutes?|"
    r"(?:calendar |working )?weeks?|(?:calendar )?months?|quarters?|(?:contract )?years?)"
)
# "]" may sit between a number and its unit in a drafter's placeholder: "[ten (10)] days".
_DURATION = re.compile(rf"(?<![\w£$.,])(?:{_NUM})\s*\]?\s*{_DUR_UNIT}\b(?:'s)?", re.IGNORECASE)
_PERIOD_WORDS = {
    "daily": 1.0,
    "weekly": 7.0,
    "fortnightly": 14.0,
    "monthly": 30.4375,
    "quarterly": 91.3125,
    "half-yearly": 182.625,
    "six-monthly": 182.625,
    "biannually": 182.625,
    "bi-annually": 182.625,
    "semi-annually": 182.625,
    "annually": 365.25,
    "yearly": 365.25,
    "per annum": 365.25,
    "each year": 365.25,
    "every year": 365.25,
    "once a year": 365.25,
    "once per year": 365.25,
    "annual": 365.25,
    "on an annual basis": 365.25,
    "each contract year": 365.25,
    "every contract year": 365.25,
    "in each contract year": 365.25,
    "twice a year": 182.625,
    "twice yearly": 182.625,
    "twice per year": 182.625,
    "on a monthly basis": 30.4375,
    "on a quarterly basis": 91.3125,
    "on a weekly basis": 7.0,
    "bi-monthly": 60.875,
    "each month": 30.4375,
    "every month": 30.4375,
    "each quarter": 91.3125,
    "every quarter": 91.3125,
    "each week": 7.0,
    "every week": 7.0,
}
_PERIOD_WORD = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(_PERIOD_WORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# "every 12 months", "once a year", "at intervals of no more than twelve (12) months".
_PERIOD_LEAD = re.compile(
    r"(?:\bevery|\beach|\bonce (?:in |per |every )?|\bper"
    r"|\bat intervals of(?: (?:no|not) more than)?"
    r"|\bintervals (?:not exceeding|of no more than|of not more than))\s*$",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"(?<![\w.])(?:{_NUM})\s*\]?\s*(?:%|per ?cent\b|percent\b)", re.IGNORECASE)
# "10 points out of 100", "15 marks out of a total of 100": a share of the score.
_POINTS = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:points|marks|%)?\s+out\s+of\s+(?:a\s+(?:total|maximum)\s+of\s+)?"
    r"(\d+(?:\.\d+)?)\b",
    re.IGNORECASE,
)
_MONEY = re.compile(
    r"(?:£|\bGBP\s?)\s?(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<scale>bn\b|billion\b|m\b|mn\b|million\b|k\b|thousand\b)?"
    r"|(?P<amount2>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?P<scale2>million|billion)?\s*pounds\b",
    re.IGNORECASE,
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9,
          "billion": 1e9}  # fmt: skip


@dataclass(frozen=True)
class Found:
    """A quantity found in text, with its character span."""

    dimension: str
    value: float
    start: int
    end: int
    text: str
    placeholder: bool = False  # inside [square brackets]: a value left for the drafter


def word_number(text: str) -> float | None:
    """``"forty-eight"`` -> 48.0; None if ``text`` is not a number in words."""
    t = text.lower().replace("-", " ").split()
    if not t:
        return None
    total = 0.0
    for w in t:
        if w in ("and",):
            continue
        if w == "hundred":
            total = (total or 1) * 100
        elif w in _WORDS:
            total += _WORDS[w]
        else:
            return None
    return total


def _number(m: re.Match[str]) -> float | None:
    if m.group("paren"):
        return float(m.group("paren"))
    if m.group("first"):
        return float(m.group("first"))
    if m.group("digits"):
        return float(m.group("digits"))
    word = m.group("word") or m.group("bare")
    return word_number(word) if word else None


def duration_unit(words: str) -> float | None:
    """Days per ``words`` (singular or plural, any case), or None for an unknown unit."""
    w = words.lower().strip().replace("-", " ")
    if w.endswith("s") and w[:-1] in DURATION_UNITS:
        w = w[:-1]
    return DURATION_UNITS.get(w)


def switch_quantity(word: str) -> Quantity:
    """A pack's on/off parameter ("param BIAS_CHECK_CORE = off") as a quantity of its own kind,
    so config can override it like any threshold and it is never compared with a measure."""
    return Quantity(1.0 if word == "on" else 0.0, "switch", word)


def parse_rule_quantity(number: float, unit_words: str, raw: str) -> Quantity | None:
    """A quantity written in a rule (``5 working days``, ``3``); None for an unknown unit."""
    unit = unit_words.lower().strip()
    days = duration_unit(unit) if unit else None
    if days is not None:
        return Quantity(number * days, "duration", raw)
    singular = unit[:-1] if unit.endswith("s") else unit
    if unit in COUNT_UNITS or singular in COUNT_UNITS:
        return Quantity(number, "count", raw)
    return None


def parse_percent(raw: str) -> Quantity:
    return Quantity(float(raw.rstrip("%").strip()), "percentage", raw)


def parse_money(raw: str) -> Quantity:
    m = re.fullmatch(r"£\s?([\d,]+(?:\.\d+)?)\s*(k|m|bn)?", raw.strip(), re.IGNORECASE)
    if not m:
        raise ValueError(f"not an amount of money: {raw}")
    value = float(m.group(1).replace(",", ""))
    return Quantity(value * _SCALE.get((m.group(2) or "").lower(), 1.0), "money", raw)


def _in_brackets(text: str, start: int, end: int) -> bool:
    """Is the span inside an unclosed [ ... ] (a drafter's placeholder such as "[ten (10)]")?"""
    open_at = text.rfind("[", max(0, start - 40), start + 1)
    if open_at < 0 or "]" in text[open_at:start]:
        return False
    close_at = text.find("]", end - 1, end + 40)
    return close_at >= 0 and "[" not in text[end:close_at]


# The words or signs each search below cannot match without, by kind: most paragraphs have
# none of them, and a search whose words are absent is not run (the number-word patterns are
# slow; plain text is looked for twenty times faster).
_NEEDS = {
    "duration": ("day", "hour", "minute", "week", "month", "quarter", "year"),
    "percentage": ("%", "cent"),
    "money": ("£", "gbp", "pound"),
}
# Any of these, or "out of", or nothing is found (a period word with none of them is a
# period of nothing: "per annum" alone).
_ANY_UNIT: tuple[str, ...] = ("day", "week", "month", "year", "hour", "minute", "quarter")
_ANY_UNIT += ("annual", "daily", "fortnight", "%", "cent", "£", "gbp", "pound")
_OUT_OF = re.compile(r"out\s+of", re.IGNORECASE)
_ANY_UNIT_RX = re.compile("|".join(map(re.escape, _ANY_UNIT)) + r"|out\s+of", re.IGNORECASE)
# The only characters re.IGNORECASE matches to an ASCII letter: dotted and dotless i, long s
# and the Kelvin sign.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def lowered(text: str) -> str | None:
    """``text`` lower-cased, in which a lower-case ASCII word is found as plain text exactly
    where a case-insensitive pattern would find it; None when the text holds a character that
    re.IGNORECASE folds to an ASCII letter (then only the pattern can tell)."""
    if not text.isascii() and any(c in text for c in _FOLDS_TO_ASCII):
        return None
    return text.lower()


def _kinds(text: str) -> set[str] | None:
    """The kinds of quantity ``text`` may hold ("period" for any), None if ``lowered`` is."""
    low = lowered(text)
    if low is None:
        return None
    kinds = {kind for kind, words in _NEEDS.items() if any(w in low for w in words)}
    if "out" in low and _OUT_OF.search(text):
        kinds.add("points")
    if kinds or any(w in low for w in _ANY_UNIT):
        kinds.add("period")
    return kinds


def find_quantities(text: str) -> Iterator[Found]:
    """Every duration, period, percentage and amount of money in ``text``, in order of start."""
    needs = _kinds(text)
    if needs is None:
        if not _ANY_UNIT_RX.search(text):
            return
        needs = {"duration", "percentage", "money", "points", "period"}
    elif not needs:
        return
    found: list[Found] = []
    for m in _DURATION.finditer(text) if "duration" in needs else ():
        n = _number(m)
        days = duration_unit(m.group("unit"))
        if n is None or days is None:
            continue
        ph = _in_brackets(text, m.start(), m.end()) or "]" in m.group(0)
        # "every six months" says how often, not how soon: a period, not a time limit.
        every = _PERIOD_LEAD.search(text[max(0, m.start() - 40) : m.start()])
        kind = "period" if every else "duration"
        found.append(Found(kind, n * days, m.start(), m.end(), m.group(0), ph))
    for m in _PERIOD_WORD.finditer(text) if "period" in needs else ():
        days = _PERIOD_WORDS[m.group(1).lower()]
        found.append(Found("period", days, m.start(), m.end(), m.group(0)))
    for m in _PERCENT.finditer(text) if "percentage" in needs else ():
        n = _number(m)
        if n is not None:
            ph = _in_brackets(text, m.start(), m.end()) or "]" in m.group(0)
            found.append(Found("percentage", n, m.start(), m.end(), m.group(0), ph))
    for m in _POINTS.finditer(text) if "points" in needs else ():
        total = float(m.group(2))
        if total > 0 and float(m.group(1)) <= total:
            share = 100.0 * float(m.group(1)) / total
            found.append(Found("percentage", share, m.start(), m.end(), m.group(0)))
    for m in _MONEY.finditer(text) if "money" in needs else ():
        amount = m.group("amount") or m.group("amount2")
        scale = (m.group("scale") or m.group("scale2") or "").lower()
        value = float(amount.replace(",", "")) * _SCALE.get(scale, 1.0)
        ph = _in_brackets(text, m.start(), m.end())
        found.append(Found("money", value, m.start(), m.end(), m.group(0).strip(), ph))
    found.sort(key=lambda f: (f.start, f.dimension))
    yield from found


def compare(value: float, op: str, threshold: float) -> bool:
    """``value op threshold`` with a small tolerance, so 10 working days == two weeks."""
    eps = 1e-6 * max(1.0, abs(threshold))
    if op == "<=":
        return value <= threshold + eps
    if op == "<":
        return value < threshold - eps
    if op == ">=":
        return value >= threshold - eps
    if op == ">":
        return value > threshold + eps
    if op == "=":
        return abs(value - threshold) <= eps
    raise ValueError(f"unknown operator {op}")
