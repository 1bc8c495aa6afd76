"""A signed note's record is drawn once and reused (records/visits/note_cache.py): the page must look exactly
as if it were drawn afresh, and everything that can change what the record shows must change its key."""

import re
import zoneinfo

import pytest
from django.core.cache import caches
from django.utils import timezone

from records.visits.note_cache import CACHE_ALIAS, forget_records, record_key
from reference.versioning import current_library_version
from tests.visits.builders import add_addendum, add_finding, add_mark, add_needling, sign, trigger_point

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def page(browser, visit) -> str:
    response = browser.get(visit.get_absolute_url())
    assert response.status_code == 200
    return CSRF.sub("CSRF", response.content.decode())


@pytest.fixture
def signed_note(needling_draft):
    add_mark(needling_draft, "knee_posterior_lateral", "left", 6)
    add_finding(needling_draft)
    add_needling(needling_draft)
    return sign(needling_draft)


def cached_records() -> int:
    return len(caches[CACHE_ALIAS]._cache)  # LocMemCache's own store: how many records are kept


def test_the_cached_note_is_the_note_drawn_afresh(client_as, therapist_a2, signed_note):
    browser = client_as(therapist_a2)
    drawn = page(browser, signed_note)
    assert cached_records() == 1
    assert page(browser, signed_note) == drawn  # from the cache
    forget_records()
    assert page(browser, signed_note) == drawn
    assert "Biceps femoris" in drawn and "Signed by" in drawn


def test_an_addendum_shows_under_a_cached_note(client_as, therapist_a1, therapist_a2, signed_note):
    browser = client_as(therapist_a2)
    assert "No addenda." in page(browser, signed_note)
    add_addendum(signed_note, therapist_a1, text="The needling was on the right.")
    html = page(browser, signed_note)
    assert "The needling was on the right." in html and "No addenda." not in html


def test_a_library_change_redraws_the_note(client_as, therapist_a2, signed_note):
    browser = client_as(therapist_a2)
    page(browser, signed_note)
    muscle = trigger_point().muscle
    version = current_library_version()
    muscle.name = "Biceps femoris (long head)"
    muscle.save()  # a published entry: the library version moves on
    assert current_library_version() == version + 1
    assert "Biceps femoris (long head)" in page(browser, signed_note)


def test_a_corrected_signer_name_redraws_the_note(client_as, therapist_a1, therapist_a2, signed_note):
    browser = client_as(therapist_a2)
    page(browser, signed_note)
    therapist_a1.first_name, therapist_a1.last_name = "Renamed", "Therapist"
    therapist_a1.save()
    assert "Signed by Renamed Therapist" in page(browser, signed_note)


def test_the_key_names_the_viewers_role_the_time_zone_and_the_library_version(signed_note):
    key = record_key(signed_note, library_version=5, role="therapist")
    assert record_key(signed_note, library_version=5, role="therapist") == key
    assert record_key(signed_note, library_version=6, role="therapist") != key
    assert record_key(signed_note, library_version=5, role="clinic_admin") != key
    with timezone.override(zoneinfo.ZoneInfo("Australia/Perth")):
        assert record_key(signed_note, library_version=5, role="therapist") != key


def test_drafts_are_never_cached(client_as, therapist_a2, needling_draft):
    html = page(client_as(therapist_a2), needling_draft)  # someone else's draft: the read-only note
    assert "only they can change or sign it" in html
    assert cached_records() == 0


def test_the_handout_and_its_button_still_see_the_self_help(client_as, therapist_a2, needling_draft):
    from reference.models import SelfHelp

    entry = SelfHelp.objects.published().first()
    assert entry is not None, "the shipped library has self-help entries"
    needling_draft.self_help.add(entry)
    sign(needling_draft)
    browser = client_as(therapist_a2)
    assert "Self-help handout" in page(browser, needling_draft)
    assert "Self-help handout" in page(browser, needling_draft)  # from the cache
    handout = browser.get(f"/clients/visits/{needling_draft.pk}/handout/")
    assert entry.name in handout.content.decode()
