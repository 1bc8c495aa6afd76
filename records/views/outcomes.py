"""The clinic's Outcomes page: what the measures say about the clinic's work over a period (clinic admins)."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from clinic import access
from records.audit import log_access
from records.models import Action
from records.outcomes.bar_charts import bar_chart
from records.outcomes.clinic_figures import SMALL_NUMBERS, OutcomeFigures, outcome_figures
from records.outcomes.filters import OutcomesFilterForm


@access.clinic_admin_required
@require_http_methods(["GET"])
def outcomes(request):
    """Figures over the chosen period (default the last 12 months), for one therapist or all. Queries: the
    therapist choices, the figures' seven (records.outcomes.clinic_figures), the access-log row."""
    clinic = access.clinic_for(request.user)
    form = OutcomesFilterForm(request.GET or None, clinic=clinic)
    figures = charts = None
    if not form.is_bound or form.is_valid():
        if not form.is_bound:
            form.cleaned_data = {}
        figures = outcome_figures(clinic=clinic, period=form.period(), therapist_id=form.therapist_id())
        charts = outcome_charts(figures)
    # Clinic-wide: the figures name no client, but they are drawn from every client's measures.
    log_access(request, client=None, action=Action.VIEW_OUTCOMES, detail=request.GET.urlencode())
    return render(
        request,
        "records/outcomes.html",
        {
            "clinic": clinic,
            "form": form,
            "figures": figures,
            "charts": charts,
            "therapist_name": form.therapist_name() if figures else "",
            "small_numbers": SMALL_NUMBERS,
        },
    )


def outcome_charts(figures: OutcomeFigures) -> dict:
    """The page's bar charts, each from the rows of the table printed beside it."""
    pain = [figures.visit_pain, *figures.techniques]
    return {
        "measures": bar_chart(
            "Discharged episodes with a meaningful improvement, by measure (%)",
            [(m.label, m.share, f"{m.share} %", m.small) for m in figures.measures],
            maximum=100,
        ),
        "pain": bar_chart(
            "Average pain reduction within the visit (NRS points, before − after)",
            [(p.label, p.mean_reduction, f"{p.mean_reduction} points", p.small) for p in pain],
        ),
        "trigger_points": bar_chart(
            "Suggested trigger points confirmed on palpation (%)",
            [(p.label, p.rate, f"{p.rate} %", p.small) for p in figures.trigger_points],
            maximum=100,
        ),
        "ranks": bar_chart(
            "Suggestions confirmed on palpation, by the rank they were suggested at (%)",
            [(r.label, r.rate, f"{r.rate} %", r.small) for r in figures.ranks],
            maximum=100,
        ),
    }
