"""Issue 10, defect 9 in the app: a database rule broken by a race the forms cannot see answers 409 with
"nothing was saved", never a 500."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save

pytestmark = pytest.mark.django_db

NEW_STAFF = {
    "username": "new_therapist",
    "first_name": "Nell",
    "last_name": "Newman",
    "email": "nell@example.com",
    "role": "therapist",
}


def test_a_username_taken_between_the_check_and_the_save_is_a_409_not_a_500(client_as, admin_a):
    users = get_user_model()

    def someone_else_takes_it_first(sender, instance, **kwargs):
        if instance.pk is None and instance.username == "new_therapist":
            pre_save.disconnect(someone_else_takes_it_first, sender=users)
            users.objects.create_user("new_therapist", password="another long password")

    pre_save.connect(someone_else_takes_it_first, sender=users)
    try:
        response = client_as(admin_a).post("/staff/new/", NEW_STAFF)
    finally:
        pre_save.disconnect(someone_else_takes_it_first, sender=users)

    assert response.status_code == 409
    assert "Nothing was saved" in response.content.decode()
    # The save ran in one transaction: the clash rolled back all of it.
    assert not users.objects.filter(username="new_therapist").exists()
