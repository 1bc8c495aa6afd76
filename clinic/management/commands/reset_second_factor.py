"""Remove a user's second factor from the command line: the way back in for a clinic admin or curator who
lost their phone and their recovery codes, when no other clinic admin can reset it for them."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clinic.models import Membership
from clinic.second_factor import devices


class Command(BaseCommand):
    help = (
        "Remove USERNAME's authenticator app and recovery codes and lift a second-factor lockout; "
        "they set up a new one at their next sign-in. Written to the access log."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        membership = Membership.objects.filter(user=user).first()
        removed = devices.reset(
            user,
            clinic_id=membership.clinic_id if membership else None,
            by="the operator (manage.py reset_second_factor)",
        )
        self.stdout.write(
            f"Second factor of {username} reset ({removed} device{'s' if removed != 1 else ''} removed). "
            "They set up a new one at their next sign-in. A password lockout, if any, lifts with "
            f"`manage.py axes_reset_username {username}`."
        )
