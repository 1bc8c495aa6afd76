"""Fixtures for the reference library tests. The article's content arrives with the migrations."""

import pytest

from reference.models import Muscle, ReferralZone, TriggerPoint


@pytest.fixture
def biceps_femoris(db):
    return Muscle.objects.get(slug="biceps-femoris")


@pytest.fixture
def bf_trigger_point(db):
    return TriggerPoint.objects.get(slug="biceps-femoris-trp")


@pytest.fixture
def bf_calf_zone(bf_trigger_point):
    return ReferralZone.objects.get(trigger_point=bf_trigger_point, region__code="calf_medial")


@pytest.fixture
def shipped_library(browser_db):
    """The library the migrations ship, for live-server tests.

    Browser tests rely on serialized rollback to get migration data back after an earlier transactional
    test flushed the database. Playwright's sync API runs tests under another context, where Django hands
    out a different connection object that lacks the serialized copy, so the data may be missing: reload it
    with the migrations' own loaders in that case.
    """
    from importlib import import_module

    from django.apps import apps

    from reference.models import BodyRegion, Muscle

    if not BodyRegion.objects.exists():
        import_module("reference.migrations.0002_body_chart_v1_regions").seed_regions(apps, None)
    if not Muscle.objects.exists():
        import_module("reference.migrations.0003_hamstrings_article").load(apps, None)
