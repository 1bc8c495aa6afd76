"""Load or update the reference library from a file written by ``export_reference``; all or nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reference.library_file import LibraryFileError, import_library
from reference.versioning import current_library_version


class Command(BaseCommand):
    help = (
        "Create or update reference entries from an export_reference JSON file, keyed by slugs and codes. "
        "Entries not in the file are left alone. Any error stops the import and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path of the JSON file.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}", returncode=2) from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 text.", returncode=2) from error
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno}). "
                "Nothing imported.",
                returncode=2,
            ) from error
        try:
            summary = import_library(document, reason=f"import_reference {path.name}")
        except LibraryFileError as error:
            raise CommandError(f"{path}: {error} Nothing imported.", returncode=2) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {summary}. Library version {current_library_version()}."
            )
        )
