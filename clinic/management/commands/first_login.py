"""Create the first login on an empty database and print it; do nothing when users exist.

`make run` calls this after migrating, so a newcomer has a working account and re-running keeps data.
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from clinic.access import CURATORS_GROUP
from clinic.models import Clinic, Membership, Role

DEMO_CLINIC_NAME = "Demo Myotherapy Clinic"
ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "If the database has no users, create a demo clinic and a clinic-admin curator login and print it."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.exists():
            self.stdout.write("Users exist already; no login created. Use your existing account.")
            return
        password = secrets.token_urlsafe(12)
        clinic, _ = Clinic.objects.get_or_create(name=DEMO_CLINIC_NAME)
        user = User.objects.create_user(
            username=ADMIN_USERNAME,
            password=password,
            first_name="Clinic",
            last_name="Admin",
            email="admin@example.com",
            is_staff=True,  # lets the curator open the Django admin, the library's curation tool
        )
        user.groups.add(Group.objects.get(name=CURATORS_GROUP))
        Membership.objects.create(user=user, clinic=clinic, role=Role.CLINIC_ADMIN)
        banner = "=" * 64
        self.stdout.write(
            self.style.SUCCESS(
                f"{banner}\nFirst login created for {clinic.name}:\n"
                f"  username: {ADMIN_USERNAME}\n  password: {password}\n"
                "Clinic admin and reference curator. Curators sign in with a second factor: have an\n"
                "authenticator app ready, it is set up at the first sign-in. Change the password then.\n"
                f"{banner}"
            )
        )
