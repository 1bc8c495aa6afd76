"""The live server answers the browser only while a test runs, never while the database is being reset.

Why: on SQLite the live server shares the test's in-memory database connection. A request the browser sends
after the test's body has ended (the visit editor saves when its page is hidden, with a keepalive request
that outlives the page and that routing cannot stop; an autosave timer firing during the last assertions)
would run on that connection while pytest-django flushes it and reloads the next test's data, and one of
them fails ("cannot start a transaction within a transaction", "no more rows available", a duplicate user).

So the server's WSGI application is wrapped once in a gate (``tests/browser/fixtures.py`` opens it when a
test's body starts and closes it when its teardown starts). Closed, the gate answers 503 without calling
Django, so without touching the database; closing waits for the requests already inside to finish.
"""

from __future__ import annotations

import threading

# Far above any page's time: a request still running after this is a hung test, reported as such.
REQUESTS_IN_FLIGHT_SECONDS = 30


class LiveServerGate:
    def __init__(self, app):
        self.app = app
        self.is_open = True
        self.busy = 0
        self._changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self._changed:
            if not self.is_open:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"Between tests: the database is being reset."]
            self.busy += 1
        try:
            # The whole answer is drawn here, so that "finished" means its last database read is done.
            response = self.app(environ, start_response)
            try:
                return [b"".join(response)]
            finally:
                if hasattr(response, "close"):
                    response.close()  # Django's request_finished: the request's connections are released
        finally:
            with self._changed:
                self.busy -= 1
                self._changed.notify_all()

    def open(self) -> None:
        with self._changed:
            self.is_open = True

    def close(self) -> None:
        """Turn new requests away, then wait for those already inside to finish."""
        with self._changed:
            self.is_open = False
            finished = self._changed.wait_for(lambda: self.busy == 0, timeout=REQUESTS_IN_FLIGHT_SECONDS)
        if not finished:
            seconds = REQUESTS_IN_FLIGHT_SECONDS
            raise RuntimeError(f"the live server still answers a request after {seconds} s")


def gate_of(live_server) -> LiveServerGate:
    """The gate in front of ``live_server``'s application, put there on first use."""
    server = live_server.thread.httpd
    app = server.get_app()
    if not isinstance(app, LiveServerGate):
        app = LiveServerGate(app)
        server.set_app(app)
    return app
