"""The Outcomes page's bar charts: bars from zero, negative values to its left, shares on a 0–100 scale,
small numbers marked in words, coordinates written with a dot."""

from decimal import Decimal

from django.utils import translation

from records.outcomes.bar_charts import LABEL_WIDTH, VALUE_WIDTH, WIDTH, bar_chart


def test_shares_are_drawn_on_a_fixed_scale_and_small_numbers_are_said():
    chart = bar_chart(
        "Shares",
        [("LEFS", 50, "50 %", True), ("PSFS", 100, "100 %", False), ("None", None, "", True)],
        maximum=100,
    )
    plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    assert [bar.label for bar in chart.bars] == ["LEFS", "PSFS"]  # no value, no bar
    assert float(chart.bars[1].width) == plot and float(chart.bars[0].width) == plot / 2
    assert chart.bars[0].value_text == "50 % (small numbers)" and chart.has_small
    assert chart.bars[1].value_text == "100 %"


def test_a_negative_value_is_drawn_left_of_zero():
    chart = bar_chart(
        "Change", [("Better", Decimal("3.0"), "3.0", False), ("Worse", Decimal("-1.0"), "-1.0", False)]
    )
    zero = float(chart.zero_x)
    better, worse = chart.bars
    assert float(better.x) == zero and not better.negative
    assert worse.negative and float(worse.x) + float(worse.width) == zero
    assert float(better.width) == 3 * float(worse.width)


def test_coordinates_are_written_with_a_dot_whatever_the_language():
    with translation.override("de"):
        chart = bar_chart("x", [("A", Decimal("2.5"), "2.5", False)])
    assert "," not in chart.bars[0].x + chart.bars[0].width + chart.zero_x


def test_an_empty_chart_says_so():
    assert bar_chart("Nothing", []).empty
