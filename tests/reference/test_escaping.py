"""Curated text is data, never markup: a <script> typed by a curator is shown escaped on every page."""

import pytest

from reference.models import (
    Condition,
    Muscle,
    MuscleAssociation,
    PerpetuatingFactor,
    ReferralZone,
    SelfHelp,
    Source,
    Symptom,
    Technique,
    TriggerPoint,
)

EVIL = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert("


@pytest.fixture
def evil_library(db):
    def taint(queryset, *fields):
        for obj in queryset:
            for name in fields:
                setattr(obj, name, f"{getattr(obj, name)} {EVIL}")
            obj.save()

    taint(Source.objects.all(), "citation", "title")
    taint(
        Muscle.objects.filter(slug__in=["biceps-femoris", "piriformis"]),
        "name",
        "description",
        "origin",
        "insertion",
        "action",
        "antagonist_note",
        "functional_movement",
        "curator_note",
    )
    taint(TriggerPoint.objects.filter(slug="biceps-femoris-trp"), "label", "location_description")
    taint(ReferralZone.objects.filter(trigger_point__slug="biceps-femoris-trp"), "note")
    taint(MuscleAssociation.objects.filter(from_muscle__slug="biceps-femoris"), "note")
    taint(Symptom.objects.all(), "name", "description")
    taint(PerpetuatingFactor.objects.all(), "name")
    taint(SelfHelp.objects.all(), "name", "description")
    taint(Condition.objects.filter(slug="sciatica"), "name", "referral_prompt")
    technique = Technique.objects.get(slug="compression")
    technique.name += EVIL
    technique.scope_note += EVIL
    technique.parameters[0]["label"] += EVIL
    technique.save()


PAGES = [
    "/reference/",
    "/reference/?q=script",
    "/reference/muscles/biceps-femoris/",
    "/reference/techniques/compression/",
    "/reference/conditions/sciatica/",
]


def assert_escaped(html: str, url: str):
    assert "<script>alert" not in html, url
    assert ESCAPED in html, url


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("persona", ["therapist_a1", "curator"])
def test_curated_script_is_escaped_on_reference_pages(client_as, personas, evil_library, persona, url):
    assert_escaped(client_as(personas[persona]).get(url).content.decode(), url)


def test_curated_script_is_escaped_in_the_admin(client_as, curator, evil_library):
    client = client_as(curator)
    muscle = Muscle.objects.get(slug="biceps-femoris")
    trigger_point = TriggerPoint.objects.get(slug="biceps-femoris-trp")
    for url in (
        "/admin/reference/muscle/",
        f"/admin/reference/muscle/{muscle.pk}/change/",
        f"/admin/reference/muscle/{muscle.pk}/history/",
        "/admin/reference/referralzone/",
        f"/admin/reference/triggerpoint/{trigger_point.pk}/change/",
        "/admin/reference/symptom/",
    ):
        assert_escaped(client.get(url).content.decode(), url)
