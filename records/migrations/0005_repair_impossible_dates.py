"""Repair dates before the new bounds (records/date_repair.py) so the constraints of the next migration
can be added. A date of birth before 1900 cannot be guessed: the migration stops and names it."""

from django.db import migrations


def repair(apps, schema_editor):
    from records.date_repair import repair_dates

    findings = repair_dates(apps=apps)
    for finding in findings:
        print(f"  repair_dates: {finding}")
    left = [str(f) for f in findings if f.new is None and not f.history_row]
    if left:
        raise RuntimeError("Correct these dates of birth before migrating: " + "; ".join(left))


class Migration(migrations.Migration):
    dependencies = [("records", "0004_visits")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop, elidable=True)]
