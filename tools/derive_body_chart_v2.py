# ruff: noqa: E501 (outlines read best one to a line)
"""Write reference/data/body_chart_v2.json from v1: the same figure, re-divided for posterior-chain work.

Run once to draw v2 and its adjacency graph (``python tools/derive_body_chart_v2.py``); kept so the drawing
can be reviewed and redone.
A published chart file is never edited afterwards (docs/body-chart.md). Every v2 region lies inside the v1
region(s) it was cut from (reference/data/body_chart_v1_to_v2.json says which); only the client's left shape
is written here, the right one is its mirror image about the centre line (x = 100).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "reference" / "data"

# code -> (name, left-side path) for regions that are new or whose outline changed in v2. A ``None`` path
# keeps the v1 outline under a new name.
CHANGED = {
    "hip_anterior": (None, "M 129.5 190 L 133.5 203 L 136 215 L 137 226 L 132 225 L 127 224 L 124 199 Z"),
    "ant_thigh_proximal_lateral": (
        None,
        "M 132 225 L 131 240 L 130.5 254 L 119.2 254 L 119.5 228 L 127 224 Z",
    ),
    "ant_thigh_middle_lateral": (None, "M 130.5 254 L 129.5 268 L 128.5 278 L 119.2 278 L 119.2 254 Z"),
    "ant_thigh_distal_lateral": (None, "M 128.5 278 L 127.5 287 L 126 300 L 119.4 300 L 119.2 278 Z"),
    "shin_lateral": (
        None,
        "M 123.5 329 L 124 343 L 123.5 358 L 122.5 375 L 122 385 L 121 398 L 119 398 L 118.7 360 L 118.5 329 Z",
    ),
    "toes": (None, "M 129.2 423 L 129.4 428 L 126 431.5 L 119 432.5 L 113 430.5 L 110.8 424 L 120 423.5 Z"),
    "gluteal_upper": (None, "M 76 199 L 84 202 L 86.5 215.5 L 80 217 L 71 215 L 64 215 L 66.5 203 Z"),
    "gluteal": (
        None,
        "M 80 217 L 86.5 215.5 L 93 214 L 95.5 226 L 100 235 L 100 238 L 88 242 L 78 242 L 70.5 238.5 L 71 215 Z",
    ),
    "gluteal_fold": (None, "M 70.5 238.5 L 78 242 L 88 242 L 89.8 250.5 L 81.5 252 L 63.3 249 L 63 240 Z"),
    "post_thigh_proximal_medial": (
        None,
        "M 98.2 249 L 97.7 254 L 96.2 268 L 81.5 268 L 81.5 252 L 89.8 250.5 Z",
    ),
}

# Regions new in v2: (after which code, code, name, left-side path).
NEW = [
    (
        "ant_thigh_distal_lateral",
        "thigh_lateral",
        "Thigh, outer side (lateral strip)",
        "M 137 226 L 137 240 L 136.7 249 L 136.4 254 L 135.7 268 L 134.7 278 L 133.4 287 L 131.4 300 L 126 300 "
        "L 127.5 287 L 128.5 278 L 129.5 268 L 130.5 254 L 131 240 L 132 225 Z",
    ),
    (
        "thigh_lateral",
        "knee_anterior_medial",
        "Knee, front, medial",
        "M 119.4 300 L 118.5 329 L 108.4 329 L 108.4 315 L 108 306 L 107.4 300 Z",
    ),
    (
        "knee_anterior_medial",
        "knee_anterior_lateral",
        "Knee, front, lateral",
        "M 131.4 300 L 130.2 306 L 128.7 315 L 128.5 329 L 123.5 329 L 118.5 329 L 119.4 300 L 126 300 Z",
    ),
    (
        "shin_lateral",
        "leg_lateral",
        "Leg, outer side (lateral strip)",
        "M 128.5 329 L 129.2 343 L 128.4 358 L 126.8 375 L 125.8 385 L 124.5 398 L 121 398 L 122 385 "
        "L 122.5 375 L 123.5 358 L 124 343 L 123.5 329 Z",
    ),
    (
        "leg_lateral",
        "malleolus_medial",
        "Inner ankle (medial malleolus)",
        "M 119 398 L 119 408 L 113.5 408 L 113.4 398 Z",
    ),
    (
        "malleolus_medial",
        "malleolus_lateral",
        "Outer ankle (lateral malleolus)",
        "M 124.5 398 L 124.4 408 L 119 408 L 119 398 L 121 398 Z",
    ),
    ("malleolus_lateral", "instep", "Instep", "M 119 408 L 120 423.5 L 110.8 424 L 111.6 416 L 113.5 408 Z"),
    (
        "instep",
        "foot_lateral",
        "Foot, outer side",
        "M 124.4 408 L 127.2 415 L 129.2 423 L 120 423.5 L 119 408 Z",
    ),
    ("coccyx", "sacroiliac", "Sacroiliac joint", "M 84 202 L 91 204 L 93 214 L 86.5 215.5 Z"),
    (
        "gluteal",
        "ischial_tuberosity",
        "Sitting bone (ischial tuberosity)",
        "M 88 242 L 100 238 L 98.2 249 L 89.8 250.5 Z",
    ),
    (
        "post_thigh_distal_lateral",
        "knee_posterior_medial",
        "Back of knee, medial",
        "M 81 306 L 92 306 L 91.6 315 L 91.6 329 L 81.5 329 Z",
    ),
    (
        "knee_posterior_medial",
        "knee_posterior_lateral",
        "Back of knee, lateral",
        "M 81.5 329 L 71.5 329 L 71.3 315 L 69.8 306 L 81 306 Z",
    ),
    (
        "knee_posterior_lateral",
        "calf_medial_upper",
        "Calf, medial, upper third",
        "M 91.6 329 L 92.6 343 L 81.5 343 L 81.5 329 Z",
    ),
    (
        "calf_medial_upper",
        "calf_lateral_upper",
        "Calf, lateral, upper third",
        "M 81.5 329 L 81.5 343 L 70.8 343 L 71.5 329 Z",
    ),
    (
        "calf_lateral_upper",
        "calf_medial_middle",
        "Calf, medial, middle third",
        "M 92.6 343 L 91.8 358 L 81.6 358 L 81.5 343 Z",
    ),
    (
        "calf_medial_middle",
        "calf_lateral_middle",
        "Calf, lateral, middle third",
        "M 81.5 343 L 81.6 358 L 71.6 358 L 70.8 343 Z",
    ),
    (
        "calf_lateral_middle",
        "calf_medial_lower",
        "Calf, medial, lower third",
        "M 91.8 358 L 89.2 375 L 81.6 375 L 81.6 358 Z",
    ),
    (
        "calf_medial_lower",
        "calf_lateral_lower",
        "Calf, lateral, lower third",
        "M 81.6 358 L 81.6 375 L 73.2 375 L 71.6 358 Z",
    ),
]
# v1 regions that v2 divides into new codes (the code itself is not in v2).
REMOVED = {"knee_anterior", "ankle_anterior", "foot_dorsum", "popliteal_fossa", "calf_medial", "calf_lateral"}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def points(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in NUMBER.findall(d)]
    return list(zip(numbers[0::2], numbers[1::2], strict=True))


def path(poly) -> str:
    def fmt(v: float) -> str:
        v = round(v, 1)
        return str(int(v)) if v == int(v) else str(v)

    return "M " + " L ".join(f"{fmt(x)} {fmt(y)}" for x, y in poly) + " Z"


def contains(poly, x, y) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def anchor(poly) -> list[float]:
    """The centroid if it falls inside the shape, else the best inside point on a horizontal through it."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    cx, cy = round(cx / (3 * area), 1), round(cy / (3 * area), 1)
    if contains(poly, cx, cy):
        return [cx, cy]
    xs = [x for x, _ in poly]
    for step in range(1, 400):
        x = round(min(xs) + step * 0.1, 1)
        if contains(poly, x, cy):
            return [x, cy]
    raise ValueError(poly)


def shapes(left_d: str) -> dict:
    left = points(left_d)
    right = [(round(200 - x, 1), y) for x, y in reversed(left)]
    return {
        "left": {"d": path(left), "anchor": anchor(left)},
        "right": {"d": path(right), "anchor": anchor(right)},
    }


# Pairs across views, where the body wraps round: v1's pairs (body_chart_v1_adjacency.json) with each divided
# region replaced by the part that lies at the wrap (the lateral strips at the side of the thigh and leg, the
# medial half of the knee front next to the medial half of its back, ...).
CROSS_VIEW = [
    ("abdomen_lower", "flank"),
    ("abdomen_upper", "flank"),
    ("achilles", "malleolus_medial"),
    ("achilles", "malleolus_lateral"),
    ("heel", "malleolus_medial"),
    ("heel", "malleolus_lateral"),
    ("ant_thigh_distal_medial", "post_thigh_distal_medial"),
    ("ant_thigh_middle_medial", "post_thigh_middle_medial"),
    ("ant_thigh_proximal_medial", "post_thigh_proximal_medial"),
    ("thigh_lateral", "post_thigh_proximal_lateral"),
    ("thigh_lateral", "post_thigh_middle_lateral"),
    ("thigh_lateral", "post_thigh_distal_lateral"),
    ("thigh_lateral", "hip_lateral"),
    ("arm_anterior", "arm_posterior"),
    ("leg_lateral", "calf_lateral_upper"),
    ("leg_lateral", "calf_lateral_middle"),
    ("leg_lateral", "calf_lateral_lower"),
    ("shin_medial", "calf_medial_upper"),
    ("shin_medial", "calf_medial_middle"),
    ("shin_medial", "calf_medial_lower"),
    ("chest_lateral", "mid_back"),
    ("clavicle", "upper_trapezius"),
    ("elbow_anterior", "elbow_posterior"),
    ("fingers_dorsal", "fingers_palmar"),
    ("instep", "sole"),
    ("foot_lateral", "sole"),
    ("forearm_anterior_distal", "forearm_posterior_distal"),
    ("forearm_anterior_proximal", "forearm_posterior_proximal"),
    ("forehead", "head_posterior"),
    ("gluteal_upper", "hip_anterior"),
    ("hand_dorsum", "palm"),
    ("hand_dorsum", "thumb"),
    ("head_posterior", "temple"),
    ("hip_anterior", "hip_lateral"),
    ("knee_anterior_medial", "knee_posterior_medial"),
    ("knee_anterior_lateral", "knee_posterior_lateral"),
    ("neck_anterior", "neck_posterior"),
    ("shoulder_anterior", "shoulder_posterior"),
    ("sole", "toes"),
    ("wrist_anterior", "wrist_posterior"),
]


def shared_edge_pairs(regions) -> set[tuple[str, str]]:
    """Regions of one view whose shapes share an edge (not just a corner), on one side or the midline."""
    owners: dict[tuple, set] = {}
    for region in regions:
        for side, shape in region["shapes"].items():
            poly = points(shape["d"])
            for a, b in zip(poly, poly[1:] + poly[:1], strict=True):
                owners.setdefault((region["view"], *sorted([a, b])), set()).add((region["code"], side))
    pairs = set()
    for shared in owners.values():
        for code, side in shared:
            for other, other_side in shared:
                if code != other and {side, other_side} != {"left", "right"}:
                    pairs.add(tuple(sorted([code, other])))
    return pairs


def write_adjacency(regions) -> None:
    pairs = shared_edge_pairs(regions) | {tuple(sorted(pair)) for pair in CROSS_VIEW}
    adjacent = {
        r["code"]: sorted({b for a, b in pairs if a == r["code"]} | {a for a, b in pairs if b == r["code"]})
        for r in regions
    }
    v1 = json.loads((DATA / "body_chart_v1_adjacency.json").read_text(encoding="utf-8"))
    document = {
        "chart_version": 2,
        "about": v1["about"].replace("body_chart_v1.json", "body_chart_v2.json"),
        "adjacent": adjacent,
    }
    (DATA / "body_chart_v2_adjacency.json").write_text(
        json.dumps(document, indent=1) + "\n", encoding="utf-8"
    )


def main() -> None:
    v1 = json.loads((DATA / "body_chart_v1.json").read_text(encoding="utf-8"))
    views = {r["code"]: r["view"] for r in v1["regions"]}
    regions = []
    for region in v1["regions"]:
        code = region["code"]
        if code in CHANGED:
            region = {**region, "shapes": shapes(CHANGED[code][1])}
        if code not in REMOVED:
            regions.append(region)
    for after, code, name, left_d in NEW:
        at = next(i for i, r in enumerate(regions) if r["code"] == after) + 1
        view = views.get(after) or next(r["view"] for r in regions if r["code"] == after)
        regions.insert(
            at, {"code": code, "name": name, "view": view, "sided": True, "shapes": shapes(left_d)}
        )
    lines = [
        "{",
        '  "version": 2,',
        '  "title": "Body chart v2",',
        '  "views": [',
        '    {"code": "front", "name": "Front", "viewbox": "0 0 200 440", "left_side_on": "viewer_right"},',
        '    {"code": "back", "name": "Back", "viewbox": "0 0 200 440", "left_side_on": "viewer_left"}',
        "  ],",
        '  "regions": [',
    ]
    for i, region in enumerate(regions):
        head = {k: region[k] for k in ("code", "name", "view", "sided")}
        lines.append("    " + json.dumps(head)[:-1] + ', "shapes": {')
        items = list(region["shapes"].items())
        for j, (side, shape) in enumerate(items):
            comma = "," if j < len(items) - 1 else ""
            lines.append(f"        {json.dumps(side)}: {json.dumps(shape)}{comma}")
        lines.append("    }}" + ("," if i < len(regions) - 1 else ""))
    lines += ["  ]", "}", ""]
    (DATA / "body_chart_v2.json").write_text("\n".join(lines), encoding="utf-8")
    write_adjacency(regions)


if __name__ == "__main__":
    main()
