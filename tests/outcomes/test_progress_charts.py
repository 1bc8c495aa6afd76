"""Where the progress charts put things (records/outcomes/charts.py): dates spaced by time, values on the
instrument's scale, the band of no meaningful change taken from the scoring functions."""

from datetime import date
from decimal import Decimal

from records.outcomes import charts
from records.outcomes.charts import Reading, Scale, Series
from records.outcomes.scoring import groc_result, lefs_change, nrs_change, psfs_change

LEFS_SCALE = Scale(0, 80, (0, 20, 40, 60, 80))
NRS_SCALE = Scale(0, 10, (0, 5, 10))
DOMAIN = (date(2025, 3, 3), date(2025, 3, 31))


def test_dates_are_spaced_by_time_across_the_plot():
    assert charts.x_position(date(2025, 3, 3), DOMAIN) == charts.LEFT
    assert charts.x_position(date(2025, 3, 31), DOMAIN) == charts.WIDTH - charts.RIGHT
    # A week into a four-week span is a quarter of the way across.
    assert charts.x_position(date(2025, 3, 10), DOMAIN) == charts.LEFT + charts.PLOT_WIDTH / 4


def test_a_single_day_sits_in_the_middle():
    day = date(2025, 3, 3)
    assert charts.x_position(day, (day, day)) == round(charts.LEFT + charts.PLOT_WIDTH / 2, 1)


def test_values_are_placed_on_the_scale_and_clamped_to_it():
    assert charts.y_position(0, LEFS_SCALE) == charts.HEIGHT - charts.BOTTOM
    assert charts.y_position(80, LEFS_SCALE) == charts.TOP
    assert charts.y_position(40, LEFS_SCALE) == charts.TOP + charts.PLOT_HEIGHT / 2
    assert charts.y_position(-7, Scale(-7, 7, ())) == charts.HEIGHT - charts.BOTTOM
    assert charts.y_position(99, LEFS_SCALE) == charts.TOP


def test_the_shared_date_axis_starts_at_the_episode_start():
    assert charts.date_domain([date(2025, 3, 17), date(2025, 3, 31)], start=date(2025, 3, 3)) == DOMAIN
    assert charts.date_domain([], start=None) is None


def test_the_lefs_band_is_nine_points_either_side_of_the_baseline():
    band = charts.band_around(38, lambda v: lefs_change(38, v).meaningful, range(81), LEFS_SCALE)
    assert (band.low, band.high, band.low_reached, band.high_reached) == (29, 47, True, True)


def test_a_band_near_the_end_of_the_scale_stops_there_and_says_no_change_is_possible_that_way():
    band = charts.band_around(75, lambda v: lefs_change(75, v).meaningful, range(81), LEFS_SCALE)
    assert (band.low, band.high, band.high_reached) == (66, 80, False)


def test_the_pain_band_follows_the_two_points_or_thirty_percent_rule():
    # Baseline 3: 30 % is 0.9 points, so one point either way is already meaningful.
    band = charts.band_around(3, lambda v: nrs_change(3, v).meaningful, range(11), NRS_SCALE)
    assert (band.low, band.high) == (2, 4)
    band = charts.band_around(8, lambda v: nrs_change(8, v).meaningful, range(11), NRS_SCALE)
    assert (band.low, band.high) == (6, 10)


def test_the_psfs_band_is_two_points_on_the_average_to_one_decimal():
    candidates = [Decimal(n).scaleb(-1) for n in range(101)]
    base = Decimal("3.4")
    band = charts.band_around(base, lambda v: psfs_change(base, v).meaningful, candidates, NRS_SCALE)
    assert (band.low, band.high) == (Decimal("1.4"), Decimal("5.4"))


def test_the_groc_band_is_about_the_same():
    band = charts.band_around(0, lambda v: groc_result(v).meaningful, range(-7, 8), Scale(-7, 7, ()))
    assert (band.low, band.high) == (-4, 4)


def test_a_chart_places_its_points_band_and_labels():
    readings = [
        Reading(date(2025, 3, 3), 38),
        Reading(date(2025, 3, 17), 44),
        Reading(date(2025, 3, 31), 55, meaningful=True, draft=True),
    ]
    band = charts.band_around(38, lambda v: lefs_change(38, v).meaningful, range(81), LEFS_SCALE)
    chart = charts.line_chart(
        title="LEFS", series=[Series("LEFS", readings, "#000")], scale=LEFS_SCALE, domain=DOMAIN, band=band
    )
    (series,) = chart.series
    assert [(p.x, p.y) for p in series.points] == [
        (44.0, charts.y_position(38, LEFS_SCALE)),
        (333.0, charts.y_position(44, LEFS_SCALE)),
        (622.0, charts.y_position(55, LEFS_SCALE)),
    ]
    assert series.polyline.startswith("44.0,")
    assert [p.reading.meaningful for p in series.points] == [False, False, True]
    assert chart.band.top == charts.y_position(47, LEFS_SCALE)
    assert chart.band.height == round(
        charts.y_position(29, LEFS_SCALE) - charts.y_position(47, LEFS_SCALE), 1
    )
    assert chart.band.baseline_y == charts.y_position(38, LEFS_SCALE)
    assert [t.text for t in chart.x_ticks] == ["03/03/25", "17/03/25", "31/03/25"]
    # Labels are kept inside the drawing: the last one, centred, would cross the right edge.
    assert [t.anchor for t in chart.x_ticks] == ["middle", "middle", "end"]
    assert [t.text for t in chart.y_ticks] == ["0", "20", "40", "60", "80"]


def test_date_labels_that_would_overlap_are_left_out_but_the_last_is_kept():
    days = [date(2025, 3, 1), date(2025, 3, 2), date(2025, 3, 31)]
    ticks = charts.date_ticks(days, (days[0], days[-1]))
    assert [t.text for t in ticks] == ["02/03/25", "31/03/25"]  # newer dates win
