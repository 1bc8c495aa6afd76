"""Render every page of the demo clinic to files, to diff two versions of the code page by page.

    DATABASE_URL=sqlite:////tmp/snap.sqlite3 .venv/bin/python tools/page_snapshots.py /tmp/before
    (change the code, or run the same command from another checkout against the same database)
    DATABASE_URL=sqlite:////tmp/snap.sqlite3 .venv/bin/python tools/page_snapshots.py /tmp/after
    diff -r /tmp/before /tmp/after

The first run migrates the database and loads the demo clinic; later runs reuse it, so both versions read
the same rows. Pages are fetched with Django's test client as the demo therapist (and the clinic admin for
staff pages). What changes on every request is replaced by a placeholder (CSRF tokens, CSP nonces), and
line breaks between tags are dropped, so the diff shows what a browser would draw differently. Pages whose
content is the access log itself are left out: every snapshot adds to it.
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

# As in the tests: static files by their plain names, so no collectstatic is needed.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

VOLATILE = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value="CSRF"'),
    (re.compile(r'(<meta name="csrf-token" content=")[^"]*"'), r'\1CSRF"'),
    (re.compile(r'nonce="[^"]*"'), 'nonce="NONCE"'),
    (re.compile(r"Printed \d\d/\d\d/\d{4} \d\d:\d\d"), "Printed DATE"),
    (re.compile(r">\s*\n\s*<"), "><"),
]


def normalise(html: str) -> str:
    for pattern, replacement in VOLATILE:
        html = pattern.sub(replacement, html)
    return html.replace("><", ">\n<")  # one tag a line, so a diff points at the tag


THERAPIST = "demo_therapist"
# Maps that draw candidates (grouped, shared ranks, explanations) and red flags, posted as the page's form.
PAIN_MAPS = {
    "buttock": {"mark-gluteal_fold-right-intensity": "7", "mark-popliteal_fossa-right-intensity": "3"},
    "knee_and_calf": {
        "mark-calf_medial-left-intensity": "6",
        "mark-popliteal_fossa-left-intensity": "5",
        "screen": ["calf_swelling"],
    },
}


def pages():
    from clinic.models import Clinic
    from records.models import Client as ClinicClient
    from records.models import Visit, VisitStatus
    from reference.models import Muscle

    clinic = Clinic.objects.get(name="Demo Myotherapy Clinic")
    yield "dashboard", "/"
    yield "client_list", "/clients/"
    yield "client_list_search", "/clients/?q=har"
    yield "where_does_it_hurt", "/reference/where-does-it-hurt/"
    for name, pain_map in PAIN_MAPS.items():
        yield f"where_does_it_hurt_{name}", ("/reference/where-does-it-hurt/", pain_map)
        yield f"where_candidates_{name}", ("/reference/where-does-it-hurt/candidates/", pain_map)
    yield "reference_index", "/reference/"
    for muscle in Muscle.objects.order_by("slug"):
        yield f"muscle_{muscle.slug}", f"/reference/muscles/{muscle.slug}/"
    for pk in ClinicClient.objects.filter(clinic=clinic).order_by("pk").values_list("pk", flat=True):
        yield f"client_{pk}", f"/clients/{pk}/"
        yield f"client_{pk}_edit", f"/clients/{pk}/edit/"
    for pk in Visit.objects.filter(client__clinic=clinic).order_by("pk").values_list("pk", flat=True):
        yield f"visit_{pk}", f"/clients/visits/{pk}/"
        yield f"visit_{pk}_print", f"/clients/visits/{pk}/print/"
        yield f"visit_{pk}_handout", f"/clients/visits/{pk}/handout/"
    # The editing screen's candidates, with its "Add as finding" buttons: the therapist's own drafts.
    drafts = Visit.objects.filter(clinic=clinic, status=VisitStatus.DRAFT, therapist__username=THERAPIST)
    for pk in drafts.order_by("pk").values_list("pk", flat=True):
        for name, pain_map in PAIN_MAPS.items():
            yield f"visit_{pk}_candidates_{name}", (f"/clients/visits/{pk}/candidates/", pain_map)


def start_a_draft_once(browser) -> None:
    """The demo has no draft of the demo therapist's; the first run starts one, later runs find it."""
    from records.models import Client as ClinicClient
    from records.models import Visit, VisitStatus

    if not Visit.objects.filter(status=VisitStatus.DRAFT, therapist__username=THERAPIST).exists():
        first = ClinicClient.objects.filter(clinic__name="Demo Myotherapy Clinic").order_by("pk").first()
        browser.post(f"/clients/{first.pk}/visits/new/")


def main(out: Path) -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", "--if-empty", verbosity=0)
    therapist = get_user_model().objects.get(username=THERAPIST)
    browser = Client(SERVER_NAME=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost")
    browser.force_login(therapist)
    start_a_draft_once(browser)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for name, url in pages():
        response = browser.post(*url) if isinstance(url, tuple) else browser.get(url)
        body = response.content.decode() if response.status_code == 200 else ""
        (out / f"{name}.html").write_text(f"<!-- {url} {response.status_code} -->\n{normalise(body)}\n")
        count += 1
    print(f"{count} pages written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
