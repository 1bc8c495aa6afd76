"""Muscle groups as real groups, heads or parts, synergists and antagonists, innervation taken from the group
(reference migrations 0012 and 0013), on the muscle page, in the curators' workspace and in the model."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from reference.models import Muscle, MuscleAssociation, MuscleGroup, MusclePart
from tests.reference.builders import make_muscle, make_source

pytestmark = pytest.mark.django_db

BF_URL = "/reference/muscles/biceps-femoris/"
PLACEHOLDERS = ("quadriceps", "gluteal-muscles", "thoracolumbar-paraspinal-muscles")


def test_the_articles_groups_are_groups_not_muscles():
    assert not Muscle.objects.filter(slug__in=PLACEHOLDERS).exists()
    assert set(MuscleGroup.objects.filter(slug__in=PLACEHOLDERS).values_list("slug", flat=True)) == set(
        PLACEHOLDERS
    )
    biceps = Muscle.objects.get(slug="biceps-femoris")
    assert [g.slug for g in biceps.antagonist_groups.all()] == ["quadriceps"]
    to_groups = MuscleAssociation.objects.filter(from_muscle=biceps, to_group__isnull=False)
    assert {a.to_group.slug for a in to_groups} == {"gluteal-muscles", "thoracolumbar-paraspinal-muscles"}


def test_the_biceps_femoris_page_shows_its_heads_synergists_and_the_groups_innervation(
    client_as, therapist_a1
):
    html = client_as(therapist_a1).get(BF_URL).content.decode()

    assert "Heads and parts" in html
    long_head = html.split('data-muscle-part="biceps-femoris-long-head"')[1].split("</div>")[0]
    short_head = html.split('data-muscle-part="biceps-femoris-short-head"')[1].split("</div>")[0]
    assert "Ischial tuberosity" in long_head and "Tibial division" in long_head
    assert "does not cross the hip" in short_head and "Common fibular" in short_head
    innervation = html.split("data-innervation>")[1].split("</dd>")[0]
    assert "Branches of the sciatic nerve" in innervation
    assert "The source gives this for the hamstrings as a group, not for each muscle." in innervation
    synergists = html.split("data-synergists>")[1].split("</dd>")[0]
    assert "Semimembranosus" in synergists and "Gluteal muscles" in synergists
    antagonists = html.split("data-antagonists>")[1].split("</dd>")[0]
    assert "Quadriceps" in antagonists
    assert "Gluteal muscles</a>" not in html  # a group has no page: named, not linked
    assert "(a group of muscles)" in html


def test_the_workspace_shows_the_heads_synergists_and_antagonists(client_as, curator):
    html = client_as(curator).get("/reference/curate/muscles/biceps-femoris/").content.decode()

    relations = html.split("data-muscle-relations")[1].split("</section>")[0]
    assert "Long head" in relations and "Short head" in relations
    assert "Gluteal muscles (group)" in relations and "Quadriceps (group)" in relations
    assert "as a group, not for each muscle" in relations


def test_an_association_names_a_muscle_or_a_group_never_both_nor_neither():
    biceps = Muscle.objects.get(slug="biceps-femoris")
    group = MuscleGroup.objects.get(slug="gluteal-muscles")
    both = MuscleAssociation(
        from_muscle=biceps, to_muscle=make_muscle(), to_group=group, source=biceps.source
    )
    neither = MuscleAssociation(from_muscle=biceps, source=biceps.source)
    for association in (both, neither):
        with pytest.raises(ValidationError, match="Associate either a muscle or a group."):
            association.full_clean()


def test_innervation_from_the_group_takes_the_groups_values_and_needs_them():
    source = make_source()
    silent = MuscleGroup.objects.create(name="Adductors", slug="adductors", source=source)
    muscle = make_muscle(group=silent, innervation_from_group=True)
    with pytest.raises(ValidationError, match="the group's innervation"):
        muscle.full_clean()

    silent.innervation_nerve, silent.spinal_segments = "Obturator nerve", "L2, L3, L4"
    silent.save()
    muscle.full_clean()
    assert (muscle.innervation_nerve, muscle.spinal_segments) == ("Obturator nerve", "L2, L3, L4")
    assert "as a group" in muscle.innervation_note


def _run_0013(*, forward: bool) -> None:
    loader = MigrationLoader(connection)
    operation = loader.disk_migrations[("reference", "0013_muscle_groups_replace_placeholders")].operations[
        -1
    ]
    (operation.code if forward else operation.reverse_code)(loader.project_state().apps, None)


def test_the_groups_migration_goes_back_to_placeholder_muscles_and_forward_again():
    def relations():
        biceps = Muscle.objects.get(slug="biceps-femoris")
        return {
            "antagonists": sorted(m.slug for m in biceps.antagonists.all()),
            "antagonist_groups": sorted(g.slug for g in biceps.antagonist_groups.all()),
            "associations": sorted(
                (a.to_muscle.slug if a.to_muscle_id else "", a.to_group.slug if a.to_group_id else "")
                for a in biceps.associations.all()
            ),
            "parts": sorted(MusclePart.objects.values_list("slug", flat=True)),
            "from_group": biceps.innervation_from_group,
        }

    forward = relations()
    _run_0013(forward=False)
    back = relations()
    assert back["antagonists"] == ["quadriceps"] and back["antagonist_groups"] == []
    assert ("gluteal-muscles", "") in back["associations"] and back["parts"] == []
    assert Muscle.objects.get(slug="gluteal-muscles").status == "draft"
    assert not MuscleGroup.objects.filter(slug__in=PLACEHOLDERS).exists()

    _run_0013(forward=True)
    assert relations() == forward
