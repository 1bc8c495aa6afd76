"""A refused addendum: its messages at the top of the page, each once, by its field, with the focus there."""

from records.models import Addendum
from records.visits.signing import sign_visit


def signed(draft, therapist):
    draft.pain_start = 4
    draft.save()
    return sign_visit(visit_id=draft.pk, by=therapist)


def test_an_empty_addendum_comes_back_above_the_note_with_one_message_per_field(
    client_as, therapist_a1, draft
):
    visit = signed(draft, therapist_a1)

    html = (
        client_as(therapist_a1)
        .post(f"/clients/visits/{visit.pk}/addenda/", {"text": "", "reason": ""})
        .content.decode()
    )

    assert not Addendum.objects.exists()
    # The form (and its messages) come before the note, not under it.
    assert html.index('id="add-addendum-heading"') < html.index("Pain behind the left knee")
    assert html.count('id="add-addendum-heading"') == 1
    assert html.count("Write the addendum.") == 1
    assert html.count("Give the reason for the addendum.") == 1
    assert html.count("The addendum was not added") == 1
    # The first field in error has the focus, and says which message describes it.
    reason = html[html.index('id="addendum-reason"') :]
    reason = reason[: reason.index(">")]
    assert "autofocus" in reason and 'aria-describedby="addendum-reason-error"' in reason
    text = html[html.index('id="addendum-text"') :]
    assert "autofocus" not in text[: text.index(">")]


def test_only_the_text_missing_focuses_the_text(client_as, therapist_a1, draft):
    visit = signed(draft, therapist_a1)

    html = (
        client_as(therapist_a1)
        .post(f"/clients/visits/{visit.pk}/addenda/", {"text": "   ", "reason": "Wrong side"})
        .content.decode()
    )

    assert html.count("Write the addendum.") == 1
    assert "Give the reason" not in html
    text = html[html.index('id="addendum-text"') :]
    assert "autofocus" in text[: text.index(">")]
    assert 'value="Wrong side"' in html


def test_without_errors_the_form_stays_under_the_note(client_as, therapist_a1, draft):
    visit = signed(draft, therapist_a1)
    html = client_as(therapist_a1).get(visit.get_absolute_url()).content.decode()
    assert html.index("Pain behind the left knee") < html.index('id="add-addendum-heading"')
    assert "autofocus" not in html
