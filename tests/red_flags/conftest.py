"""The visit fixtures (clients with and without dry-needling consent, drafts) shared with tests/visits."""

from tests.visits.conftest import consenting_patient, draft, needling_draft, patient  # noqa: F401
