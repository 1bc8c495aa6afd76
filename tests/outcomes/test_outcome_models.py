"""Episodes, check-ins and their answers (records/models/outcomes.py): every visit in an episode, ranges
refused by the database itself, the messages ``clean()`` gives, and the sign/lock/addendum rules."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from records.models import (
    AddendumIsAppendOnly,
    CheckIn,
    CheckInAddendum,
    CheckInKind,
    CheckInLocked,
    CheckInStatus,
    DeletionRefused,
    DischargeReason,
    Episode,
    EpisodeStatus,
    LefsItemScore,
    PsfsActivity,
    PsfsScore,
    Visit,
)
from records.visits.saving import start_visit
from tests.outcomes.builders import (
    answer_lefs,
    make_check_in,
    make_episode,
    name_activity,
    score_activity,
)
from tests.records.builders import make_client
from tests.visits.builders import make_visit, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_a(clinic_a):
    return make_client(clinic_a, given_name="Ivy", family_name="Brennan", date_of_birth=date(1990, 5, 1))


@pytest.fixture
def episode(client_a, therapist_a1):
    return make_episode(client_a, therapist_a1)


def refused_by_database(instance_or_callable):
    """The write fails on a CHECK or UNIQUE constraint (no clean() in the way)."""
    with pytest.raises(IntegrityError), transaction.atomic():
        if callable(instance_or_callable):
            instance_or_callable()
        else:
            instance_or_callable.save()


# --- Episodes and visits --------------------------------------------------------------------------------


def test_starting_a_visit_opens_an_episode_when_the_client_has_none(client_a, therapist_a1):
    visit = start_visit(client=client_a, therapist=therapist_a1)
    episode = visit.episode
    today = timezone.localdate()
    assert episode.client == client_a and episode.clinic_id == client_a.clinic_id
    assert episode.title == f"Care from {today:%d/%m/%Y}"
    assert episode.started_on == today
    assert episode.status == EpisodeStatus.ACTIVE
    assert episode.created_by == therapist_a1
    assert episode.history.count() == 1


def test_the_next_visit_joins_the_open_episode_and_after_discharge_a_new_one_opens(client_a, therapist_a1):
    first = start_visit(client=client_a, therapist=therapist_a1)
    second = make_visit(client_a, therapist_a1)
    assert second.episode == first.episode
    first.episode.discharge(
        by=therapist_a1, on=timezone.localdate(), reason=DischargeReason.GOALS_MET, note="Back to running"
    )
    third = make_visit(client_a, therapist_a1)
    assert third.episode != first.episode
    assert Episode.objects.filter(client=client_a).count() == 2
    assert list(client_a.episodes.active()) == [third.episode]


def test_of_two_active_episodes_a_visit_joins_the_latest_started(client_a, therapist_a1):
    make_episode(client_a, therapist_a1, started_on=date(2025, 1, 6), title="Calf")
    knee = make_episode(client_a, therapist_a1, started_on=date(2025, 2, 3), title="Knee")
    assert Episode.objects.open_for(client_a, by=therapist_a1) == knee


def test_opening_for_many_clients_reuses_open_episodes_and_opens_the_rest(clinic_a, client_a, therapist_a1):
    other = make_client(clinic_a, given_name="Ned", family_name="Ortiz")
    existing = make_episode(client_a, therapist_a1)
    found = Episode.objects.open_for_clients(
        clinic=clinic_a, client_ids=[client_a.pk, other.pk], by=therapist_a1, on=date(2025, 4, 1)
    )
    assert found[client_a.pk] == existing
    assert found[other.pk].pk is not None and found[other.pk].title == "Care from 01/04/2025"


def test_a_visit_cannot_be_put_in_another_clients_episode(clinic_a, client_a, therapist_a1, episode):
    other = make_client(clinic_a, given_name="Ned", family_name="Ortiz")
    with pytest.raises(ValidationError) as error:
        make_visit(other, therapist_a1, episode=episode)
    assert "episode" in error.value.message_dict


def test_every_visit_has_an_episode_in_the_database(client_a, therapist_a1):
    visit = make_visit(client_a, therapist_a1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(episode=None)


def test_an_episode_is_never_deleted(episode):
    with pytest.raises(DeletionRefused):
        episode.delete()
    with pytest.raises(DeletionRefused):
        Episode.objects.filter(pk=episode.pk).delete()


def test_discharge_needs_a_date_and_reason_and_cannot_precede_the_start(episode, therapist_a1):
    with pytest.raises(ValidationError) as error:
        episode.discharge(by=therapist_a1, on=episode.started_on - timedelta(days=1), reason="goals_met")
    assert error.value.message_dict["discharged_on"] == ["An episode cannot end before it started."]
    episode.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        episode.discharge(by=therapist_a1, on=episode.started_on, reason="")
    assert "discharge_reason" in error.value.message_dict
    episode.refresh_from_db()
    episode.discharge(by=therapist_a1, on=episode.started_on, reason=DischargeReason.REFERRED_ON)
    episode.reopen(by=therapist_a1)
    assert episode.status == EpisodeStatus.ACTIVE and episode.discharged_on is None
    assert episode.history.count() == 3 and episode.lock_version == 2


def test_an_episode_cannot_start_in_the_future_or_before_the_client_was_born(client_a, therapist_a1):
    for day, message in [
        (timezone.localdate() + timedelta(days=1), "The start date cannot be in the future."),
        (date(1990, 4, 30), "The start date cannot be before the client was born; check the year."),
        (date(1999, 12, 31), "Check the year: dates before 01/01/2000 are not accepted."),
    ]:
        with pytest.raises(ValidationError) as error:
            make_episode(client_a, therapist_a1, started_on=day)
        assert message in error.value.message_dict["started_on"]


def test_the_database_refuses_an_inconsistent_episode(client_a, therapist_a1, episode):
    base = {"clinic_id": client_a.clinic_id, "client": client_a, "title": "X", "created_by": therapist_a1}
    refused_by_database(Episode(**base, started_on=date(1999, 12, 31)))
    refused_by_database(Episode(**base, started_on=date(2025, 1, 1), status="paused"))
    refused_by_database(Episode(**base, started_on=date(2025, 1, 1), status="discharged"))
    refused_by_database(
        Episode(
            **base,
            started_on=date(2025, 1, 10),
            status="discharged",
            discharged_on=date(2025, 1, 9),
            discharge_reason="goals_met",
        )
    )
    refused_by_database(Episode(**{**base, "title": ""}, started_on=date(2025, 1, 1)))


# --- Check-ins and their answers ------------------------------------------------------------------------


def test_the_database_refuses_measures_out_of_range(episode, therapist_a1):
    def check_in(**fields):
        return CheckIn(
            clinic_id=episode.clinic_id,
            episode=episode,
            recorded_on=date(2025, 3, 10),
            therapist=therapist_a1,
            **fields,
        )

    refused_by_database(check_in(usual_pain_week=11))
    refused_by_database(check_in(groc=8))
    refused_by_database(check_in(groc=-8))
    refused_by_database(check_in(kind=CheckInKind.BASELINE, groc=2))
    refused_by_database(check_in(kind="weekly"))
    refused_by_database(check_in(status=CheckInStatus.SIGNED))  # without a signer
    stored = make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE)
    refused_by_database(
        lambda: LefsItemScore.objects.bulk_create([LefsItemScore(check_in=stored, item=21, score=2)])
    )
    refused_by_database(
        lambda: LefsItemScore.objects.bulk_create([LefsItemScore(check_in=stored, item=0, score=2)])
    )
    refused_by_database(
        lambda: LefsItemScore.objects.bulk_create([LefsItemScore(check_in=stored, item=1, score=5)])
    )
    LefsItemScore.objects.create(check_in=stored, item=1, score=4)
    refused_by_database(
        lambda: LefsItemScore.objects.bulk_create([LefsItemScore(check_in=stored, item=1, score=3)])
    )
    running = PsfsActivity.objects.create(episode=episode, position=1, name="Running")
    refused_by_database(PsfsActivity(episode=episode, position=6, name="Hopping"))
    refused_by_database(PsfsActivity(episode=episode, position=1, name="Squatting"))
    refused_by_database(
        lambda: PsfsScore.objects.bulk_create([PsfsScore(check_in=stored, activity=running, score=11)])
    )
    PsfsScore.objects.create(check_in=stored, activity=running, score=3)
    refused_by_database(
        lambda: PsfsScore.objects.bulk_create([PsfsScore(check_in=stored, activity=running, score=4)])
    )


def test_bad_input_gets_a_message_next_to_the_field(episode, therapist_a1):
    check_in = make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE)
    for row, field, message in [
        (LefsItemScore(check_in=check_in, item=3, score=5), "score", "0 (extreme difficulty) to 4"),
        (LefsItemScore(check_in=check_in, item=21, score=2), "item", "numbered 1 to 20"),
        (
            PsfsScore(check_in=check_in, activity=name_activity(episode, 1, "Stairs"), score=11),
            "score",
            "0 (unable",
        ),
        (PsfsActivity(episode=episode, position=6, name="Hopping"), "position", "up to 5 activities"),
        (
            CheckIn(
                episode=episode,
                clinic_id=episode.clinic_id,
                therapist=therapist_a1,
                recorded_on=date(2025, 3, 5),
                usual_pain_week=11,
            ),
            "usual_pain_week",
            "0 to 10",
        ),
        (
            CheckIn(
                episode=episode,
                clinic_id=episode.clinic_id,
                therapist=therapist_a1,
                recorded_on=date(2025, 3, 5),
                groc=9,
            ),
            "groc",
            "−7 to +7",
        ),
        (
            CheckIn(
                episode=episode,
                clinic_id=episode.clinic_id,
                therapist=therapist_a1,
                recorded_on=date(2025, 3, 5),
                kind="baseline",
                groc=2,
            ),
            "groc",
            "no change to rate at the baseline",
        ),
        (
            CheckIn(
                episode=episode,
                clinic_id=episode.clinic_id,
                therapist=therapist_a1,
                recorded_on=date(2025, 3, 5),
                kind="baseline",
            ),
            "kind",
            "baseline already",
        ),
        (
            CheckIn(
                episode=episode,
                clinic_id=episode.clinic_id,
                therapist=therapist_a1,
                recorded_on=date(2025, 3, 2),
            ),
            "recorded_on",
            "a check-in cannot be dated before it",
        ),
    ]:
        with pytest.raises(ValidationError) as error:
            row.full_clean()
        assert any(message in text for text in error.value.message_dict[field]), error.value.message_dict


def test_a_psfs_score_must_rate_an_activity_of_its_own_episode(client_a, therapist_a1, episode):
    other = make_episode(client_a, therapist_a1, title="Shoulder")
    check_in = make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE)
    with pytest.raises(ValidationError) as error:
        score_activity(check_in, name_activity(other, 1, "Reaching up"), 4)
    assert error.value.message_dict["activity"] == ["That activity belongs to another episode."]


def test_a_signed_check_in_on_its_own_is_locked_and_corrected_by_addenda(episode, therapist_a1):
    check_in = make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE, usual_pain_week=6)
    answer_lefs(check_in, {1: 2, 2: 3})
    stairs = name_activity(episode, 1, "Stairs")
    score_activity(check_in, stairs, 4)
    with pytest.raises(ValidationError):
        CheckInAddendum(check_in=check_in, author=therapist_a1, text="x", reason="y").full_clean()
    check_in.sign(by=therapist_a1)
    assert check_in.is_locked and check_in.stored_lock() == "signed"
    check_in.usual_pain_week = 3
    with pytest.raises(CheckInLocked):
        check_in.save()
    with pytest.raises(CheckInLocked):
        answer_lefs(check_in, {3: 4})
    with pytest.raises(CheckInLocked):
        LefsItemScore.objects.filter(check_in=check_in).update(score=0)
    with pytest.raises(CheckInLocked):
        PsfsScore.objects.filter(check_in=check_in).delete()
    stairs.name = "Running"
    with pytest.raises(CheckInLocked):
        stairs.save()  # renaming would change what the signed score meant
    with pytest.raises(DeletionRefused):
        check_in.delete()
    addendum = CheckInAddendum(check_in=check_in, author=therapist_a1, text="Pain was 5.", reason="Misheard")
    addendum.full_clean()
    addendum.save()
    with pytest.raises(AddendumIsAppendOnly):
        addendum.save()
    with pytest.raises(AddendumIsAppendOnly):
        CheckInAddendum.objects.filter(pk=addendum.pk).delete()


def test_a_draft_check_in_on_its_own_is_discarded_with_a_reason_not_deleted(episode, therapist_a1):
    check_in = make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE)
    with pytest.raises(ValidationError):
        check_in.discard(by=therapist_a1, reason=" ")
    check_in.discard(by=therapist_a1, reason="Entered for the wrong client")
    assert CheckIn.objects.filter(episode=episode).counted().count() == 0
    assert check_in.stored_lock() == "discarded"
    # The discarded baseline does not block a new one.
    make_check_in(episode, therapist_a1, kind=CheckInKind.BASELINE)


def test_a_check_in_inside_a_visit_follows_the_visits_lock(client_a, therapist_a1):
    visit = make_visit(client_a, therapist_a1)
    check_in = make_check_in(
        visit.episode, therapist_a1, visit=visit, recorded_on=timezone.localdate(visit.started_at)
    )
    answer_lefs(check_in, {1: 1})
    with pytest.raises(ValueError):
        check_in.sign(by=therapist_a1)
    sign(visit)
    check_in.refresh_from_db()
    assert check_in.is_locked and check_in.stored_lock() == "in a signed visit"
    with pytest.raises(CheckInLocked):
        check_in.save()
    with pytest.raises(CheckInLocked):
        answer_lefs(check_in, {2: 4})
    with pytest.raises(CheckInLocked):
        check_in.delete()


def test_a_check_in_inside_a_draft_visit_may_be_removed_with_its_answers(client_a, therapist_a1):
    visit = make_visit(client_a, therapist_a1)
    check_in = make_check_in(
        visit.episode, therapist_a1, visit=visit, recorded_on=timezone.localdate(visit.started_at)
    )
    answer_lefs(check_in, {1: 1, 2: 2})
    check_in.delete()
    assert not CheckIn.objects.filter(visit=visit).exists()
    assert not LefsItemScore.objects.exists()


def test_a_check_in_inside_a_visit_is_dated_with_it_and_in_its_episode(client_a, therapist_a1):
    visit = make_visit(client_a, therapist_a1)
    other = make_episode(client_a, therapist_a1, title="Shoulder")
    with pytest.raises(ValidationError) as error:
        make_check_in(visit.episode, therapist_a1, visit=visit, recorded_on=date(2025, 3, 3))
    assert error.value.message_dict["recorded_on"] == ["A check-in inside a visit is dated with the visit."]
    with pytest.raises(ValidationError) as error:
        make_check_in(other, therapist_a1, visit=visit, recorded_on=timezone.localdate(visit.started_at))
    assert error.value.message_dict["visit"] == ["That visit belongs to another episode."]
