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

from reference.suggest import HYPOTHESIS_LABEL

EXPLANATIONS = (
    ("explained_essential_labels", "Explains (essential zone)"),
    ("explained_spillover_labels", "Explains (spillover)"),
    ("explained_local_labels", "Local pain at the trigger point"),
    ("explained_adjacent_labels", "Next to its zones (half credit)"),
    ("unexplained_labels", "Does not explain"),
    ("essential_not_painful_labels", "Essential zone without pain"),
)


def _names(c) -> str:
    """The muscle link(s) and trigger point(s) of a candidate; a group lists every member."""
    members = c.members or ()
    links = " and ".join(
        f'<a href="{escape(reverse("reference:muscle_detail", args=[m.muscle_slug]))}">'
        f"{escape(m.muscle_name)}</a>"
        for m in members
    )
    labels = " and ".join(escape(m.trigger_point_label) for m in members)
    return f"{links} — {labels}"


def candidate_items(candidates, *, shown_key: str = "", add_as_finding: bool = False) -> SafeString:
    """``<li>`` items for the ranked candidates. ``add_as_finding`` adds the visit page's button, which
    submits the whole visit form (``form="visit-form"``) so nothing typed is lost."""
    items = []
    for c in candidates:
        key, side = escape(c.key), escape(c.side)
        explanations = "".join(
            f'<dt class="col-sm-4">{title}</dt><dd class="col-sm-8">{escape("; ".join(labels))}</dd>'
            for labels, title in ((getattr(c, name), title) for name, title in EXPLANATIONS)
            if labels
        )
        # A grouped candidate offers one button per muscle: each is examined and recorded on its own.
        add_button = (
            "".join(
                f'<button type="submit" form="visit-form" name="add_candidate" '
                f'value="{escape(f"{m.trigger_point_id}:{c.side}")}" class="btn btn-sm btn-primary" '
                f"data-add-candidate>Add as finding{escape(f': {m.muscle_name}') if c.is_group else ''}"
                "</button>"
                for m in c.members
            )
            if add_as_finding
            else ""
        )
        group = (
            f'<p class="small mb-1" data-candidate-group>Identical referral patterns: examine '
            f"{len(c.members)} muscles ({escape(c.muscle_names)}).</p>"
            if c.is_group
            else ""
        )
        quality = (
            f'<p class="small mb-1 text-warning-emphasis" data-quality-note>{escape(c.quality_note)}</p>'
            if c.quality_note
            else ""
        )
        curation = "".join(f"<li>{escape(note)}</li>" for note in c.curation_notes)
        curation = (
            f'<details class="small mb-2" data-curation-notes><summary>How sure the library is '
            f'({len(c.curation_notes)})</summary><ul class="mb-0">{curation}</ul></details>'
            if curation
            else ""
        )
        rank_title = "Shares this rank: equal score" if c.shared_rank else "Rank"
        items.append(
            f'<li class="card mb-2 candidate" data-candidate="{key}"><div class="card-body p-3">'
            '<div class="d-flex flex-wrap justify-content-between gap-2 align-items-baseline">'
            f'<h3 class="h6 mb-0"><span class="candidate-rank" title="{rank_title}">'
            f"{escape(c.rank_label)}.</span> "
            f'{_names(c)}, <span class="candidate-side">{side}</span></h3>'
            '<span class="badge text-bg-primary candidate-score" title="Score from 0 to 1">'
            f"score {floatformat(c.score, 2)}</span></div>"
            '<p class="small mb-1 mt-1 candidate-words" data-explanation>'
            f"{escape(c.explanation.capitalize())}. "
            f'<em class="text-body-secondary">{escape(HYPOTHESIS_LABEL)}</em></p>'
            f"{group}{quality}"
            f'<dl class="row small mb-2 mt-2 candidate-explanation">{explanations}</dl>'
            f"{curation}"
            '<div class="d-flex flex-wrap gap-2">'
            f'<button type="submit" name="show" value="{key}" class="btn btn-sm btn-outline-secondary" '
            f'data-show-pattern data-key="{key}" data-side="{side}" '
            f'data-essential="{escape(",".join(c.essential_regions))}" '
            f'data-spillover="{escape(",".join(c.spillover_regions))}" '
            f'aria-pressed="{"true" if c.key == shown_key else "false"}">Show referral pattern</button>'
            f"{add_button}</div></div></li>"
        )
    return mark_safe("".join(items))  # noqa: S308 - every value above is escaped
