"""The fast day-and-date formats write exactly what Django's date_format writes for en-au."""

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from django.utils.formats import date_format

from clinic.dates import day_and_date, day_date_and_time, day_month_year


def test_day_and_date_match_djangos_format_on_every_weekday_and_month():
    start = timezone.localtime(datetime(2026, 1, 1, 0, 5, tzinfo=UTC))
    for hours in range(0, 24 * 400, 37):  # every weekday, month and hour of the day, in local time
        moment = start + timedelta(hours=hours)
        assert day_month_year(moment) == date_format(moment, "d/m/Y")
        assert day_and_date(moment) == date_format(moment, "D d/m/Y")
        assert day_date_and_time(moment) == date_format(moment, "D d/m/Y H:i")


def test_a_date_before_year_1000_keeps_four_digits():
    assert day_and_date(date(2000, 1, 3)) == "Mon 03/01/2000"
    assert day_and_date(date(999, 1, 3)) == date_format(date(999, 1, 3), "D d/m/Y")
