"""Draw a trigger point's referral pattern on the body chart: essential solid, spillover hatched.

Zones are stored without a side (they lie on the trigger point's side); a reference page draws the pattern
on one side, ``DRAWN_SIDE``, and says so in the legend.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from reference.body_chart import load_chart, render_view_svg
from reference.models import ZoneKind

DRAWN_SIDE = "right"
ESSENTIAL_FILL = "#b8323a"
TRIGGER_POINT_CLASS = "trp-location"


@dataclass(frozen=True)
class ReferralChart:
    view_code: str
    view_name: str
    svg: SafeString


def _side_for(region) -> str:
    return DRAWN_SIDE if region.sided else "midline"


def referral_charts(trigger_point, zones) -> list[ReferralChart]:
    """One SVG per chart view that the trigger point or its zones touch, in the chart's view order.

    ``zones`` are passed in (already fetched with their regions) so drawing costs no query.
    """
    # A zone contradicted by a second source is listed with the discrepancy but not drawn as the pattern.
    zones = [zone for zone in zones if not zone.contradicted]
    regions = [zone.region for zone in zones] + [trigger_point.region]
    id_prefix = f"trp-{trigger_point.slug}-"
    chart = load_chart(trigger_point.region.chart_version)
    fills: dict[tuple[str, str], str] = {}
    classes: dict[tuple[str, str], str] = {}
    for zone in zones:
        key = (zone.region.code, _side_for(zone.region))
        if zone.kind == ZoneKind.ESSENTIAL:
            fills[key] = ESSENTIAL_FILL
            classes[key] = "zone-essential"
        elif key not in fills:
            fills[key] = f"url(#{id_prefix}hatch-{zone.region.view})"
            classes[key] = "zone-spillover"
    location = (trigger_point.region.code, _side_for(trigger_point.region))
    classes[location] = f"{classes.get(location, '')} {TRIGGER_POINT_CLASS}".strip()

    wanted_views = {region.view for region in regions}
    charts = []
    for view in chart.views:
        if view.code not in wanted_views:
            continue
        title = f"Referral pattern of the {trigger_point.label}: {view.name.lower()} view"
        # The renderer escapes every attribute and text it writes; its input here is our own data.
        svg = render_view_svg(
            chart, view.code, fills=fills, classes=classes, title=title, id_prefix=id_prefix
        )
        charts.append(ReferralChart(view_code=view.code, view_name=view.name, svg=mark_safe(svg)))  # noqa: S308
    return charts
