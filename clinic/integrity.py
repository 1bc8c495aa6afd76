"""The last resort for a broken database rule: a 409 page saying nothing was saved, never a 500.

Forms check uniqueness and the other rules first, with a message by the field. What they cannot see is a
clash with a change saved at the same moment (two people adding the same thing at once). Every write that
spans rows runs in ``transaction.atomic()``, which has rolled back by the time the error reaches here, so
"nothing was saved" is true. The admin answers the same case with a message on its own page
(``clinic.admin_hardening.HardenedModelAdmin``).
"""

import logging

from django.db import IntegrityError
from django.shortcuts import render

logger = logging.getLogger(__name__)

CONFLICT = 409


class IntegrityErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError):
            return None
        logger.warning("Refused a save that broke a database rule: %s %s", request.method, request.path)
        return render(request, "409_clash.html", status=CONFLICT)
