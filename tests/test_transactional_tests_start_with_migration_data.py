"""Every transactional test starts with the migrations' data, whatever transactional test ran before it.

The two tests below run in this order (pytest-django keeps file order among transactional tests), and
neither asks for serialized rollback itself: tests/conftest.py gives it to every transactional test.
Without that, the first test's closing flush would leave the second an empty database.
"""

import pytest
from django.contrib.auth.models import Group

from clinic.access import CURATORS_GROUP
from records.models import ConsentKind
from reference.models import BodyRegion, Muscle


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_commits_a_change_and_flushes_every_table_when_it_ends():
    Muscle.objects.filter(slug="biceps-femoris").update(name="Changed and committed by this test")


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_still_finds_the_migrations_data_as_shipped():
    assert Muscle.objects.get(slug="biceps-femoris").name == "Biceps femoris"
    assert BodyRegion.objects.exists()
    assert ConsentKind.objects.exists()
    assert Group.objects.filter(name=CURATORS_GROUP).exists()
