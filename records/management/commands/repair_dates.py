"""Find and repair impossible dates: ``manage.py repair_dates [--dry-run]``. See records/date_repair.py."""

from django.core.management.base import BaseCommand

from records.date_repair import repair_dates


class Command(BaseCommand):
    help = (
        "Find dates before the app's bounds (a visit in year 1, a consent before 2000), history included, "
        "and repair them: a visit takes its creation time, a consent its recording date. Dates of birth "
        "are only reported."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        findings = repair_dates(dry_run=dry_run)
        for finding in findings:
            self.stdout.write(str(finding))
        repaired = sum(1 for f in findings if f.new is not None)
        by_hand = len(findings) - repaired
        verb = "would repair" if dry_run else "repaired"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {repaired} date(s); {by_hand} to correct by hand.")
            if findings
            else self.style.SUCCESS("No impossible dates found.")
        )
