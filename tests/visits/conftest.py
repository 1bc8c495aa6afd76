import pytest

from tests.records.builders import make_client, make_consent
from tests.visits.builders import make_visit


@pytest.fixture
def patient(clinic_a):
    """A client of clinic A without dry-needling consent."""
    return make_client(clinic_a, given_name="Mia", family_name="Kowalski", occupation="Courier van driver")


@pytest.fixture
def consenting_patient(clinic_a, therapist_a1):
    """A client of clinic A with current written dry-needling consent and a needling precaution."""
    client = make_client(clinic_a, given_name="Sam", family_name="Okafor", diabetes=True)
    make_consent(client, by=therapist_a1)
    return client


@pytest.fixture
def draft(patient, therapist_a1):
    return make_visit(patient, therapist_a1, presenting_complaint="Pain behind the left knee when running")


@pytest.fixture
def needling_draft(consenting_patient, therapist_a1):
    return make_visit(
        consenting_patient, therapist_a1, presenting_complaint="Back of thigh aches when sitting"
    )
