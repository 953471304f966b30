"""Quantities found in contract text: durations, periods, percentages and money in their many
drafting styles, normalised so that thresholds compare across units."""

from __future__ import annotations

import pytest

from tenderlint.quantities import Found, compare, find_quantities, word_number


def found(text: str, dimension: str) -> list[tuple[float, str, bool]]:
    return [
        (round(f.value, 3), f.text, f.placeholder)
        for f in find_quantities(text)
        if f.dimension == dimension
    ]


@pytest.mark.parametrize(
    ("text", "days", "shown"),
    [
        ("within thirty (30) calendar days of expiry", 30.0, "thirty (30) calendar days"),
        ("within 2 Working Days", 2.8, "2 Working Days"),
        ("within two weeks", 14.0, "two weeks"),
        ("within three (3) months", 91.312, "three (3) months"),
        ("within forty-eight hours", 2.0, "forty-eight hours"),
        ("within 10 business days", 14.0, "10 business days"),
        ("for seven (7) years after expiry", 2556.75, "seven (7) years"),
        ("within 5 Working Day's notice", 7.0, "5 Working Day's"),
    ],
)
def test_durations(text: str, days: float, shown: str) -> None:
    assert found(text, "duration") == [(days, shown, False)]


def test_placeholder_values_are_marked() -> None:
    assert found("within [ten (10)] Working Days", "duration") == [
        (14.0, "ten (10)] Working Days", True)
    ]
    assert found("a weighting of [10]%", "percentage")[0][2] is True


def test_periods() -> None:
    text = "Reports monthly, reviews quarterly, audits at least once every 12 months and annually."
    assert [v for v, _, _ in found(text, "period")] == [30.438, 91.312, 365.25, 365.25]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("10%", 10.0),
        ("ten per cent", 10.0),
        ("12.5 percent", 12.5),
    ],
)
def test_percentages(text: str, value: float) -> None:
    assert found(f"weighted at {text} of the score", "percentage")[0][0] == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("£5m", 5e6),
        ("£6,000,000", 6e6),
        ("£2.5 million", 2.5e6),
        ("£100k", 1e5),
        ("GBP 750,000", 7.5e5),
        ("5 million pounds", 5e6),
    ],
)
def test_money(text: str, value: float) -> None:
    assert found(f"a total value of {text} over the term", "money")[0][0] == value


def test_numbers_do_not_become_money_or_durations() -> None:
    text = "Clause 14.2 and section 43 of the Act 2000 apply to 3 parties."
    assert found(text, "duration") == []
    assert found(text, "money") == []


def test_word_numbers_and_comparison() -> None:
    assert word_number("forty-eight") == 48
    assert word_number("one hundred") == 100
    assert word_number("soon") is None
    # Ten working days and two weeks are the same limit.
    assert compare(14.0, "<=", 10 * 1.4)
    assert not compare(14.1, "<=", 14.0)
    with pytest.raises(ValueError):
        compare(1, "~", 2)


@pytest.mark.parametrize(
    ("text", "dimension", "value"),
    [
        ("an annual bias audit", "period", 365.25),
        ("on an annual basis", "period", 365.25),
        ("twice a year", "period", 182.625),
        ("in each Contract Year", "period", 365.25),
        ("weighted at 10 points out of 100", "percentage", 10.0),
        ("15 marks out of a total of 200", "percentage", 7.5),
    ],
)
def test_more_drafting_forms(text: str, dimension: str, value: float) -> None:
    assert value in [v for v, _, _ in found(text, dimension)]


@pytest.mark.parametrize(
    ("text", "days", "shown"),
    [
        ("within 30 (thirty) days of the request", 30.0, "30 (thirty) days"),
        ("within 5 (Five) Business Days", 7.0, "5 (Five) Business Days"),
        ("for 7 (seven) years after expiry", 2556.75, "7 (seven) years"),
    ],
)
def test_digit_first_numbers_read_as_their_figure(text: str, days: float, shown: str) -> None:
    # "30 (thirty)" is as common in US and Canadian drafting as "thirty (30)" is in UK.
    assert found(text, "duration") == [(days, shown, False)]


def test_digit_first_percentages() -> None:
    assert found("retain 10 (ten) per cent of the Charges", "percentage") == [
        (10.0, "10 (ten) per cent", False)
    ]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("within [ninety (90)] days", 90.0),
        ("within [30 (thirty)] Working Days", 42.0),
        ("within [90] days", 90.0),
    ],
)
def test_a_bracketed_option_stays_a_placeholder(text: str, days: float) -> None:
    (got,) = found(text, "duration")
    assert got[0] == days and got[2] is True


def test_only_four_characters_fold_to_ascii_letters_under_ignorecase() -> None:
    """Plain-text look-ups stand in for case-insensitive patterns (``lowered``) on the
    understanding that no other character matches an ASCII letter: checked on this Python."""
    import re
    import sys

    from tenderlint.quantities import lowered

    folding = {
        chr(cp) for cp in range(128, sys.maxunicode + 1) if re.fullmatch("[a-z]", chr(cp), re.I)
    }
    assert folding == {"\u0130", "\u0131", "\u017f", "\u212a"}
    for c in folding:
        assert lowered(f"30 days {c}") is None
    assert lowered("30 DAYS “quoted”") == "30 days “quoted”"


def test_quantities_with_and_without_the_plain_text_look_up_agree() -> None:
    for text in (
        "within 30 DAYS",
        "within 30 DAYS \u017f",
        "per annum",
        "per annum \u017f",
        "paid daily",
        "10 points out of 20",
        "10 points out\nof 20 \u212a",
        "£5m a year",
        "ten per cent",
        "without prejudice",
    ):
        got = [(f.dimension, f.value, f.text) for f in find_quantities(text)]
        assert got == [(f.dimension, f.value, f.text) for f in _by_patterns_only(text)], text


def _by_patterns_only(text: str) -> list[Found]:
    """What ``find_quantities`` finds when the text holds a character only the patterns can
    judge: the same text with one such character appended, the quantities within the text."""
    return [f for f in find_quantities(text + " \u017f") if f.end <= len(text)]
