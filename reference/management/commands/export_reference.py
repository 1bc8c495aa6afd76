"""Print the whole reference library (all statuses, sources, chart regions) as one JSON document."""

import json

from django.core.management.base import BaseCommand

from reference.library_file import export_library


class Command(BaseCommand):
    help = "Print the reference library to standard output (JSON), for backup, review or import elsewhere."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json"], default="json", help="Output format (json).")

    def handle(self, *args, **options):
        document = export_library()
        self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False), ending="\n")
