"""The ranked candidates as list items, built in Python.

They sit beside every pain map and are redrawn by the page's script as the map changes; each item carries
a link, its explanations and one or two buttons, and through the template engine the ten of them cost a
visit page about 2 ms. Every value is escaped.
"""

from __future__ import annotations

from html import escape

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

EXPLANATIONS = (
    ("explained_essential_labels", "Explains (essential zone)"),
    ("explained_spillover_labels", "Explains (spillover)"),
    ("unexplained_labels", "Does not explain"),
    ("essential_not_painful_labels", "Essential zone without pain"),
)


def candidate_items(candidates, *, shown_key: str = "", add_as_finding: bool = False) -> SafeString:
    """``<li>`` items for the ranked candidates. ``add_as_finding`` adds the visit page's button, which
    submits the whole visit form (``form="visit-form"``) so nothing typed is lost."""
    items = []
    for rank, c in enumerate(candidates, start=1):
        key, side = escape(c.key), escape(c.side)
        explanations = "".join(
            f'<dt class="col-sm-4">{title}</dt><dd class="col-sm-8">{escape("; ".join(labels))}</dd>'
            for labels, title in ((getattr(c, name), title) for name, title in EXPLANATIONS)
            if labels
        )
        add_button = (
            f'<button type="submit" form="visit-form" name="add_candidate" value="{key}" '
            'class="btn btn-sm btn-primary" data-add-candidate>Add as finding</button>'
            if add_as_finding
            else ""
        )
        items.append(
            f'<li class="card mb-2 candidate" data-candidate="{key}"><div class="card-body p-3">'
            '<div class="d-flex flex-wrap justify-content-between gap-2 align-items-baseline">'
            f'<h3 class="h6 mb-0"><span class="candidate-rank">{rank}.</span> '
            f'<a href="{escape(reverse("reference:muscle_detail", args=[c.muscle_slug]))}">'
            f"{escape(c.muscle_name)}</a> — {escape(c.trigger_point_label)}, "
            f'<span class="candidate-side">{side}</span></h3>'
            '<span class="badge text-bg-primary candidate-score" title="Score from 0 to 1">'
            f"score {floatformat(c.score, 2)}</span></div>"
            f'<dl class="row small mb-2 mt-2 candidate-explanation">{explanations}</dl>'
            '<div class="d-flex flex-wrap gap-2">'
            f'<button type="submit" name="show" value="{key}" class="btn btn-sm btn-outline-secondary" '
            f'data-show-pattern data-key="{key}" data-side="{side}" '
            f'data-essential="{escape(",".join(c.essential_regions))}" '
            f'data-spillover="{escape(",".join(c.spillover_regions))}" '
            f'aria-pressed="{"true" if c.key == shown_key else "false"}">Show referral pattern</button>'
            f"{add_button}</div></div></li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value above is escaped
