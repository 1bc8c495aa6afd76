"""Load invented demo data: a clinic, staff of each role and a few dozen clients. Safe to run again.

``make run`` calls ``load_demo --if-empty`` after ``first_login``, so a newcomer sees a working clinic and
a database with real data is never touched.
"""

from django.core.management.base import BaseCommand

from clinic.management.commands.first_login import DEMO_CLINIC_NAME
from clinic.models import Clinic
from records.demo.clients import load_demo
from records.models import Client


class Command(BaseCommand):
    help = "Create a demo clinic with staff of each role and invented clients; adds only what is missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database holds any client, or any clinic but the demo clinic.",
        )

    def handle(self, *args, if_empty: bool, **options):
        if if_empty and (Client.objects.exists() or Clinic.objects.exclude(name=DEMO_CLINIC_NAME).exists()):
            self.stdout.write("Clients or clinics exist already; no demo data loaded.")
            return
        result = load_demo(clinic_name=DEMO_CLINIC_NAME)
        self.stdout.write(
            f"{result.clinic.name}: {result.clients_created} demo clients and "
            f"{result.visits_created} visits added."
        )
        if result.created_staff:
            banner = "=" * 64
            lines = "\n".join(f"  {name}" for name in result.created_staff)
            self.stdout.write(
                self.style.SUCCESS(
                    f"{banner}\nDemo staff created (all with the same password):\n{lines}\n"
                    f"  password: {result.password}\n{banner}"
                )
            )
        for username in result.skipped_staff:
            self.stderr.write(f"User {username} exists outside {result.clinic.name}; left unchanged.")
