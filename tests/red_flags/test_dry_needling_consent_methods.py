"""A consent kind says which ways of giving it count: dry needling takes written or e-signed consent only,
so a verbal one is recorded but unlocks neither needling nor signing a note with needling, and the pages
say why."""

import pytest

from records.models import ConsentKind, Method, VisitStatus
from records.visits.signing import signing_problems
from tests.records.builders import make_client, make_consent
from tests.visits.builders import add_needling, make_visit, page_data, row, trigger_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def verbal_client(clinic_a, therapist_a1):
    client = make_client(clinic_a, given_name="Ana", family_name="Reyes")
    make_consent(client, by=therapist_a1, method=Method.VERBAL)
    return client


def test_dry_needling_accepts_a_signed_form_or_electronic_consent_only(db):
    dry_needling = ConsentKind.objects.get(code="dry_needling", clinic__isnull=True)
    general = ConsentKind.objects.get(code="general_treatment", clinic__isnull=True)

    assert dry_needling.accepted_methods == [Method.SIGNED_FORM, Method.ELECTRONIC]
    assert dry_needling.accepted_methods_display() == "signed form or electronic"
    assert general.accepts(Method.VERBAL)


@pytest.mark.parametrize(
    ("method", "counts"), [("signed_form", True), ("electronic", True), ("verbal", False)]
)
def test_only_written_or_e_signed_dry_needling_consent_counts(clinic_a, therapist_a1, method, counts):
    client = make_client(clinic_a)
    make_consent(client, by=therapist_a1, method=method)

    assert client.has_current_consent("dry_needling") is counts
    assert client.dry_needling_consent_status() == ("current" if counts else "not_accepted")


def test_the_client_page_keeps_a_verbal_consent_and_says_why_needling_stays_locked(
    client_as, therapist_a1, verbal_client
):
    html = client_as(therapist_a1).get(verbal_client.get_absolute_url()).content.decode()

    assert "data-consent-not-accepted" in html
    assert "dry needling is invasive and needs signed form or electronic consent" in html
    assert "Recorded; verbal does not count for dry needling" in html


def test_the_needling_section_says_why_and_refuses_a_site_with_verbal_consent(
    client_as, therapist_a1, verbal_client
):
    visit = make_visit(verbal_client, therapist_a1)
    browser = client_as(therapist_a1)

    html = browser.get(visit.get_absolute_url()).content.decode()
    assert "Dry needling cannot be recorded:" in html
    assert "given in a way that does not count for needling" in html
    assert "Record a needling site" not in html

    data = page_data(visit)
    data["needling-TOTAL_FORMS"] = "1"
    data.update(
        row(
            "needling",
            0,
            trigger_point=trigger_point().pk,
            side="left",
            needles_inserted=1,
            needles_removed=1,
            gauge_mm="0.25",
            length_mm=30,
        )
    )
    response = browser.post(visit.get_absolute_url(), data)
    assert "has no current dry-needling consent" in response.content.decode()
    assert not visit.needling_sites.exists()


def test_a_note_with_needling_cannot_be_signed_on_a_verbal_consent(therapist_a1, verbal_client):
    visit = make_visit(verbal_client, therapist_a1, pain_start=5, sharps_disposal_confirmed=True)
    add_needling(visit)

    problems = signing_problems(visit)

    assert problems == [
        "Dry needling is recorded but the client's dry-needling consent was given in a way that does not "
        "count for needling: it must be signed form or electronic."
    ]
    assert visit.status == VisitStatus.DRAFT


def test_a_consent_kind_must_accept_at_least_one_known_method(db):
    from django.core.exceptions import ValidationError

    kind = ConsentKind.objects.get(code="dry_needling", clinic__isnull=True)
    for bad in ([], ["carrier_pigeon"], "signed_form"):
        kind.accepted_methods = bad
        with pytest.raises(ValidationError, match="Choose at least one method"):
            kind.full_clean()


def test_a_clinic_kind_must_count_at_least_one_way_of_giving_it(client_as, admin_a):
    response = client_as(admin_a).post("/clients/consent-kinds/", {"name": "Cupping", "description": ""})

    assert "Choose at least one way of giving this consent that counts." in response.content.decode()
    assert not ConsentKind.objects.filter(code="cupping").exists()
    listing = client_as(admin_a).get("/clients/consent-kinds/").content.decode()
    assert "signed form or electronic" in listing  # dry needling's accepted methods
