"""What the red-flags block above the candidates shows, for every page that draws a pain map."""

from __future__ import annotations

from collections.abc import Sequence

from reference.pain_map import CURRENT_CHART_VERSION
from reference.red_flags import FiredFlag, fired_flags
from reference.screening import Screening
from reference.suggest import PainMark


def needs_rules(marks: Sequence[PainMark], screening: Screening) -> bool:
    """Whether anything could fire a rule: an empty map and an empty checklist need no query."""
    return any(mark.is_painful for mark in marks) or bool(
        screening.answers or screening.constant or screening.night_pain
    )


def red_flags_context(
    marks: Sequence[PainMark],
    screening: Screening,
    *,
    library_version: int | None = None,
    chart_version: int = CURRENT_CHART_VERSION,
) -> dict:
    """``red_flags``: the fired flags, most urgent first. No query when nothing could fire one, none either
    when the caller passes the library version it read (the compiled rules are kept per version)."""
    flags: list[FiredFlag] = []
    if needs_rules(marks, screening):
        flags = fired_flags(marks, screening, chart_version=chart_version, library_version=library_version)
    return {"red_flags": flags}
