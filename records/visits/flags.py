"""The red flags of a visit: which fired on the saved map and checklist, and what was done about them.

``sync_red_flags`` runs inside ``save_draft``'s transaction, after the pain map and the checklist are
written: it evaluates the published rules (``reference.red_flags``) on what the draft now says and records
each flag that fires, with the rule's message as it is now. A flag that no longer fires (the map was
corrected) is dropped while nothing was recorded about it; once an outcome is recorded it stays, because
the therapist acted on it. History keeps every change either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms

from records.models import FlagOutcome, Visit, VisitRedFlag
from records.models.red_flags import MAX_OUTCOME_NOTE, MAX_REFERRED_TO
from reference.red_flags import FiredFlag, fired_flags
from reference.screening import Screening
from reference.suggest import PainMark
from reference.versioning import current_library_version


@dataclass(frozen=True)
class OutcomeAnswer:
    outcome: str
    referred_to: str
    note: str


def visit_screening(visit: Visit) -> Screening:
    return Screening.of(
        visit.screening_answers or (), pain_course=visit.pain_course, night_pain=visit.night_pain
    )


def sync_red_flags(visit: Visit, marks: list[PainMark], *, by, outcomes: dict[int, OutcomeAnswer]) -> None:
    """Record the flags ``marks`` and the visit's checklist fire now, and apply the submitted outcomes."""
    version = current_library_version()
    fired = {
        flag.rule_id: flag
        for flag in fired_flags(
            marks, visit_screening(visit), chart_version=visit.chart_version, library_version=version
        )
    }
    existing = {row.rule_id: row for row in VisitRedFlag.objects.filter(visit=visit)}
    for rule_id, row in list(existing.items()):
        answered = row.outcome or (rule_id in outcomes and outcomes[rule_id].outcome)
        if rule_id not in fired and not answered:
            row._history_user = by
            row.delete()
            del existing[rule_id]
    for rule_id, flag in fired.items():
        existing.setdefault(rule_id, _new_row(visit, flag, version))
    for rule_id, row in existing.items():
        changed = row.pk is None
        answer = outcomes.get(rule_id)
        wanted = None if answer is None else (answer.outcome, answer.referred_to, answer.note)
        if wanted is not None and (row.outcome, row.referred_to, row.outcome_note) != wanted:
            row.outcome, row.referred_to, row.outcome_note = answer.outcome, answer.referred_to, answer.note
            changed = True
        if changed:
            row._history_user = by
            row.full_clean()
            row.save()


def _new_row(visit: Visit, flag: FiredFlag, version: int) -> VisitRedFlag:
    return VisitRedFlag(
        visit=visit,
        rule_id=flag.rule_id,
        library_version=version,
        rule_name=flag.name[:200],
        urgency=flag.urgency,
        urgency_label=flag.urgency_label,
        message=flag.message,
        reasons="\n".join(flag.reasons)[:2000],
    )


class FlagOutcomeForm(forms.Form):
    """What was done about one recorded flag: ``flag-<rule id>-outcome`` / ``-referred_to`` / ``-note``."""

    outcome = forms.ChoiceField(
        label="What was done",
        choices=FlagOutcome.choices,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    referred_to = forms.CharField(
        label="Referred to (whom)",
        max_length=MAX_REFERRED_TO,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "e.g. GP, Dr Lee, same day"}),
    )
    note = forms.CharField(
        label="Note",
        max_length=MAX_OUTCOME_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 1}),
    )

    def __init__(self, *args, flag: VisitRedFlag, **kwargs):
        self.flag = flag
        kwargs.setdefault(
            "initial", {"outcome": flag.outcome, "referred_to": flag.referred_to, "note": flag.outcome_note}
        )
        super().__init__(*args, prefix=f"flag-{flag.rule_id}", **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == FlagOutcome.REFERRED and not (cleaned.get("referred_to") or "").strip():
            self.add_error("referred_to", "Say to whom the client was referred.")
        return cleaned

    def answer(self) -> OutcomeAnswer:
        data = self.cleaned_data
        return OutcomeAnswer(
            outcome=data.get("outcome") or "",
            referred_to=(data.get("referred_to") or "").strip(),
            note=(data.get("note") or "").strip(),
        )
