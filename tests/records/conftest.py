import pytest

from tests.records.builders import CLINICAL_VALUES, make_client


@pytest.fixture
def client_a(clinic_a):
    """A client of clinic A with every clinical field filled, so leaks are easy to spot."""
    return make_client(
        clinic_a, phone="0412 345 678", email="zoe@example.com", preferred_name="Zo", **CLINICAL_VALUES
    )
