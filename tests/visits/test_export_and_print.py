"""The whole record as JSON (command and download), the printable note and the self-help handout."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from records.models import AccessLogEntry, Action
from reference.models import SelfHelp
from tests.records.builders import make_client
from tests.visits.builders import (
    add_addendum,
    add_finding,
    add_mark,
    add_needling,
    add_technique,
    make_visit,
    sign,
)


@pytest.fixture
def full_record(needling_draft, therapist_a1):
    add_mark(needling_draft)
    finding = add_finding(needling_draft, status="confirmed")
    add_technique(needling_draft, finding=finding)
    add_needling(needling_draft)
    needling_draft.sharps_disposal_confirmed = True
    needling_draft.save()
    needling_draft.self_help.set(SelfHelp.objects.published()[:1])
    sign(needling_draft)
    add_addendum(needling_draft, therapist_a1)
    return needling_draft


def test_export_client_prints_the_whole_record_and_logs_it(full_record, capsys):
    client = full_record.client

    call_command("export_client", client.client_number)

    record = json.loads(capsys.readouterr().out)
    assert record["client"]["client_number"] == client.client_number
    assert record["client"]["diabetes"] is True
    assert [c["kind"] for c in record["consents"]] == ["dry_needling"]
    visit = record["visits"][0]
    assert visit["status"] == "signed" and visit["pain_start"] == 6
    assert visit["pain_map"][0] == {
        "region": "knee_posterior_lateral",
        "region_name": visit["pain_map"][0]["region_name"],
        "side": "left",
        "intensity": 6,
        "quality": "aching",
        "chart_version": 2,
    }
    assert visit["findings"][0]["trigger_point"]["slug"] == "biceps-femoris-trp"
    assert visit["techniques"][0]["parameters"] == {"pressure": "firm", "hold_seconds": 60}
    assert visit["techniques"][0]["finding"]["side"] == "left"
    assert visit["needling"][0]["needles_inserted"] == 2 and visit["needling"][0]["gauge_mm"] == "0.25"
    assert visit["addenda"][0]["reason"] == "Wrong side recorded"
    assert len(visit["self_help"]) == 1
    entry = AccessLogEntry.objects.get(action=Action.EXPORT)
    assert entry.client == client and entry.user is None and "export_client" in entry.detail


def test_export_client_with_bad_input_exits_with_status_2(patient, clinic_b):
    with pytest.raises(CommandError) as error:
        call_command("export_client", "C99999")
    assert error.value.returncode == 2
    make_client(clinic_b, given_name="Other", family_name="Clinic")  # the same number in clinic B
    with pytest.raises(CommandError, match="several clinics"):
        call_command("export_client", patient.client_number)
    with pytest.raises(CommandError, match="No clinic"):
        call_command("export_client", patient.client_number, clinic="Nowhere")
    call_command("export_client", patient.client_number, clinic=patient.clinic.name, stdout=io.StringIO())


def test_a_clinic_admin_downloads_the_record_and_it_is_logged(client_as, admin_a, full_record):
    response = client_as(admin_a).get(f"/clients/{full_record.client_id}/export/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="C')
    assert json.loads(response.content)["visits"][0]["addenda"]
    assert AccessLogEntry.objects.filter(action=Action.EXPORT, user=admin_a).exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("therapist_a1", 403), ("reception_a", 403), ("therapist_b", 404), ("curator", 404)],
)
def test_only_clinic_admins_download_the_record(client_as, personas, patient, persona, status):
    assert client_as(personas[persona]).get(f"/clients/{patient.pk}/export/").status_code == status


def test_another_clinics_admin_gets_404_for_the_download(client_as, clinic_b, patient):
    from clinic.models import Role
    from tests.builders import make_user

    admin_b = make_user("admin_b", clinic=clinic_b, role=Role.CLINIC_ADMIN)
    assert client_as(admin_b).get(f"/clients/{patient.pk}/export/").status_code == 404


def test_the_printable_note_includes_the_addenda_and_is_logged(client_as, therapist_a2, full_record):
    response = client_as(therapist_a2).get(f"/clients/visits/{full_record.pk}/print/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Visit note: Sam Okafor" in html and "Wrong side recorded" in html and "Addenda" in html
    assert 'href="/static/css/visit-print.css" media="print"' in html
    entry = AccessLogEntry.objects.get(action=Action.VIEW_VISIT)
    assert entry.user == therapist_a2 and "printed the note" in entry.detail


def test_the_self_help_handout_is_for_the_client(client_as, therapist_a1, full_record):
    html = client_as(therapist_a1).get(f"/clients/visits/{full_record.pk}/handout/").content.decode()
    advice = full_record.self_help.get()
    assert "Your self-help plan" in html and advice.name in html and advice.description[:40] in html
    assert "Needles" not in html and "Warfarin" not in html


def test_visit_history_records_each_part_with_its_user(client_as, therapist_a1, draft):
    from tests.visits.builders import page_data, row, trigger_point

    data = page_data(draft)
    data.update(row("findings", 0, trigger_point=trigger_point().pk, side="left", status="suspected"))
    data["mark-knee_posterior_lateral-left-intensity"] = "4"
    client_as(therapist_a1).post(draft.get_absolute_url(), data)

    finding, mark = draft.findings.get(), draft.pain_marks.get()
    assert finding.history.get().history_user == therapist_a1
    assert mark.history.get().history_user == therapist_a1
    assert draft.history.latest().history_user == therapist_a1


def test_a_visit_builder_makes_a_draft(patient, therapist_a1):
    assert make_visit(patient, therapist_a1).is_draft


@pytest.mark.parametrize(
    ("persona", "shown"), [("admin_a", True), ("therapist_a1", False), ("reception_a", False)]
)
def test_the_client_page_offers_the_export_to_clinic_admins_only(
    client_as, personas, patient, persona, shown
):
    html = client_as(personas[persona]).get(patient.get_absolute_url()).content.decode()
    export_url = f"/clients/{patient.pk}/export/"
    assert (f'href="{export_url}"' in html) is shown
    if shown:
        assert "Export record (JSON)" in html
        # The button's own link is the download that is logged.
        response = client_as(personas[persona]).get(export_url)
        assert response.status_code == 200
        assert AccessLogEntry.objects.filter(action=Action.EXPORT, client=patient).count() == 1
