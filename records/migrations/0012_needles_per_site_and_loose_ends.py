"""Issue 12's loose ends in the records app: 1 to 20 needles at a needling site; the clients' search
columns recomputed now that apostrophes and punctuation are normalised away ("O’Sullivan" is "osullivan");
the access log's count of repeated views and its actions for saving and signing a visit."""

import re
import unicodedata

from django.db import migrations, models

# A frozen copy of records.search.normalise_text as of this migration, so later changes there cannot change
# what this migration wrote.
_APOSTROPHES = re.compile("['\u2018\u2019\u201b\u02bc\u02b9\u0060\u00b4\u2032]")
_SEPARATORS = re.compile(r"[^\w\s-]")
BATCH = 2000


def normalise_text(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", value).casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_SEPARATORS.sub(" ", stripped).split())


def recompute_search_columns(apps, schema_editor):
    Client = apps.get_model("records", "Client")
    changed = []
    rows = Client.objects.only(
        "pk", "given_name", "preferred_name", "family_name", "search_name", "sort_name"
    )
    for client in rows.order_by("pk").iterator(chunk_size=BATCH):
        parts = (client.given_name, client.preferred_name, client.family_name)
        search_name = normalise_text(" ".join(part for part in parts if part))
        sort_name = normalise_text(f"{client.family_name} {client.given_name}")
        if (search_name, sort_name) != (client.search_name, client.sort_name):
            client.search_name, client.sort_name = search_name, sort_name
            changed.append(client)
        if len(changed) >= BATCH:
            Client.objects.bulk_update(changed, ["search_name", "sort_name"])
            changed = []
    if changed:
        Client.objects.bulk_update(changed, ["search_name", "sort_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0011_access_log_keyset_indexes"),
        ("reference", "0010_trigger_point_depth_palpation_laterality_hazards"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="needlingsite",
            constraint=models.CheckConstraint(
                condition=models.Q(("needles_inserted__gte", 1), ("needles_inserted__lte", 20)),
                name="needling_needles_inserted_1_to_20",
            ),
        ),
        # Reversing leaves the new spelling, which the old code's search still reads (a little less well).
        migrations.RunPython(recompute_search_columns, migrations.RunPython.noop),
        # The access log counts repeated views of one record on one row, and has actions for saving and
        # signing a visit.
        migrations.AddField(
            model_name="accesslogentry",
            name="last_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="view_count",
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False, verbose_name="views"),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="action",
            field=models.CharField(choices=[('list_clients', 'Listed or searched clients'), ('view_client', 'Viewed a client'), ('create_client', 'Created a client'), ('edit_client', "Opened or saved a client's details"), ('archive_client', 'Archived a client'), ('restore_client', 'Restored a client'), ('add_consent', 'Recorded a consent'), ('withdraw_consent', 'Recorded a consent withdrawal'), ('view_history', "Viewed a client's change history"), ('view_access_log', "Viewed a client's access log"), ('view_clinic_access_log', "Viewed the clinic's access log"), ('view_visit', 'Viewed a visit'), ('save_visit', 'Saved a draft visit'), ('sign_visit', 'Signed a visit'), ('export', 'Exported a record'), ('enrol_second_factor', 'Set up a second factor'), ('second_factor_failed', 'Entered a wrong second-factor code'), ('recovery_code_used', 'Signed in with a recovery code'), ('recovery_codes_renewed', 'Made new recovery codes'), ('reset_second_factor', 'Reset a second factor'), ('second_factor_rule', "Changed the clinic's second-factor rule"), ('invite_staff', 'Invited a staff member'), ('accept_invitation', 'Accepted an invitation and set a password')], max_length=40),
        ),
    ]
