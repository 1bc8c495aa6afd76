# The access log's keyset pages read (at, id) in order off these indexes (records/log_pages.py). Built
# concurrently on PostgreSQL, so a large log keeps taking page views meanwhile; the new (clinic, -at, -id)
# and (client, -at, -id) indexes exist before the old (clinic, -at) and (client, -at) ones go.

from django.conf import settings
from django.db import migrations, models

from records.index_operations import AddIndexWithoutLocking, RemoveIndexWithoutLocking


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("clinic", "0004_lock_version_for_edit_conflicts"),
        ("records", "0010_lock_version_for_edit_conflicts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexWithoutLocking(
            model_name="accesslogentry",
            index=models.Index(fields=["clinic", "-at", "-id"], name="access_log_clinic_at_id"),
        ),
        AddIndexWithoutLocking(
            model_name="accesslogentry",
            index=models.Index(fields=["client", "-at", "-id"], name="access_log_client_at_id"),
        ),
        AddIndexWithoutLocking(
            model_name="accesslogentry",
            index=models.Index(fields=["clinic", "user", "-at", "-id"], name="access_log_clinic_user_time"),
        ),
        AddIndexWithoutLocking(
            model_name="accesslogentry",
            index=models.Index(fields=["clinic", "action", "-at", "-id"], name="access_log_clinic_action_time"),
        ),
        RemoveIndexWithoutLocking(model_name="accesslogentry", name="access_log_clinic_time"),
        RemoveIndexWithoutLocking(model_name="accesslogentry", name="access_log_client_time"),
    ]
