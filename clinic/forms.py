"""Forms a clinic admin uses to manage the clinic's staff."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction

from clinic.edit_conflicts import VersionedFormMixin
from clinic.models import Clinic, Membership, Role
from clinic.text import refuse_control_characters

User = get_user_model()


class StaffInviteForm(forms.ModelForm):
    """A new login in the admin's clinic, without a password: the person sets their own from the invitation
    e-mail (clinic/invitations.py). The admin never chooses, sees or knows it."""

    role = forms.ChoiceField(choices=Role.choices)
    registration_number = Membership._meta.get_field("registration_number").formfield()

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email"]

    def __init__(self, *args, clinic, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinic
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["email"].required = True
        self.fields["email"].help_text = "The invitation goes here: a one-time link to choose a password."
        for field in self.fields.values():
            refuse_control_characters(field)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("Another account already uses this email address.")
        return email

    @transaction.atomic
    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        user.save()
        Membership.objects.create(
            user=user,
            clinic=self.clinic,
            role=self.cleaned_data["role"],
            registration_number=self.cleaned_data.get("registration_number", ""),
        )
        return user


class ClinicProfileForm(VersionedFormMixin, forms.ModelForm):
    """The clinic's name, address and phone, as printouts carry them."""

    class Meta:
        model = Clinic
        fields = ["name", "address", "phone"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            refuse_control_characters(field)


class StaffEditForm(VersionedFormMixin, forms.Form):
    """Role, registration number and active state of an existing member. Deactivating ends the person's
    sign-in."""

    role = forms.ChoiceField(choices=Role.choices)
    registration_number = Membership._meta.get_field("registration_number").formfield()
    is_active = forms.BooleanField(
        label="Active (may sign in)", required=False, help_text="Untick to end this person's access now."
    )

    def __init__(self, *args, membership: Membership, acting_user, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "role": membership.role,
                "registration_number": membership.registration_number,
                "is_active": membership.is_active,
            },
        )
        self.membership = membership
        self.acting_user = acting_user
        super().__init__(*args, **kwargs)
        refuse_control_characters(self.fields["registration_number"])

    @property
    def versioned_instance(self):
        return self.membership

    def clean(self):
        cleaned = super().clean()
        if self.membership.user_id == self.acting_user.pk:
            # An admin locking themselves out could leave the clinic with no one to manage staff.
            if not cleaned.get("is_active", False):
                self.add_error("is_active", "You cannot deactivate your own account.")
            if cleaned.get("role") and cleaned["role"] != Role.CLINIC_ADMIN:
                self.add_error("role", "You cannot remove your own clinic admin role.")
        return cleaned
