"""Forms for client records. Reception gets the contact form; therapists and clinic admins the full one.

Which fields belong to which form is decided in ``records/fields.py`` only.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify

from clinic.dates import BoundedDateField
from clinic.edit_conflicts import VersionedFormMixin
from clinic.models import Role
from clinic.text import PlainTextField, refuse_control_characters
from records.fields import CLINICAL_FIELDS, CONTACT_FIELDS, NEEDLING_PRECAUTION_FIELDS
from records.models import Action, Addendum, Client, Consent, ConsentKind, Method, Visit
from records.search import normalise_text

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def row(*names):
    return Div(*[Div(name, css_class="col-md") for name in names], css_class="row")


class ClientContactForm(VersionedFormMixin, forms.ModelForm):
    """Identity and contact details: what reception maintains."""

    confirm_different_person = forms.BooleanField(
        label="This is a different person",
        required=False,
        widget=forms.HiddenInput,
        help_text="Tick this only after checking the existing record.",
    )

    class Meta:
        model = Client
        fields = CONTACT_FIELDS
        widgets = {
            "date_of_birth": DATE_WIDGET,
            "address": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        if self.instance._state.adding:
            self.instance.clinic = clinic
        self.duplicates = []
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout_parts())

    def layout_parts(self):
        return [
            Fieldset(
                "Identity",
                row("given_name", "family_name", "preferred_name"),
                row("date_of_birth", "sex"),
                "confirm_different_person",
            ),
            Fieldset(
                "Contact",
                row("phone", "email"),
                "address",
                row("emergency_contact_name", "emergency_contact_phone"),
                "gp_or_referrer",
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        given, family, born = (
            cleaned.get("given_name"),
            cleaned.get("family_name"),
            cleaned.get("date_of_birth"),
        )
        if given and family and born:
            self.duplicates = list(
                Client.objects.filter(
                    clinic=self.clinic, date_of_birth=born, sort_name=normalise_text(f"{family} {given}")
                ).exclude(pk=self.instance.pk)[:5]
            )
        if self.duplicates and not cleaned.get("confirm_different_person"):
            # A warning, not a block: two people can share a name and a birthday.
            self.fields["confirm_different_person"].widget = forms.CheckboxInput()
            links = format_html_join(
                ", ", '<a href="{}">{}</a>', ((c.get_absolute_url(), c) for c in self.duplicates)
            )
            self.add_error(
                "confirm_different_person",
                format_html(
                    "A client with this name and date of birth exists already: {}. Open it to check; if this "
                    "is a different person, tick “This is a different person” and save again.",
                    links,
                ),
            )
        elif self.duplicates:
            self.fields["confirm_different_person"].widget = forms.CheckboxInput()
        return cleaned


class ClientClinicalForm(ClientContactForm):
    """Everything, for therapists and clinic admins."""

    class Meta(ClientContactForm.Meta):
        fields = [*CONTACT_FIELDS, *CLINICAL_FIELDS]
        widgets = {
            **ClientContactForm.Meta.widgets,
            "medical_history": forms.Textarea(attrs={"rows": 3}),
            "medications": forms.Textarea(attrs={"rows": 2}),
            "allergies": forms.Textarea(attrs={"rows": 2}),
            "needling_precaution_other": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def layout_parts(self):
        return [
            *super().layout_parts(),
            Fieldset("Work and activities", row("occupation", "sports_and_activities")),
            Fieldset("Health", "medical_history", row("medications", "allergies")),
            Fieldset(
                "Needling precautions",
                Div(
                    *[Div(name, css_class="col-sm-6 col-lg-4") for name in NEEDLING_PRECAUTION_FIELDS],
                    css_class="row",
                ),
                "needling_precaution_other",
            ),
            Fieldset("Notes", "notes"),
        ]


def client_form_class_for(*, clinician: bool):
    return ClientClinicalForm if clinician else ClientContactForm


class ClientSearchForm(forms.Form):
    STATUS_CHOICES = [("active", "Active"), ("archived", "Archived"), ("all", "Active and archived")]

    q = PlainTextField(
        label="Search",
        required=False,
        max_length=100,
        help_text="Any part of a name, a date of birth (DD/MM/YYYY) or a phone number.",
    )
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False, initial="active")
    therapist = forms.ModelChoiceField(
        label="Seen by", queryset=get_user_model().objects.none(), required=False, empty_label="Any therapist"
    )

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["therapist"].queryset = (
            get_user_model()
            .objects.filter(
                membership__clinic=clinic,
                membership__role__in=[Role.THERAPIST, Role.CLINIC_ADMIN],
                membership__is_active=True,
            )
            .order_by("first_name", "last_name", "username")
        )
        self.fields["therapist"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )

    # The list page draws these fields with a plain template (records/includes/client_search_fields.html),
    # not crispy and Django's widget templates, which cost the page about 9 ms for three fields.

    def chosen(self, name: str) -> str:
        """The value the field shows: what was submitted, else its initial value."""
        value = self[name].value()
        return "" if value is None else str(value)

    def status_options(self) -> list[tuple[str, str, bool]]:
        chosen = self.chosen("status")
        return [(value, label, value == chosen) for value, label in self.STATUS_CHOICES]

    def therapist_options(self) -> list[tuple[str, str, bool]]:
        """ "Any therapist" and the clinic's clinicians as (value, label, selected): one query for the names
        only, instead of the model choice field's iterator (a server-side cursor over whole users)."""
        field = self.fields["therapist"]
        chosen = self.chosen("therapist")
        rows = field.queryset.values_list("pk", "first_name", "last_name", "username")
        options = [("", field.empty_label, chosen == "")]
        for pk, first, last, username in rows:
            label = f"{first} {last}".strip() or username  # as User.get_full_name() or get_username()
            options.append((str(pk), label, str(pk) == chosen))
        return options


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["kind", "consent_text_version", "given_on", "method"]
        widgets = {"given_on": DATE_WIDGET}

    def __init__(self, *args, client, recorded_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.client = client
        self.instance.recorded_by = recorded_by
        self.fields["kind"].queryset = ConsentKind.objects.available_to(client.clinic_id)
        self.fields["method"].widget = forms.RadioSelect(choices=self.fields["method"].choices[1:])


class ConsentWithdrawForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["withdrawn_on", "withdrawal_reason"]
        widgets = {"withdrawn_on": DATE_WIDGET, "withdrawal_reason": forms.Textarea(attrs={"rows": 2})}
        labels = {"withdrawn_on": "Withdrawn on"}

    def __init__(self, *args, withdrawn_by, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.withdrawn_on is not None:
            raise ValueError("This consent is withdrawn already")
        self.fields["withdrawn_on"].required = True
        self.instance.withdrawn_by = withdrawn_by


class ConsentKindForm(forms.ModelForm):
    accepted_methods = forms.MultipleChoiceField(
        label="Counts when given as",
        choices=Method.choices,
        initial=Method.values,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one way of giving this consent that counts."},
    )

    class Meta:
        model = ConsentKind
        fields = ["name", "description", "accepted_methods"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.clinic = clinic

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        self.instance.code = slugify(name).replace("-", "_")[:60]
        if not self.instance.code:
            raise forms.ValidationError("Use at least one letter or digit in the name.")
        return name


class AccessLogFilterForm(forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, empty_label="Anyone"
    )
    action = forms.ChoiceField(choices=[("", "Any action"), *Action.choices], required=False)
    date_from = BoundedDateField(label="From", required=False)
    date_to = BoundedDateField(label="To", required=False)

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(membership__clinic=clinic)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda user: user.get_full_name() or user.get_username()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


class DiscardForm(forms.Form):
    """Why a draft is set aside: kept in the record, so it is plain text of a bounded length."""

    reason = PlainTextField(
        label="Reason",
        max_length=Visit._meta.get_field("discard_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give a reason for discarding the draft; it is kept in the record."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give a reason for discarding the draft; it is kept in the record.")
        return reason


class OneMessagePerError:
    """A form mixin: a field's message is shown once, though the form field and the model's ``clean()``
    (which guards writes from anywhere, not only this form) both found the same problem."""

    def full_clean(self):
        super().full_clean()
        for error_list in (self._errors or {}).values():
            seen, kept = set(), []
            for error in error_list.as_data():
                text = " ".join(error.messages)
                if text not in seen:
                    seen.add(text)
                    kept.append(error)
            error_list.data[:] = kept


class AddendumForm(OneMessagePerError, forms.ModelForm):
    """A correction to a signed note: the text and the reason, validated like every other form field."""

    class Meta:
        model = Addendum
        fields = ["text", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "Write the addendum."
        self.fields["reason"].error_messages["required"] = "Give the reason for the addendum."
        for field in self.fields.values():
            refuse_control_characters(field)
