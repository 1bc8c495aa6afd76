"""The code a user types, and the clinic's rule."""

from django import forms

from clinic.edit_conflicts import VersionedFormMixin
from clinic.models import Clinic
from clinic.second_factor import devices


class CodeForm(forms.Form):
    """One box for either kind of code, so someone who lost their phone needs no other page."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, recovery_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.recovery_allowed = recovery_allowed
        if recovery_allowed:
            self.fields["code"].label = "Code from your authenticator app, or a recovery code"
            self.fields[
                "code"
            ].help_text = "Six digits from the app, or one of your eight-character recovery codes."
        else:
            self.fields["code"].label = "Code from your authenticator app"
            self.fields["code"].help_text = "The six digits the app shows now."
            self.fields["code"].widget.attrs["inputmode"] = "numeric"

    def clean_code(self):
        code = devices.normalise(self.cleaned_data["code"])
        if devices.is_app_code(code) or (self.recovery_allowed and devices.is_recovery_code(code)):
            return code
        if self.recovery_allowed:
            raise forms.ValidationError(
                "Enter the six digits from your app, or an eight-character recovery code."
            )
        raise forms.ValidationError("Enter the six digits your authenticator app shows.")


class ClinicSecondFactorForm(VersionedFormMixin, forms.ModelForm):
    """The clinic's rule. Version-checked like every editable record (clinic/edit_conflicts.py): if another
    admin changed the clinic since this page was opened, the save is refused and both versions shown."""

    class Meta:
        model = Clinic
        fields = ["require_second_factor"]
        labels = {"require_second_factor": "Every member of staff must sign in with a second factor"}
        help_texts = {
            "require_second_factor": (
                "Staff without an authenticator app set up are asked to set one up at their next page. "
                "Curators and Django admin users always need one, whatever this says."
            )
        }
