"""Which client fields are contact details and which are clinical: the one place that decides.

Reception sees and edits only ``CONTACT_FIELDS``; everything in ``CLINICAL_FIELDS`` is for therapists and
clinic admins. Pages, search results, history views and exports all read these lists, so a field added to
the model must be added here too (a test fails otherwise).
"""

IDENTITY_FIELDS = ["given_name", "family_name", "preferred_name", "date_of_birth", "sex"]

CONTACT_FIELDS = [
    *IDENTITY_FIELDS,
    "phone",
    "email",
    "address",
    "emergency_contact_name",
    "emergency_contact_phone",
    "gp_or_referrer",
]

# The pre-needling screen (DOMAIN.md, "Dry needling is invasive"). Each is an explicit yes/no so the visit
# log can refuse or warn on a precise reason rather than parse free text.
NEEDLING_PRECAUTION_FIELDS = [
    "anticoagulant_or_bleeding_disorder",
    "pregnancy",
    "needle_phobia",
    "immunosuppression",
    "diabetes",
    "metal_allergy",
]

CLINICAL_FIELDS = [
    "occupation",
    "sports_and_activities",
    "medical_history",
    "medications",
    "allergies",
    *NEEDLING_PRECAUTION_FIELDS,
    "needling_precaution_other",
    "notes",
]

# Bookkeeping fields: neither shown in forms nor hidden from reception (no clinical content).
ADMINISTRATIVE_FIELDS = [
    "id",
    "clinic",
    "client_number",
    "archived_at",
    "archived_by",
    "created_at",
    "updated_at",
    "search_name",
    "sort_name",
    "phone_digits",
    "lock_version",
]
