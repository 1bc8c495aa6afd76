"""Forms for recording episodes of care and their check-ins (the measures, item by item).

Every answer is a radio button (a finger is enough, no keyboard), every text has a length limit, and bad
input gets a message beside its field while everything else typed stays: an item outside 0–4, a PSFS score
of 11, a LEFS with too many unanswered items, a global rating at the baseline. Totals and averages are never
typed: ``records.outcomes.scoring`` computes them from the stored items.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils import timezone

from clinic.dates import local_date
from clinic.edit_conflicts import VersionedFormMixin
from clinic.text import PlainTextField, refuse_control_characters
from records.forms import DATE_WIDGET, OneMessagePerError
from records.models import (
    CheckIn,
    CheckInAddendum,
    CheckInKind,
    DischargeReason,
    Episode,
    PsfsActivity,
)
from records.outcomes.instruments import (
    GROC_ANSWERS,
    LEFS_ANSWERS,
    LEFS_ITEM_COUNT,
    LEFS_ITEMS,
    LEFS_MAX_SCORE,
    LEFS_MIN_SCORE,
    NRS_MAX,
    NRS_MIN,
    PSFS_MAX_ACTIVITIES,
    PSFS_MAX_SCORE,
    PSFS_MIN_ACTIVITIES,
    PSFS_MIN_SCORE,
    USUAL_PAIN_WEEK_QUESTION,
)
from records.outcomes.scoring import lefs_missing_items_problem

ACTIVITY_NAME_LENGTH = PsfsActivity._meta.get_field("name").max_length
NOT_ANSWERED = ""
POSITIONS = range(1, PSFS_MAX_ACTIVITIES + 1)

LEFS_SCORE_MESSAGE = (
    f"Each LEFS answer is {LEFS_MIN_SCORE} (extreme difficulty) to {LEFS_MAX_SCORE} (no difficulty)."
)
PSFS_SCORE_MESSAGE = (
    f"Each PSFS score is {PSFS_MIN_SCORE} (unable to perform) to {PSFS_MAX_SCORE} (as before the problem)."
)
PAIN_MESSAGE = f"Pain is {NRS_MIN} to {NRS_MAX} (0 no pain, 10 worst imaginable)."
GROC_MESSAGE = "The global rating of change is −7 to +7."


def answer_field(
    *, label: str, choices, message: str, blank_label: str = "Not answered", css_class: str = "btn-check"
):
    """One answer as radio buttons: one of ``choices`` (integers), or "" (not answered: the last button, so
    an answer given by mistake can be taken back)."""
    return forms.TypedChoiceField(
        label=label,
        choices=[*[(str(value), text) for value, text in choices], (NOT_ANSWERED, blank_label)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": css_class}),
        error_messages={"invalid_choice": message},
    )


def _refuse_control_characters_in_text(form: forms.Form) -> None:
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            refuse_control_characters(field)


# --- Episodes ---------------------------------------------------------------------------------------------


class EpisodeForm(VersionedFormMixin, OneMessagePerError, forms.ModelForm):
    """An episode's details; a new one may also name the client's PSFS activities (3 to 5, or none yet)."""

    class Meta:
        model = Episode
        fields = ["title", "body_area", "started_on", "goals", "referral_source"]
        widgets = {"started_on": DATE_WIDGET, "goals": forms.Textarea(attrs={"rows": 3})}
        labels = {"title": "Presenting problem"}

    def __init__(self, *args, client, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client
        if self.instance._state.adding:
            self.instance.clinic_id = client.clinic_id
            self.instance.client = client
            self.instance.created_by = by
            # (A ModelForm's initial holds the new instance's None: setdefault would keep it.)
            self.initial["started_on"] = self.initial.get("started_on") or timezone.localdate()
        self.names_activities = self.instance._state.adding
        if self.names_activities:
            for position in POSITIONS:
                self.fields[f"activity_{position}"] = forms.CharField(
                    label=f"Activity {position}", max_length=ACTIVITY_NAME_LENGTH, required=False
                )
        self.fields["title"].error_messages["required"] = "Name the presenting problem."
        _refuse_control_characters_in_text(self)

    @property
    def activity_fields(self) -> list:
        return [self[f"activity_{n}"] for n in POSITIONS] if self.names_activities else []

    def clean(self):
        cleaned = super().clean()
        if self.names_activities:
            problem = activities_problem([cleaned.get(f"activity_{n}", "") for n in POSITIONS])
            if problem:
                self.add_error("activity_1", problem)
        return cleaned

    def activity_names(self) -> list[str]:
        if not self.names_activities:
            return []
        names = [(self.cleaned_data.get(f"activity_{n}") or "").strip() for n in POSITIONS]
        return [name for name in names if name]


def activities_problem(names) -> str | None:
    """PSFS: none named yet, or 3 to 5."""
    named = [name for name in names if (name or "").strip()]
    if named and len(named) < PSFS_MIN_ACTIVITIES:
        return (
            f"Name at least {PSFS_MIN_ACTIVITIES} activities (up to {PSFS_MAX_ACTIVITIES}), or leave them "
            "all empty and name them at the baseline check-in."
        )
    return None


class DischargeForm(VersionedFormMixin, forms.Form):
    """Discharging an episode: the date, the reason, a short note. ``versioned_instance`` is the episode."""

    discharged_on = Episode._meta.get_field("discharged_on").formfield(
        label="Discharged on", required=True, widget=DATE_WIDGET
    )
    discharge_reason = forms.ChoiceField(
        label="Reason", choices=DischargeReason.choices, widget=forms.RadioSelect
    )
    discharge_note = PlainTextField(
        label="Note",
        max_length=Episode._meta.get_field("discharge_note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, episode, **kwargs):
        self.episode = episode
        super().__init__(*args, **kwargs)
        self.initial.setdefault("discharged_on", timezone.localdate())
        self.fields["discharge_reason"].error_messages["required"] = "Give the reason for the discharge."

    @property
    def versioned_instance(self):
        return self.episode


class ReopenForm(VersionedFormMixin, forms.Form):
    def __init__(self, *args, episode, **kwargs):
        self.episode = episode
        super().__init__(*args, **kwargs)

    @property
    def versioned_instance(self):
        return self.episode


# --- Check-ins --------------------------------------------------------------------------------------------


@dataclass
class LefsRow:
    """One LEFS item as the form's table draws it."""

    number: int
    text: str
    field: forms.BoundField


@dataclass
class PsfsRow:
    """One PSFS activity: an existing one (``activity``) or one named here (``name_field``)."""

    position: int
    field: forms.BoundField
    activity: PsfsActivity | None = None
    name_field: forms.BoundField | None = None

    @property
    def legend(self) -> str:
        return self.activity.name if self.activity else f"Score for activity {self.position}"


class CheckInForm(VersionedFormMixin, OneMessagePerError, forms.ModelForm):
    """One check-in: kind, date (a visit's check-in is dated with the visit), usual pain over the last week,
    the 20 LEFS items, a PSFS score per named activity (or the activities themselves, named at the first
    check-in), and the global rating of change."""

    class Meta:
        model = CheckIn
        fields = ["kind", "recorded_on", "usual_pain_week", "groc"]
        widgets = {"recorded_on": DATE_WIDGET, "kind": forms.RadioSelect(attrs={"class": "btn-check"})}

    def __init__(self, *args, episode, therapist, visit=None, activities=(), **kwargs):
        instance = kwargs.get("instance")
        if instance is None:
            instance = CheckIn(clinic_id=episode.clinic_id, episode=episode, visit=visit, therapist=therapist)
            if visit is not None:
                instance.recorded_on = local_date(visit.started_at)
            kwargs["instance"] = instance
        super().__init__(*args, **kwargs)
        self.episode = episode
        self.visit = visit
        if visit is not None:
            # Dated with its visit (CheckIn.clean): nothing to choose.
            del self.fields["recorded_on"]
        else:
            self.initial["recorded_on"] = self.initial.get("recorded_on") or timezone.localdate()
            self.fields["recorded_on"].widget.attrs["class"] = "form-control w-auto"
        self.fields["kind"].choices = CheckInKind.choices
        self.fields["kind"].error_messages["required"] = "Choose baseline, follow-up or discharge."
        self.fields["usual_pain_week"] = answer_field(
            label=USUAL_PAIN_WEEK_QUESTION,
            choices=[(n, str(n)) for n in range(NRS_MIN, NRS_MAX + 1)],
            message=PAIN_MESSAGE,
            blank_label="Not asked",
        )
        self.fields["groc"] = answer_field(
            label="Global rating of change",
            choices=[
                (value, f"{value:+d} {label}" if value else f"0 {label}") for value, label in GROC_ANSWERS
            ],
            message=GROC_MESSAGE,
            blank_label="Not asked (always at the baseline)",
        )
        stored = {}
        if instance.pk is not None:
            stored = {row.item: row.score for row in instance.lefs_items.all()}
        for number in range(1, LEFS_ITEM_COUNT + 1):
            name = f"lefs_{number}"
            self.fields[name] = answer_field(
                label=LEFS_ITEMS[number - 1],
                choices=LEFS_ANSWERS,
                message=LEFS_SCORE_MESSAGE,
                css_class="form-check-input",
            )
            if number in stored:
                self.initial.setdefault(name, stored[number])
        self.activities = list(activities)
        scored = {}
        if instance.pk is not None:
            scored = {row.activity_id: row.score for row in instance.psfs_scores.all()}
        for activity in self.activities:
            name = f"psfs_{activity.pk}"
            self.fields[name] = self._psfs_field(activity.name)
            if activity.pk in scored:
                self.initial.setdefault(name, scored[activity.pk])
        # No activity named yet: this check-in names them (3 to 5), usually the baseline.
        self.names_activities = not self.activities
        if self.names_activities:
            for position in POSITIONS:
                self.fields[f"new_activity_{position}"] = forms.CharField(
                    label=f"Activity {position}", max_length=ACTIVITY_NAME_LENGTH, required=False
                )
                self.fields[f"new_psfs_{position}"] = self._psfs_field(f"Activity {position}")
        _refuse_control_characters_in_text(self)
        self.lefs_problem = ""
        self.psfs_problem = ""

    @staticmethod
    def _psfs_field(label: str):
        return answer_field(
            label=label,
            choices=[(n, str(n)) for n in range(PSFS_MIN_SCORE, PSFS_MAX_SCORE + 1)],
            message=PSFS_SCORE_MESSAGE,
        )

    # What the template draws --------------------------------------------------------------------------

    @property
    def lefs_rows(self) -> list[LefsRow]:
        return [LefsRow(n, LEFS_ITEMS[n - 1], self[f"lefs_{n}"]) for n in range(1, LEFS_ITEM_COUNT + 1)]

    @property
    def psfs_rows(self) -> list[PsfsRow]:
        if self.names_activities:
            return [
                PsfsRow(n, self[f"new_psfs_{n}"], name_field=self[f"new_activity_{n}"]) for n in POSITIONS
            ]
        return [PsfsRow(a.position, self[f"psfs_{a.pk}"], activity=a) for a in self.activities]

    @property
    def lefs_errors(self) -> list[str]:
        """Every LEFS problem, for the summary beside the questionnaire."""
        found = [self.lefs_problem] if self.lefs_problem else []
        return found + [
            f"Item {n}: {error}"
            for n in range(1, LEFS_ITEM_COUNT + 1)
            for error in self.errors.get(f"lefs_{n}", [])
        ]

    @property
    def general_errors(self) -> list[str]:
        """Problems of the whole form (a stale page, say), not the ones shown beside the LEFS or PSFS."""
        shown_beside = {self.lefs_problem, self.psfs_problem}
        return [error for error in self.non_field_errors() if error not in shown_beside]

    # Validation ----------------------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        if any(f"lefs_{n}" in self.errors for n in range(1, LEFS_ITEM_COUNT + 1)):
            return cleaned
        problem = lefs_missing_items_problem(self.lefs_scores())
        if problem:
            self.lefs_problem = problem
            # A non-field error keeps the form invalid; the page shows it beside the questionnaire.
            self.add_error(None, forms.ValidationError(problem, code="lefs_missing"))
        if self.names_activities:
            names = [(cleaned.get(f"new_activity_{n}") or "").strip() for n in POSITIONS]
            problem = activities_problem(names)
            for position, name in enumerate(names, start=1):
                if not name and cleaned.get(f"new_psfs_{position}") is not None:
                    self.add_error(f"new_activity_{position}", "Name the activity this score is for.")
            if problem:
                self.psfs_problem = problem
                self.add_error(None, forms.ValidationError(problem, code="psfs_activities"))
        return cleaned

    def lefs_scores(self) -> dict[int, int | None]:
        data = getattr(self, "cleaned_data", {})
        return {n: data.get(f"lefs_{n}") for n in range(1, LEFS_ITEM_COUNT + 1)}

    def psfs_scores(self) -> dict[int, int | None]:
        """{activity id: score or None} for the activities named before."""
        return {a.pk: self.cleaned_data.get(f"psfs_{a.pk}") for a in self.activities}

    def new_activities(self) -> list[tuple[int, str, int | None]]:
        """(position, name, score) of the activities this check-in names."""
        if not self.names_activities:
            return []
        named = []
        for position in POSITIONS:
            name = (self.cleaned_data.get(f"new_activity_{position}") or "").strip()
            if name:
                named.append((len(named) + 1, name, self.cleaned_data.get(f"new_psfs_{position}")))
        return named


class CheckInDiscardForm(forms.Form):
    reason = PlainTextField(
        label="Reason",
        max_length=CheckIn._meta.get_field("discard_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for discarding the check-in; it is kept in the record."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(
                "Give the reason for discarding the check-in; it is kept in the record."
            )
        return reason


class CheckInAddendumForm(OneMessagePerError, forms.ModelForm):
    class Meta:
        model = CheckInAddendum
        fields = ["text", "reason"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, check_in, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.check_in = check_in
        self.instance.author = author
        self.fields["text"].error_messages["required"] = "Write the addendum."
        self.fields["reason"].error_messages["required"] = "Give the reason for the addendum."
        for field in self.fields.values():
            refuse_control_characters(field)


# --- Starting a visit -------------------------------------------------------------------------------------

NEW_EPISODE = "new"


class EpisodeChoiceForm(forms.Form):
    """Which episode of care a new visit joins: one of the client's active episodes, or a new one."""

    episode = forms.ChoiceField(
        label="Episode of care",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": "Choose the episode this visit belongs to, or start a new one.",
            "invalid_choice": (
                "That episode is no longer open (discharged since this page was shown?). Choose again."
            ),
        },
    )
    new_episode_title = PlainTextField(
        label="New episode: the presenting problem",
        max_length=Episode._meta.get_field("title").max_length,
        required=False,
        help_text="Leave empty to call it “Care from <today>” and name it later.",
    )

    def __init__(self, *args, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.episodes = {str(e.pk): e for e in episodes}
        self.fields["episode"].choices = [
            *[(key, str(e)) for key, e in self.episodes.items()],
            (NEW_EPISODE, "Start a new episode"),
        ]
        self.initial.setdefault("episode", next(iter(self.episodes), NEW_EPISODE))

    def chosen(self) -> dict:
        """start_visit's keyword arguments for the choice."""
        key = self.cleaned_data["episode"]
        if key == NEW_EPISODE:
            return {"new_episode_title": self.cleaned_data.get("new_episode_title", "")}
        return {"episode": self.episodes[key]}
