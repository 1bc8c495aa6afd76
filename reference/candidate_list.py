"""The ranked candidates as list items: what each item shows, drawn by ``includes/candidate_items.html``.

They sit beside every pain map and are redrawn by the page's script as the map changes. The links are
reversed and the explanations joined here, where Python does it cheaply; the markup is the template's.
"""

from __future__ import annotations

from django.template.defaultfilters import floatformat
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString

from reference.suggest import HYPOTHESIS_LABEL

EXPLANATIONS = (
    ("explained_essential_labels", "Explains (essential zone)"),
    ("explained_spillover_labels", "Explains (spillover)"),
    ("explained_local_labels", "Local pain at the trigger point"),
    ("explained_adjacent_labels", "Next to its zones (half credit)"),
    ("unexplained_labels", "Does not explain"),
    ("essential_not_painful_labels", "Essential zone without pain"),
)


def _item(c) -> dict:
    """What one item shows, read once from the candidate: the template reads plain values (a dict is the
    template engine's cheapest lookup), not the candidate's properties through ``ShownCandidate``."""
    members = [
        {
            "url": reverse("reference:muscle_detail", args=[m.muscle_slug]),
            "muscle_name": m.muscle_name,
            "trigger_point_label": m.trigger_point_label,
            "add_value": f"{m.trigger_point_id}:{c.side}",
        }
        for m in c.members or ()
    ]
    return {
        "key": c.key,
        "side": c.side,
        "rank_label": c.rank_label,
        "shared_rank": c.shared_rank,
        "score": floatformat(c.score, 2),
        "explanation": c.explanation.capitalize(),
        "is_group": c.is_group,
        "member_count": len(c.members),
        "muscle_names": c.muscle_names if c.is_group else "",
        "quality_note": c.quality_note,
        "curation_notes": c.curation_notes,
        "essential": ",".join(c.essential_regions),
        "spillover": ",".join(c.spillover_regions),
        "members": members,
        "explanations": [
            (title, "; ".join(labels))
            for labels, title in ((getattr(c, name), title) for name, title in EXPLANATIONS)
            if labels
        ],
    }


def candidate_items(candidates, *, shown_key: str = "", add_as_finding: bool = False) -> SafeString:
    """``<li>`` items for the ranked candidates. ``add_as_finding`` adds the visit page's button."""
    return get_template("includes/candidate_items.html").render(
        {
            "items": [_item(c) for c in candidates],
            "shown_key": shown_key,
            "add_as_finding": add_as_finding,
            "hypothesis_label": HYPOTHESIS_LABEL,
        }
    )
