"""Who reads the library: every clinic role reads published pages; drafts are for curators; only curators
reach the reference admin."""

import pytest

from clinic.models import Role
from reference.models import Condition, Muscle, Status, Technique
from tests.builders import make_user

PAGES = [
    "/reference/",
    "/reference/muscles/biceps-femoris/",
    "/reference/techniques/compression/",
    "/reference/conditions/sciatica/",
]


@pytest.mark.parametrize("persona", ["therapist_a1", "reception_a", "admin_a", "therapist_b", "curator"])
@pytest.mark.parametrize("url", PAGES)
def test_every_role_reads_published_reference_pages(client_as, personas, persona, url):
    assert client_as(personas[persona]).get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_a_signed_in_user_without_a_clinic_or_curator_role_is_refused(client_as, url):
    loner = make_user("loner")
    assert client_as(loner).get(url).status_code == 403


@pytest.fixture
def drafts(db):
    Technique.objects.filter(slug="compression").update(status=Status.DRAFT)
    Condition.objects.filter(slug="sciatica").update(status=Status.DRAFT)
    return [
        "/reference/muscles/piriformis/",
        "/reference/techniques/compression/",
        "/reference/conditions/sciatica/",
    ]


@pytest.mark.parametrize("persona", ["therapist_a1", "reception_a", "admin_a"])
def test_draft_entries_are_not_found_for_clinic_staff(client_as, personas, drafts, persona):
    for url in drafts:
        assert client_as(personas[persona]).get(url).status_code == 404, url


def test_curators_preview_draft_entries(client_as, curator, drafts):
    for url in drafts:
        response = client_as(curator).get(url)
        assert response.status_code == 200, url
        assert "Draft preview" in response.content.decode()


def test_a_draft_technique_drops_out_of_the_muscle_page_for_therapists(client_as, therapist_a1, drafts):
    html = client_as(therapist_a1).get("/reference/muscles/biceps-femoris/").content.decode()
    assert "/reference/techniques/compression/" not in html
    assert "/reference/conditions/sciatica/" not in html


@pytest.mark.parametrize("persona", ["therapist_a1", "reception_a", "admin_a"])
def test_clinic_staff_cannot_reach_the_reference_admin(client_as, personas, persona):
    client = client_as(personas[persona])
    muscle = Muscle.objects.get(slug="biceps-femoris")
    for url in ("/admin/", "/admin/reference/muscle/", f"/admin/reference/muscle/{muscle.pk}/change/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url


def test_staff_accounts_that_are_not_curators_see_no_reference_models(client_as, db):
    staff = make_user("staff_not_curator")
    staff.is_staff = True
    staff.save()
    client = client_as(staff)

    assert "Reference library" not in client.get("/admin/").content.decode()
    assert client.get("/admin/reference/muscle/").status_code == 403
    muscle = Muscle.objects.get(slug="biceps-femoris")
    response = client.post(f"/admin/reference/muscle/{muscle.pk}/change/", {"name": "Changed"})
    assert response.status_code == 403
    assert Muscle.objects.get(pk=muscle.pk).name == "Biceps femoris"


def test_a_curator_reaches_every_reference_admin_page(client_as, curator):
    client = client_as(curator)
    index = client.get("/admin/").content.decode()
    assert "Reference library" in index
    for model in (
        "source",
        "bodyregion",
        "libraryversion",
        "musclegroup",
        "muscle",
        "triggerpoint",
        "referralzone",
        "muscleassociation",
        "symptom",
        "perpetuatingfactor",
        "condition",
        "technique",
        "selfhelp",
    ):
        assert client.get(f"/admin/reference/{model}/").status_code == 200, model


def test_a_clinic_admin_who_is_also_a_curator_reads_and_curates(client_as, clinic_a):
    both = make_user("both", clinic=clinic_a, role=Role.CLINIC_ADMIN, curator=True)
    client = client_as(both)
    assert client.get("/reference/muscles/piriformis/").status_code == 200
    assert client.get("/admin/reference/muscle/").status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_reference_pages_have_no_inline_script_or_style(client_as, curator, url):
    import re

    html = client_as(curator).get(url).content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\son[a-z]+\s*=", html)
