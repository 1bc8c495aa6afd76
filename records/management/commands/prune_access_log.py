"""Remove access-log rows older than the retention period (seven years); run it daily or monthly from cron.

Rows inside the period are never removed: the cut-off is computed here, not given. ``--dry-run`` counts
what would go and removes nothing.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from records.log_retention import ACCESS_LOG_RETENTION_YEARS, expired_entries, prune, retention_cutoff


class Command(BaseCommand):
    help = f"Delete access-log rows older than {ACCESS_LOG_RETENTION_YEARS} years (the retention period)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would go; delete nothing.")

    def handle(self, *args, dry_run: bool, **options):
        cutoff = retention_cutoff(timezone.localdate())
        when = timezone.localtime(cutoff).strftime("%Y-%m-%d %H:%M %Z")
        if dry_run:
            count = expired_entries(cutoff).count()
            self.stdout.write(f"Dry run: {count} access-log rows logged before {when} would be deleted.")
            return
        count = prune(cutoff)
        self.stdout.write(f"Deleted {count} access-log rows logged before {when}.")
