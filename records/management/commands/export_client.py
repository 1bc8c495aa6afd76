"""Print a client's whole record as JSON: ``manage.py export_client C00042 [--clinic NAME] [--user NAME]``.

The export is recorded in the client's access log (as the named user, or as "system").
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clinic.models import Clinic
from records.export import client_record_json, log_command_export
from records.models import Client


class Command(BaseCommand):
    help = "Print a client's whole record (details, consents, visits, addenda) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("client_number", help="The client number, e.g. C00042.")
        parser.add_argument(
            "--clinic", help="The clinic's name or id; needed when several clinics use the number."
        )
        parser.add_argument("--user", help="Username to record in the access log as the exporter.")
        parser.add_argument("--output", help="Write to this file instead of standard output.")

    def handle(self, *args, client_number, clinic=None, user=None, output=None, **options):
        clients = Client.objects.select_related("clinic").filter(client_number=client_number.strip().upper())
        if clinic:
            found = (
                Clinic.objects.filter(pk=int(clinic))
                if clinic.isdigit()
                else Clinic.objects.filter(name=clinic)
            )
            if not found.exists():
                raise CommandError(f"No clinic named {clinic!r}.", returncode=2)
            clients = clients.filter(clinic__in=found)
        matches = list(clients[:2])
        if not matches:
            where = f" in {clinic}" if clinic else ""
            raise CommandError(f"No client with number {client_number!r}{where}.", returncode=2)
        if len(matches) > 1:
            raise CommandError(
                f"Client number {client_number!r} exists in several clinics; add --clinic NAME.", returncode=2
            )
        client = matches[0]
        exporter = None
        if user:
            exporter = get_user_model().objects.filter(username=user).first()
            if exporter is None:
                raise CommandError(f"No user named {user!r}.", returncode=2)
        body = client_record_json(client)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(body + "\n")
        else:
            self.stdout.write(body)
        log_command_export(client, user=exporter, detail="whole record as JSON (export_client command)")
        if output:
            self.stderr.write(f"Wrote {client} to {output}; the export is recorded in the access log.")
