"""Close-up views of the pain map, so small regions are big enough to tap on a tablet.

A zoom names a view and the regions to frame, by region code. The page's script (static/js/pain-map.js)
works out the box to show from those regions' drawn outlines (their bounding boxes) and the scale from the
smallest of them, so the zoom follows whatever shapes the chart data draws: a new chart version changes
the box, not this module. Regions a chart does not have are left out; a zoom with none is not offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from reference.body_chart import BodyChart

# The back of the legs, buttock to sole: where the hamstrings, calf and gluteal patterns refer, and the
# smallest regions of the back view. By prefix, so finer regions a later chart adds there come along.
BACK_OF_LEGS_PREFIXES = (
    "gluteal",
    "ischial",
    "post_thigh",
    "popliteal",
    "knee_posterior",
    "calf",
    "achilles",
    "heel",
    "sole",
)


@dataclass(frozen=True)
class Zoom:
    code: str
    label: str
    view: str
    prefixes: tuple[str, ...]


ZOOMS = (Zoom("back-of-legs", "Back of the legs", "back", BACK_OF_LEGS_PREFIXES),)


def zooms_for(chart: BodyChart) -> list[dict]:
    """The zooms this chart can show, each with the codes of the regions it frames (space-separated)."""
    offered = []
    for zoom in ZOOMS:
        codes = [
            region.code
            for region in chart.regions_for_view(zoom.view)
            if region.code.startswith(zoom.prefixes)
        ]
        if codes:
            offered.append(
                {"code": zoom.code, "label": zoom.label, "view": zoom.view, "regions": " ".join(codes)}
            )
    return offered
