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
    return ReferralZone.objects.get(trigger_point=bf_trigger_point, region__code="calf_medial_upper")


@pytest.fixture
def shipped_library(browser_db):
    """The library the migrations ship, for live-server tests: serialized rollback (given to every
    transactional test by tests/conftest.py) restores it whatever transactional test ran before."""
