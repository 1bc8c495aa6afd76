"""`load_demo` (what `make run` shows a newcomer) and the `bench_clients` benchmark command."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clinic.models import Clinic, Membership, Role
from records.models import CheckIn, Client, Consent, LefsItemScore, PsfsScore
from tests.records.builders import make_client


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_load_demo_creates_a_clinic_with_staff_of_each_role_and_varied_clients():
    out, _ = run("load_demo")

    roles = set(
        Membership.objects.filter(clinic__name="Demo Myotherapy Clinic").values_list("role", flat=True)
    )
    assert roles == set(Role.values)
    clients = Client.objects.filter(clinic__name="Demo Myotherapy Clinic")
    assert clients.count() >= 30
    assert any(client.age < 18 for client in clients)
    assert clients.archived().count() == 1
    assert Consent.objects.filter(withdrawn_on__isnull=False).count() == 1
    assert Consent.objects.filter(kind__code="dry_needling").exists()
    assert clients.filter(occupation__icontains="courier").exists()
    assert clients.filter(sports_and_activities__icontains="cycling").exists()
    assert "demo_therapist" in out and "password:" in out


@pytest.mark.django_db
def test_load_demo_reuses_the_first_login_clinic_and_creates_nothing_twice():
    run("first_login")
    run("load_demo")
    count = Client.objects.count()

    out, _ = run("load_demo")
    assert Client.objects.count() == count
    assert "password:" not in out
    assert (
        Membership.objects.filter(clinic__name="Demo Myotherapy Clinic", role=Role.CLINIC_ADMIN).count() == 2
    )


def test_load_demo_if_empty_leaves_a_database_with_clients_alone(clinic_a):
    make_client(clinic_a)

    out, _ = run("load_demo", "--if-empty")
    assert "no demo data loaded" in out
    assert Client.objects.count() == 1


def test_load_demo_if_empty_leaves_a_real_clinic_without_clients_alone(clinic_a):
    out, _ = run("load_demo", "--if-empty")

    assert "no demo data loaded" in out
    assert not Clinic.objects.filter(name="Demo Myotherapy Clinic").exists()


@pytest.mark.django_db
def test_make_run_sequence_on_an_empty_database_loads_the_demo():
    run("first_login")
    out, _ = run("load_demo", "--if-empty")

    assert Client.objects.count() >= 30
    assert "demo_reception" in out


@pytest.mark.django_db
def test_the_benchmark_runs_on_a_small_database_and_prints_median_and_p95():
    out, _ = run(
        "bench_clients",
        "--in-place",
        "--clients",
        "50",
        "--searches",
        "5",
        "--pages",
        "5",
        "--visit-pages",
        "5",
    )

    assert "Seeded 50 clients" in out
    assert "Name search (client list with q): median" in out and "p95" in out
    assert "Client page: median" in out
    assert Client.objects.count() == 50
    # The clients with visits get episodes with check-ins, and their progress pages are timed.
    assert "check-ins (LEFS, PSFS, usual pain, GROC) in 50 episodes" in out
    assert "Episode progress page: median" in out
    assert LefsItemScore.objects.count() == 20 * CheckIn.objects.count() > 0
    assert PsfsScore.objects.count() == 3 * CheckIn.objects.count()


def test_the_benchmark_refuses_a_database_that_holds_clients(clinic_a):
    make_client(clinic_a)

    with pytest.raises(CommandError, match="already holds clients") as error:
        run("bench_clients", "--in-place", "--clients", "5")
    assert error.value.returncode == 2


@pytest.mark.django_db
@pytest.mark.parametrize("args", [["--clients", "0"], ["--searches", "-1"], ["--force"]])
def test_the_benchmark_explains_bad_arguments(args):
    with pytest.raises(CommandError) as error:
        run("bench_clients", *args)
    assert error.value.returncode == 2
