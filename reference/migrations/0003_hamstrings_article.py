"""The hamstrings, from Stuart Hinds' article "Trigger Point Therapy for the Hamstrings", as library entries.

Every fact of the article is an entry or a field here, cited to the article. The content is frozen in this
migration on purpose (a migration must not depend on today's model code); curators change it afterwards in
the admin, with history.

Corrections and doubts are recorded on the entry itself (``curator_note``, ``needs_review``):
- "lateral side of the head of bula": characters were lost; the head of the fibula is meant (corrected).
- "PSLE" among the perpetuating factors: unclear, kept as written and flagged.
- The trigger-point locations come only from the captions of the article's diagrams (flagged).
"""

from django.db import migrations

SOURCE_KEY = "hinds-hamstrings"
PUBLISHED = "published"
DRAFT = "draft"
CHART_VERSION = 1

SOURCE = {
    "key": SOURCE_KEY,
    "title": "Trigger Point Therapy for the Hamstrings",
    "author": "Stuart Hinds",
    "publisher": "Stuart Hinds (stuart-hinds.com), Performance Therapy blog",
    "url": "https://stuart-hinds.com/blogs/performance-therapy/trigger-point-therapy-for-the-hamstrings",
    "citation": (
        "Hinds S. Trigger Point Therapy for the Hamstrings. Performance Therapy blog, stuart-hinds.com. "
        "Date of posting not given in the copy used."
    ),
    "note": (
        "Stuart Hinds is an Australian soft tissue therapist with over 27 years of experience as a "
        "practitioner, working with elite sports athletes and supporting Olympic teams, educating and "
        "mentoring others, and running a clinic in Geelong; in 2016 he was awarded a lifetime membership of "
        "Massage & Myotherapy Australia. The article points readers to a course, \"Anatomy of Stretching "
        "(10 CPE)\".\n\n"
        "About our copy: the posting date, the section headings (origin, insertion, action, nerve, "
        "indications, perpetuating factors, associated muscles) and the two trigger-point diagrams are "
        "missing from the text; sections were identified by their content and the diagrams by their captions. "
        "Some characters were lost (\"head of bula\" for \"head of fibula\")."
    ),
    "disclaimer": (
        "This trigger point therapy blog is intended to be used for information purposes only and is not "
        "intended to be used for medical diagnosis or treatment or to substitute for medical diagnosis and/or "
        "treatment rendered or prescribed by a physician or competent healthcare professional. This "
        "information is designed as educational material, but should not be taken as a recommendation for "
        "treatment of any particular person or patient. Always consult your physician if you think you need "
        "treatment or if you feel unwell."
    ),
}

GROUP = {
    "slug": "hamstrings",
    "name": "Hamstrings",
    "description": (
        "Three muscles at the back of the thigh; from medial to lateral the semimembranosus, semitendinosus "
        "and biceps femoris. We rely on them for walking, jogging, running and jumping: these workhorse "
        "muscles flex the knee and extend the hip at the beginning of each step. When walking, jogging or "
        "running they are antagonists to the quadriceps in decelerating knee extension. Because they have "
        "their origin at the sitting bones (ischial tuberosities), long periods of sitting may affect their "
        "function."
    ),
}

INNERVATION_NOTE = (
    'The article gives the innervation for the group as "Branches of the sciatic nerve, L4, 5, S1, 2, 3"; '
    "the segments are written out in full here."
)
ANTAGONIST_NOTE = (
    "Quadriceps. When walking, jogging or running, the hamstrings act as antagonists to the quadriceps in "
    "decelerating knee extension."
)
FUNCTIONAL_MOVEMENT = (
    "During running, the hamstrings slow down the leg at the end of its forward swing and prevent the trunk "
    "from flexing at the hip joint."
)
SCIATIC = "Branches of the sciatic nerve"
SEGMENTS = "L4, L5, S1, S2, S3"

# Medial to lateral, as the article lists them.
MUSCLES = [
    {
        "slug": "semimembranosus",
        "name": "Semimembranosus",
        "sort_order": 1,
        "description": "The most medial of the three hamstring muscles.",
        "origin": "Ischial tuberosity (sitting bone).",
        "insertion": "Back of the medial condyle of the tibia (upper side part of the tibia).",
        "action": (
            "Flexes the knee joint. Extends the hip joint. Medially rotates (turns in) the lower leg when the "
            "knee is flexed."
        ),
        "curator_note": INNERVATION_NOTE,
    },
    {
        "slug": "semitendinosus",
        "name": "Semitendinosus",
        "sort_order": 2,
        "description": "The middle of the three hamstring muscles, between semimembranosus and biceps femoris.",
        "origin": "Ischial tuberosity (sitting bone).",
        "insertion": "Upper medial surface of the shaft of the tibia.",
        "action": (
            "Flexes the knee joint. Extends the hip joint. Medially rotates (turns in) the lower leg when the "
            "knee is flexed."
        ),
        "curator_note": INNERVATION_NOTE,
    },
    {
        "slug": "biceps-femoris",
        "name": "Biceps femoris",
        "sort_order": 3,
        "description": "The most lateral of the three hamstring muscles.",
        "origin": "Ischial tuberosity (sitting bone) and the back of the femur.",
        "insertion": "Lateral side of the head of the fibula; lateral condyle of the tibia.",
        "action": (
            "Flexes the knee joint. Extends the hip joint. Laterally rotates (turns out) the lower leg when the "
            "knee is flexed."
        ),
        "curator_note": (
            'Insertion corrected: the article reads "lateral side of the head of bula". The characters "fi" '
            "were lost from the text; the head of the fibula is meant, where biceps femoris inserts.\n"
            + INNERVATION_NOTE
        ),
    },
]

DRAFT_NOTE = (
    "Draft created from the article (name and relation only); a curator should complete origin, insertion, "
    "action and innervation before publishing it."
)
# The antagonist named by the article, and the eight muscles it lists as associated with the hamstrings.
QUADRICEPS = {
    "slug": "quadriceps",
    "name": "Quadriceps",
    "curator_note": (
        'From the article\'s "Antagonists: Quadriceps". The quadriceps is a group of four muscles; a curator '
        "may replace this entry with them. " + DRAFT_NOTE
    ),
}
ASSOCIATED = [
    ("piriformis", "Piriformis", ""),
    ("popliteus", "Popliteus", ""),
    ("gluteal-muscles", "Gluteal muscles", "The article names the gluteal muscles as a group."),
    ("obturator-internus", "Obturator internus", ""),
    ("vastus-lateralis", "Vastus lateralis", ""),
    ("plantaris", "Plantaris", ""),
    ("gastrocnemius", "Gastrocnemius", ""),
    (
        "thoracolumbar-paraspinal-muscles",
        "Thoracolumbar paraspinal muscles",
        "The article names the thoracolumbar paraspinal muscles as a group.",
    ),
]
ASSOCIATION_NOTE = "Listed in the article among the muscles associated with the hamstrings."

CAPTION_NOTE = (
    "The article shows the trigger points only in a diagram, captioned \"{caption}\", which is missing from "
    "our copy; the chart region is the library's reading of that caption. Check it against the diagram."
)
SM_ST_CAPTION = "Trigger points in the semimembranosus/semitendinosus"
BF_CAPTION = "Trigger points in the biceps femoris"

SM_ST_ZONES = [
    ("gluteal_fold", "essential", "Strong 10 cm zone of pain at the inferior gluteal fold."),
    ("post_thigh_proximal_medial", "spillover", "Diffuse pain down the posteromedial thigh."),
    ("post_thigh_middle_medial", "spillover", "Diffuse pain down the posteromedial thigh."),
    ("post_thigh_distal_medial", "spillover", "Diffuse pain down the posteromedial thigh."),
    (
        "popliteal_fossa",
        "spillover",
        "The diffuse pain runs down the posteromedial leg past the back of the knee on its way to the calf.",
    ),
    ("calf_medial", "spillover", "Diffuse pain down the posteromedial leg."),
    ("achilles", "spillover", "The diffuse pain reaches the Achilles tendon area."),
]
BF_SPILLOVER_NOTE = (
    "Diffuse pain over the posteromedial leg, as the article says (although biceps femoris lies laterally)."
)
BF_ZONES = [
    ("popliteal_fossa", "essential", "Strong 10 cm zone of pain posterior to the knee joint."),
    ("post_thigh_proximal_medial", "spillover", BF_SPILLOVER_NOTE),
    ("post_thigh_middle_medial", "spillover", BF_SPILLOVER_NOTE),
    ("post_thigh_distal_medial", "spillover", BF_SPILLOVER_NOTE),
    ("calf_medial", "spillover", BF_SPILLOVER_NOTE),
]
TRIGGER_POINTS = [
    {
        "muscle": "semimembranosus",
        "slug": "semimembranosus-trp",
        "label": "Semimembranosus trigger point",
        "region": "post_thigh_middle_medial",
        "location_description": (
            "In the semimembranosus, medial side of the posterior thigh, about mid-thigh (from the diagram "
            f'captioned "{SM_ST_CAPTION}").'
        ),
        "curator_note": CAPTION_NOTE.format(caption=SM_ST_CAPTION)
        + " Semimembranosus and semitendinosus share one referral pattern in the article.",
        "zones": SM_ST_ZONES,
    },
    {
        "muscle": "semitendinosus",
        "slug": "semitendinosus-trp",
        "label": "Semitendinosus trigger point",
        "region": "post_thigh_middle_medial",
        "location_description": (
            "In the semitendinosus, medial side of the posterior thigh, about mid-thigh (from the diagram "
            f'captioned "{SM_ST_CAPTION}").'
        ),
        "curator_note": CAPTION_NOTE.format(caption=SM_ST_CAPTION)
        + " Semimembranosus and semitendinosus share one referral pattern in the article.",
        "zones": SM_ST_ZONES,
    },
    {
        "muscle": "biceps-femoris",
        "slug": "biceps-femoris-trp",
        "label": "Biceps femoris trigger point",
        "region": "post_thigh_distal_lateral",
        "location_description": (
            "In the biceps femoris, lateral side of the posterior thigh, in its lower third (from the diagram "
            f'captioned "{BF_CAPTION}").'
        ),
        "curator_note": CAPTION_NOTE.format(caption=BF_CAPTION)
        + ' The article gives the spillover as "diffuse pain posteromedial legs" for biceps femoris too; it '
        "is mapped as written (medial posterior thigh and medial calf).",
        "zones": BF_ZONES,
    },
]

HAMSTRINGS = ["semimembranosus", "semitendinosus", "biceps-femoris"]

# (slug, name, description); the article's own words are kept in the descriptions where they help.
SYMPTOMS = [
    (
        "posterior-thigh-pain-sitting-walking",
        "Posterior thigh pain when sitting or walking, worse at night",
        'The article: "Posterior thigh pain sitting/walking (worse at night)".',
    ),
    (
        "tenderness-back-of-legs-limping",
        "Tenderness in the back of the legs that may cause limping",
        "",
    ),
    ("pain-worse-on-sitting", "Pain worse on sitting", ""),
    ("pain-after-back-surgery", "Pain after back surgery", 'The article: "post back surgery".'),
    (
        "hamstring-pain-in-sport",
        "Hamstring pain in cycling, soccer, basketball, tennis or football",
        "",
    ),
]

PERPETUATING_FACTORS = [
    ("prolonged-driving", "Prolonged driving", ""),
    (
        "improper-sitting",
        "Improper sitting, or a work chair that digs into the back of the thighs",
        "",
    ),
    ("hip-surgery", "Hip surgery", ""),
    ("sitting-cross-legged", "Sitting cross-legged", ""),
    ("hip-knee-ankle-injury", "Hip, knee or ankle injury or fracture", ""),
    ("leg-casts", "Leg casts", ""),
    ("high-heeled-shoes", "High-heeled shoes", ""),
    ("psle", "PSLE", "Listed in the article as written; its meaning is being checked."),
    ("sacroiliac-joint-dysfunction", "Sacroiliac joint dysfunction", ""),
    (
        "improper-stretching",
        "Improper stretching before or after sport",
        "Trigger points in the hamstrings often occur from improper stretching before and after sports.",
    ),
]
PSLE_NOTE = (
    'Kept as written: the article lists "PSLE" without explanation, and the text lost characters elsewhere, '
    "so the abbreviation is uncertain. A curator should identify it (and rename the entry) or remove it."
)

CONDITION_DESCRIPTION = "Listed in the article as a differential diagnosis for hamstring trigger-point pain."
REFERRAL_PROMPT = (
    "Rule it out before treating the pain as coming from hamstring trigger points. Refer the client to a "
    "physician or other competent healthcare professional if it is suspected, if the pain does not follow the "
    "hamstring referral pattern, or if it does not respond to treatment."
)
REFERRAL_NOTE = (
    "The article lists this condition without saying what should prompt referral; the referral prompt is the "
    "library's general wording until a curator adds condition-specific criteria."
)
CONDITIONS = [
    ("sciatica", "Sciatica"),
    ("radiculopathy", "Radiculopathy"),
    ("muscle-tears", "Muscle tears"),
    ("osteitis", "Osteitis"),
    ("bursitic-osteoarthritis-of-knee", "Bursitic osteoarthritis of the knee"),
    ("knee-joint-dysfunction", "Knee joint dysfunction"),
    ("tenosynovitis", "Tenosynovitis"),
]

SELF_HELP = [
    (
        "stretching-technique",
        "Learn to stretch the hamstrings correctly",
        "Trigger points in the hamstrings often occur from improper stretching before and after sports, so "
        "it is very important to get the stretching technique down pat.",
    ),
    (
        "ball-and-foam-roller",
        "Ball and foam-roller release at home",
        "Balls and foam rollers can be very good for relieving pain and stiffness at home.",
    ),
]

TECHNIQUE_NOTE = (
    "The article names the technique only; the description and the recorded parameters are the library's own."
)
WITHIN_SCOPE = "Within the scope of practice of qualified soft-tissue therapists."


def _int(name, label, low, high, unit="", typical=None, help_text=""):
    spec = {"name": name, "label": label, "type": "integer", "min": low, "max": high}
    if unit:
        spec["unit"] = unit
    if typical:
        spec["typical"] = typical
    if help_text:
        spec["help"] = help_text
    return spec


def _text(name, label, help_text=""):
    spec = {"name": name, "label": label, "type": "text", "max_length": 200}
    if help_text:
        spec["help"] = help_text
    return spec


HOLD = _int("hold_seconds", "Hold (seconds)", 1, 300, unit="s")
REPETITIONS = _int("repetitions", "Repetitions", 1, 20)

# In the article's order.
TECHNIQUES = [
    {
        "slug": "spray-and-stretch",
        "name": "Spray and stretch",
        "kind": "spray_and_stretch",
        "description": (
            "A vapocoolant spray is swept over the muscle and its referral zone while the muscle is gently and "
            "passively stretched."
        ),
        "scope_note": WITHIN_SCOPE,
        "parameters": [
            _text("agent", "Spray agent", "The vapocoolant used."),
            _int("sweeps", "Sweeps", 1, 20),
            _text("stretch_position", "Stretch position"),
        ],
    },
    {
        "slug": "deep-stroking-massage",
        "name": "Deep stroking massage",
        "kind": "deep_stroking",
        "description": "Slow, deep gliding strokes along the taut band, through the trigger point.",
        "scope_note": WITHIN_SCOPE,
        "parameters": [
            _text("direction", "Direction", "e.g. distal to proximal along the fibres."),
            _int("passes", "Passes", 1, 50),
        ],
    },
    {
        "slug": "compression",
        "name": "Compression",
        "kind": "compression",
        "description": "Sustained pressure on the trigger point until the tenderness and tension ease.",
        "scope_note": WITHIN_SCOPE,
        "parameters": [
            {"name": "pressure", "label": "Pressure", "type": "choice", "choices": ["light", "moderate", "firm"]},
            HOLD,
            REPETITIONS,
        ],
    },
    {
        "slug": "muscle-energy-techniques",
        "name": "Muscle energy techniques",
        "kind": "muscle_energy",
        "description": (
            "The client contracts the muscle gently against the therapist's resistance, then relaxes while the "
            "therapist takes up the new range."
        ),
        "scope_note": WITHIN_SCOPE,
        "parameters": [
            _int("effort_percent", "Contraction effort (%)", 0, 100, unit="%"),
            _int("hold_seconds", "Hold (seconds)", 1, 60, unit="s"),
            REPETITIONS,
        ],
    },
    {
        "slug": "positional-release",
        "name": "Positional release",
        "kind": "positional_release",
        "description": (
            "The body part is placed in the position where the trigger point is least tender and held there "
            "while the tissue releases."
        ),
        "scope_note": WITHIN_SCOPE,
        "parameters": [
            _text("position", "Position"),
            _int("hold_seconds", "Hold (seconds)", 1, 300, unit="s", typical=[30, 90]),
        ],
    },
    {
        "slug": "dry-needling",
        "name": "Dry needling",
        "kind": "dry_needling",
        "invasive": True,
        "requires_written_consent": True,
        "description": "A fine solid filament needle is inserted into the trigger point; nothing is injected.",
        "scope_note": (
            "Invasive: only for practitioners trained, insured and permitted to dry-needle where they practise. "
            "Written informed consent and a pre-needling screen come first. Each needling site (muscle, trigger "
            "point, side, needles inserted and removed, gauge and length, depth, dwell time, twitch responses, "
            "tolerance) and any adverse event is recorded in the visit's needling record."
        ),
        "parameters": [],
    },
    {
        "slug": "wet-needling",
        "name": "Wet needling",
        "kind": "wet_needling",
        "invasive": True,
        "requires_written_consent": True,
        "loggable_as_routine": False,
        "description": "A needle is used to inject a substance, such as a local anaesthetic, into the trigger point.",
        "scope_note": (
            "Wet needling is an injection and is outside the scope of practice of most therapists (myotherapists, "
            "remedial massage therapists and most physiotherapists). Refer the client to a medical practitioner; "
            "it cannot be logged as a routine technique."
        ),
        "parameters": [],
    },
]


HISTORY_REASON = "Loaded from the hamstrings article (migration)"
HISTORY_M2M = {
    "Muscle": ["antagonists"],
    "Symptom": ["muscles"],
    "PerpetuatingFactor": ["muscles"],
    "Condition": ["muscles"],
    "Technique": ["muscles"],
    "SelfHelp": ["muscles"],
}
HISTORY_MODELS = [
    "Source", "MuscleGroup", "Muscle", "MuscleAssociation", "TriggerPoint", "ReferralZone", "Symptom",
    "PerpetuatingFactor", "Condition", "Technique", "SelfHelp",
]


def record_initial_history(apps):
    """Give every entry its first history record, so the admin's history starts with where it came from."""
    from django.utils import timezone

    when = timezone.now()
    for model_name in HISTORY_MODELS:
        Model = apps.get_model("reference", model_name)
        Historical = apps.get_model("reference", f"Historical{model_name}")
        names = [field.attname for field in Model._meta.concrete_fields]
        rows = Model.objects.filter(source__key=SOURCE_KEY) if model_name != "Source" else Model.objects.filter(
            key=SOURCE_KEY
        )
        for obj in rows:
            record = Historical.objects.create(
                **{name: getattr(obj, name) for name in names},
                history_date=when,
                history_type="+",
                history_change_reason=HISTORY_REASON,
            )
            for field_name in HISTORY_M2M.get(model_name, []):
                field = Model._meta.get_field(field_name)
                through = field.remote_field.through
                HistoricalLink = apps.get_model("reference", f"Historical{model_name}_{field_name}")
                link_names = [f.attname for f in through._meta.concrete_fields]
                for link in through.objects.filter(**{field.m2m_field_name(): obj}):
                    HistoricalLink.objects.create(history=record, **{n: getattr(link, n) for n in link_names})


def load(apps, schema_editor):
    get = apps.get_model
    Source = get("reference", "Source")
    BodyRegion = get("reference", "BodyRegion")
    MuscleGroup = get("reference", "MuscleGroup")
    Muscle = get("reference", "Muscle")
    MuscleAssociation = get("reference", "MuscleAssociation")
    TriggerPoint = get("reference", "TriggerPoint")
    ReferralZone = get("reference", "ReferralZone")
    LibraryVersion = get("reference", "LibraryVersion")

    source = Source.objects.create(**SOURCE)
    cited = {"source": source}
    group = MuscleGroup.objects.create(status=PUBLISHED, **GROUP, **cited)

    quadriceps = Muscle.objects.create(status=DRAFT, needs_review=True, sort_order=100, **QUADRICEPS, **cited)
    hamstrings = {}
    for entry in MUSCLES:
        muscle = Muscle.objects.create(
            status=PUBLISHED,
            group=group,
            innervation_nerve=SCIATIC,
            spinal_segments=SEGMENTS,
            antagonist_note=ANTAGONIST_NOTE,
            functional_movement=FUNCTIONAL_MOVEMENT,
            **entry,
            **cited,
        )
        muscle.antagonists.set([quadriceps])
        hamstrings[muscle.slug] = muscle

    for position, (slug, name, note) in enumerate(ASSOCIATED, start=1):
        target = Muscle.objects.create(
            status=DRAFT,
            slug=slug,
            name=name,
            sort_order=100 + position,
            curator_note=(note + " " + DRAFT_NOTE).strip(),
            **cited,
        )
        for muscle in hamstrings.values():
            MuscleAssociation.objects.create(
                status=PUBLISHED,
                from_muscle=muscle,
                to_muscle=target,
                note=ASSOCIATION_NOTE,
                sort_order=position,
                **cited,
            )

    regions = {region.code: region for region in BodyRegion.objects.filter(chart_version=CHART_VERSION)}
    for entry in TRIGGER_POINTS:
        trigger_point = TriggerPoint.objects.create(
            status=PUBLISHED,
            needs_review=True,
            muscle=hamstrings[entry["muscle"]],
            slug=entry["slug"],
            label=entry["label"],
            region=regions[entry["region"]],
            location_description=entry["location_description"],
            curator_note=entry["curator_note"],
            **cited,
        )
        for code, kind, note in entry["zones"]:
            ReferralZone.objects.create(
                status=PUBLISHED, trigger_point=trigger_point, region=regions[code], kind=kind, note=note, **cited
            )

    everyone = list(hamstrings.values())

    def named(model_name, rows, **extra):
        model = get("reference", model_name)
        for position, (slug, name, description) in enumerate(rows, start=1):
            fields = dict(extra)
            if model_name == "PerpetuatingFactor" and slug == "psle":
                fields.update(needs_review=True, curator_note=PSLE_NOTE)
            entry = model.objects.create(
                status=PUBLISHED, slug=slug, name=name, description=description, sort_order=position,
                **fields, **cited,
            )
            entry.muscles.set(everyone)

    named("Symptom", SYMPTOMS)
    named("PerpetuatingFactor", PERPETUATING_FACTORS)
    named("SelfHelp", SELF_HELP)
    named(
        "Condition",
        [(slug, name, CONDITION_DESCRIPTION) for slug, name in CONDITIONS],
        referral_prompt=REFERRAL_PROMPT,
        needs_review=True,
        curator_note=REFERRAL_NOTE,
    )

    Technique = get("reference", "Technique")
    for position, entry in enumerate(TECHNIQUES, start=1):
        technique = Technique.objects.create(
            status=PUBLISHED, sort_order=position, curator_note=TECHNIQUE_NOTE, **entry, **cited
        )
        technique.muscles.set(everyone)

    LibraryVersion.objects.update_or_create(pk=1, defaults={"number": 1})
    record_initial_history(apps)


def unload(apps, schema_editor):
    get = apps.get_model
    for model_name in (
        "Technique",
        "Condition",
        "SelfHelp",
        "PerpetuatingFactor",
        "Symptom",
        "ReferralZone",
        "TriggerPoint",
        "MuscleAssociation",
    ):
        get("reference", model_name).objects.filter(source__key=SOURCE_KEY).delete()
    Muscle = get("reference", "Muscle")
    for muscle in Muscle.objects.filter(source__key=SOURCE_KEY):
        muscle.antagonists.clear()
    Muscle.objects.filter(source__key=SOURCE_KEY).delete()
    get("reference", "MuscleGroup").objects.filter(source__key=SOURCE_KEY).delete()
    get("reference", "Source").objects.filter(key=SOURCE_KEY).delete()
    get("reference", "LibraryVersion").objects.all().delete()
    for model_name in HISTORY_MODELS:
        get("reference", f"Historical{model_name}").objects.filter(history_change_reason=HISTORY_REASON).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0002_body_chart_v1_regions")]

    operations = [migrations.RunPython(load, unload)]
