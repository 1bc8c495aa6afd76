"""Episodes of care and outcome measures: the instruments' wording, scoring and pain-map change.

Pure functions and data only (no views): ``instruments`` holds what the forms show, ``scoring`` turns
stored answers into totals and verdicts, ``pain_map_change`` measures a visit's pain map and compares two.
The models are in ``records.models.outcomes``;
``admin`` registers them in the Django admin, read-mostly like the visits.
"""
