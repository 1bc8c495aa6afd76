"""Django's database sessions, with the one query every signed-in request makes compiled once per process.

Reading the session is the first query of every page; the ORM spent longer writing it than the database
spent answering it (clinic.prepared_queries). Everything else, including what is stored and where, is
Django's ``django.contrib.sessions.backends.db``, so switching to this engine keeps every session.
"""

from datetime import UTC, datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from clinic.prepared_queries import PreparedQuery

LIVE_SESSION = PreparedQuery(
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now),
    session_key="\x00session key",
    now=datetime(1900, 1, 1, tzinfo=UTC),
)


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        # As Django's: the unexpired session of this key, else forget the key (a new one is made on save).
        if self.session_key is not None:
            found = LIVE_SESSION.objects(session_key=self.session_key, now=timezone.now())
            if found:
                return found[0]
        self._session_key = None
        return None
