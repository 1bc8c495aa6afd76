"""The visit page's empty rows are drawn once and kept (records/visits/rows.py): what each page then shows
must still be its own visit's, as the page's HTML stands, since that is what the browser posts."""

import re

import pytest

from records.models import Finding
from tests.records.builders import make_client
from tests.security.html_forms import forms_of
from tests.visits.builders import BICEPS_FEMORIS, SEMITENDINOSUS, add_finding, make_visit, trigger_point

pytestmark = pytest.mark.django_db


def visit_form(client, visit):
    url = visit.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    forms = forms_of(response.content.decode(), url)
    [form] = [form for form in forms if "findings-TOTAL_FORMS" in form.inputs]
    return form


@pytest.fixture
def two_drafts(clinic_a, therapist_a1, patient):
    """A draft drawn first, so that its empty rows are the ones kept, and another client's, with a finding."""
    first = make_visit(patient, therapist_a1)
    second = make_visit(make_client(clinic_a, given_name="Ana", family_name="Reyes"), therapist_a1)
    add_finding(second, SEMITENDINOSUS, side="left")
    return first, second


def test_every_row_of_a_page_links_to_that_pages_visit(client, therapist_a1, two_drafts):
    client.force_login(therapist_a1)
    first, second = two_drafts
    for visit in (first, second, first):
        form = visit_form(client, visit)
        inputs = form.inputs.items()
        links = {name: item.value for name, item in inputs if re.fullmatch(r"\w+-\w+-visit", name)}
        assert any("__prefix__" not in name for name in links)  # the empty rows, not only the stored ones
        assert set(map(tuple, links.values())) == {(str(visit.pk),)}, links


def test_a_finding_typed_into_an_empty_row_of_a_later_page_is_saved(client, therapist_a1, two_drafts):
    client.force_login(therapist_a1)
    first, second = two_drafts
    visit_form(client, first)
    data = visit_form(client, second).data()
    tp = trigger_point(BICEPS_FEMORIS)
    data.update({"findings-1-trigger_point": str(tp.pk), "findings-1-side": "right", "action": "save"})

    response = client.post(second.get_absolute_url(), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    saved = Finding.objects.filter(visit=second, trigger_point=tp).values_list("side", flat=True)
    assert list(saved) == ["right"]


def test_an_empty_technique_row_offers_its_own_visits_findings(client, therapist_a1, two_drafts):
    client.force_login(therapist_a1)
    first, second = two_drafts
    assert visit_form(client, first).inputs["techniques-0-finding"].value == [""]  # no findings to offer
    html = client.get(second.get_absolute_url()).content.decode()

    [finding] = second.findings.all()
    empty_row_choice = re.search(r'<select name="techniques-0-finding".*?</select>', html, re.S).group(0)
    assert f'<option value="{finding.pk}">' in empty_row_choice
