import pytest

from tests.outcomes.builders import make_episode
from tests.records.builders import make_client


@pytest.fixture
def runner(clinic_a):
    """A client of clinic A with a sore left hamstring."""
    return make_client(clinic_a, given_name="Ruth", family_name="Oyelaran")


@pytest.fixture
def episode(runner, therapist_a1):
    return make_episode(runner, therapist_a1, body_area="Posterior thigh, left")
