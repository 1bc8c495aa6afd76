"""Each check-in's LEFS and PSFS answers summed and counted (records.models.answer_totals), filled in for
the check-ins stored before it. Plain SQL that SQLite and PostgreSQL both run; the table goes backward."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0019_access_log_actions_of_both_outcome_branches'),
    ]

    operations = [
        migrations.CreateModel(
            name='CheckInAnswerTotals',
            fields=[
                ('check_in', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='answer_totals', serialize=False, to='records.checkin')),
                ('lefs_sum', models.PositiveSmallIntegerField(default=0)),
                ('lefs_answered', models.PositiveSmallIntegerField(default=0)),
                ('psfs_sum', models.PositiveSmallIntegerField(default=0)),
                ('psfs_answered', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'check-in answer totals',
                'verbose_name_plural': 'check-in answer totals',
            },
        ),
        migrations.RunSQL(
            """
            INSERT INTO records_checkinanswertotals (check_in_id, lefs_sum, lefs_answered, psfs_sum, psfs_answered)
            SELECT c.id,
                   COALESCE((SELECT SUM(l.score) FROM records_lefsitemscore l WHERE l.check_in_id = c.id), 0),
                   (SELECT COUNT(*) FROM records_lefsitemscore l WHERE l.check_in_id = c.id),
                   COALESCE((SELECT SUM(p.score) FROM records_psfsscore p WHERE p.check_in_id = c.id), 0),
                   (SELECT COUNT(*) FROM records_psfsscore p WHERE p.check_in_id = c.id)
            FROM records_checkin c
            """,
            reverse_sql=migrations.RunSQL.noop,
        ),
    ]
