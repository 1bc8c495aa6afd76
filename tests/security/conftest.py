"""The security tests reuse the records and visits fixtures (clients, drafts) as they are."""

from tests.records.conftest import client_a  # noqa: F401
from tests.visits.conftest import consenting_patient, draft, needling_draft, patient  # noqa: F401
