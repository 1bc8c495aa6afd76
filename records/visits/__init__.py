"""Visits: the treatment notes a therapist drafts, signs and amends, one topic module each.

``forms`` (the editing screen's forms and formsets), ``rows`` and ``widgets`` (how they are drawn,
from the Jinja2 templates in ``templates/records/visits/rows/``),
``saving`` (starting a visit, saving a draft), ``signing`` (sign, discard, addenda), ``flags`` (red flags
a draft fires), ``queries`` (how pages read visits), ``note_cache`` (a signed note's record, drawn once),
``history`` (a visit's audit trail) and ``admin``.
The models stay in ``records/models/visits.py``, where Django looks for them.
"""
