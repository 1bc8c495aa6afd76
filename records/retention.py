"""How long a client's record must be kept (DOMAIN.md, "Retention").

Adults: at least 7 years after the last entry. Minors: until they turn 25 if that is later (NSW, Victoria,
ACT). The later of the two dates applies, so the rule needs no separate "was a minor" flag.
"""

from datetime import date

YEARS_AFTER_LAST_ENTRY = 7
KEEP_UNTIL_AGE = 25


def add_years(day: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retain_until(*, last_entry: date, date_of_birth: date) -> date:
    return max(add_years(last_entry, YEARS_AFTER_LAST_ENTRY), add_years(date_of_birth, KEEP_UNTIL_AGE))
