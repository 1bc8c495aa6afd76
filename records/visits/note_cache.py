"""A signed note's record, rendered once and reused: a signed visit never changes, so neither does its markup.

The signed visit page spent most of its time loading nine kinds of parts (nine queries, the ORM compiling
each) and drawing them, for a record that is locked (``records/models/visits.py``). The record part of the
note (everything but the addenda, which are appended) is kept in the ``notes`` cache (settings ``CACHES``)
under a key made of everything that can change what it shows:

* the visit (id, lock version, signing time and signer): a signed visit and all its parts refuse writes;
* the signer's name as shown ("Signed by ..."), which a clinic admin may correct;
* the current reference library version: muscle, trigger point, technique, self-help and red-flag names
  are read live from the library, and every published change moves the version on
  (``reference/models/library.py``); body regions never change meaning within a chart version;
* the viewer's role (only clinicians reach the page; the key still says who the markup was drawn for);
* the active time zone, which dates are drawn in;
* the template's source, so a deploy that changes it never serves old markup from a shared cache.

Addenda are read on every request (one query) and drawn outside the cached part; the access-log row is
written on every request by the view. Drafts and discarded visits are never cached.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.core.cache import caches
from django.db.models import Prefetch, prefetch_related_objects
from django.template.loader import get_template
from django.utils import timezone

from clinic import access
from records.models import Addendum, Visit
from records.outcomes.summary import visit_measures
from records.visits.queries import load_parts
from reference.versioning import current_library_version

CACHE_ALIAS = "notes"
RECORD_TEMPLATE = "records/visits/includes/note_record.html"


@cache
def template_fingerprint() -> str:
    """A digest of the record template's source, read once per process."""
    source = get_template(RECORD_TEMPLATE).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def record_key(visit: Visit, *, library_version: int, role: str | None) -> str:
    signer = visit.signed_by
    parts = [
        visit.pk,
        visit.lock_version,
        visit.signed_at.isoformat() if visit.signed_at else "",
        signer.pk if signer else "",
        signer.get_full_name() if signer else "",
        signer.get_username() if signer else "",
        library_version,
        role or "",
        timezone.get_current_timezone_name(),
        template_fingerprint(),
    ]
    digest = hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()
    return f"note-record:{visit.pk}:{digest}"


def parts_context(visit: Visit) -> dict:
    """What the record template draws, from the prefetched parts (``load_parts``)."""
    return {
        "visit": visit,
        "pain_marks": list(visit.pain_marks.all()),
        "findings": list(visit.findings.all()),
        "techniques": list(visit.techniques.all()),
        "needling_sites": list(visit.needling_sites.all()),
        "adverse_events": list(visit.adverse_events.all()),
        "red_flags": list(visit.red_flags.all()),
        "self_help": list(visit.self_help.all()),
        "perpetuating_factors": list(visit.perpetuating_factors.all()),
        # The check-in recorded in the visit (one query); it is locked with the visit, so it is cached too.
        "measures": visit_measures(visit.pk),
    }


def signed_record(visit: Visit, user) -> dict:
    """The signed ``visit``'s record markup and whether it prescribed self-help, from the cache or drawn now.

    Costs one query when cached (the addenda), ten when drawn. The library version comes with the visit
    (``visit_for_user_or_404``), else it is read here.
    """
    version = getattr(visit, "current_library_version", None)
    if version is None:
        version = current_library_version()
    key = record_key(visit, library_version=version, role=access.role_of(user))
    notes = caches[CACHE_ALIAS]
    record = notes.get(key)
    if record is None:
        load_parts(visit)
        context = parts_context(visit)
        record = {
            "html": get_template(RECORD_TEMPLATE).render(context),
            "has_self_help": bool(context["self_help"]),
        }
        notes.set(key, record)
    else:
        addenda = Prefetch("addenda", queryset=Addendum.objects.select_related("author"))
        prefetch_related_objects([visit], addenda)
    return record


def forget_records() -> None:
    """Empty the cache (tests roll the database back, so an id and a time can recur with other content)."""
    caches[CACHE_ALIAS].clear()
