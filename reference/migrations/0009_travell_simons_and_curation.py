"""Travell & Simons as a second source for the hamstrings; curation states; differentials' own texts; PSLE.

- Source: Travell & Simons, Myofascial Pain and Dysfunction: The Trigger Point Manual, vol. 2 (1992),
  ch. 16 "Hamstring muscles". Cited (ch. 16) on every zone it confirms, and the source of the zones it adds.
- Semimembranosus / semitendinosus: the gluteal fold stays essential (both sources); T&S add the lower
  buttock as essential; the posteromedial thigh, knee and medial calf spillover are confirmed by T&S; the
  Achilles area is the article's alone and is put under review (counts half).
- Biceps femoris: the back of the knee stays essential (both sources). T&S give the spillover up the
  posterolateral thigh as far as the gluteal fold and below the knee into the upper calf: added. The
  article's "posteromedial" spillover zones are kept, marked contradicted with the discrepancy (the ranking
  does not count them), so the difference stays visible.
- Every trigger point, zone and differential gets a curation state therapists see; every entry under
  review gets a reason in plain words.
- The seven differentials get their own "how to rule out / when to refer" texts (library wording) and the
  regions where they typically hurt.
- "PSLE" is unpublished until a curator identifies it; visits that recorded it keep it.
"""

from django.db import migrations
from django.utils import timezone

TS_KEY = "travell-simons-1992-vol2"
ARTICLE_KEY = "hinds-hamstrings"
TS_SOURCE = {
    "key": TS_KEY,
    "title": "Myofascial Pain and Dysfunction: The Trigger Point Manual. Volume 2: The Lower Extremities",
    "author": "Janet G. Travell, David G. Simons",
    "publisher": "Williams & Wilkins, Baltimore",
    "citation": (
        "Travell JG, Simons DG. Myofascial Pain and Dysfunction: The Trigger Point Manual. Vol. 2, The Lower "
        "Extremities. Baltimore: Williams & Wilkins; 1992. Chapter 16, Hamstring muscles."
    ),
    "note": (
        "The standard reference for trigger-point referral patterns. The library uses chapter 16 (hamstring "
        "muscles) as a second source for the patterns the hamstrings article abridges."
    ),
}
CH16 = "ch. 16, Hamstring muscles"
REASON = "Travell & Simons added as a second source (migration)"

TRP_REVIEW = (
    "The location is read from the caption of the article's diagram, which is missing from our copy; "
    "check it against the diagram before relying on it."
)
ACHILLES_REVIEW = (
    "Only the article names the Achilles tendon area; Travell & Simons' pattern for these muscles reaches "
    "the medial calf at most. Counts half until a curator checks it."
)
BF_DISCREPANCY = (
    'The article gives the biceps femoris spillover as "diffuse pain posteromedial legs"; Travell & Simons '
    "(1992, vol. 2, ch. 16) describe it up the posterolateral thigh and into the upper calf. The article's "
    "zone is kept for the record; the ranking does not count it."
)
BF_ACTION = (
    "Flexes the knee joint. Extends the hip joint (long head only: the short head crosses the knee only). "
    "Laterally rotates (turns out) the lower leg when the knee is flexed."
)
BF_ACTION_NOTE = (
    "Travell & Simons (ch. 16): only the long head of biceps femoris crosses the hip and extends it; the "
    "short head acts on the knee only. The article's action is refined accordingly."
)

# (trigger point slug, region, kind, wording, note) added from Travell & Simons.
TS_ZONES = [
    ("semimembranosus-trp", "gluteal", "essential", "interpreted", "Lower buttock (Travell & Simons)."),
    ("semitendinosus-trp", "gluteal", "essential", "interpreted", "Lower buttock (Travell & Simons)."),
    (
        "biceps-femoris-trp",
        "post_thigh_distal_lateral",
        "spillover",
        "interpreted",
        "Spillover up the posterolateral thigh (Travell & Simons).",
    ),
    (
        "biceps-femoris-trp",
        "post_thigh_middle_lateral",
        "spillover",
        "interpreted",
        "Spillover up the posterolateral thigh (Travell & Simons).",
    ),
    (
        "biceps-femoris-trp",
        "post_thigh_proximal_lateral",
        "spillover",
        "interpreted",
        "Spillover up the posterolateral thigh (Travell & Simons).",
    ),
    (
        "biceps-femoris-trp",
        "gluteal_fold",
        "spillover",
        "interpreted",
        "The spillover reaches as far as the gluteal fold (Travell & Simons).",
    ),
    (
        "biceps-femoris-trp",
        "calf_lateral",
        "spillover",
        "interpreted",
        "Below the knee into the upper calf (Travell & Simons), on the side of the posterolateral pattern.",
    ),
]
# Article zones that Travell & Simons confirm: (trigger point slug, region, wording).
CONFIRMED = [
    *(
        (slug, region, wording)
        for slug in ("semimembranosus-trp", "semitendinosus-trp")
        for region, wording in (
            ("gluteal_fold", "verbatim"),
            ("post_thigh_proximal_medial", "interpreted"),
            ("post_thigh_middle_medial", "interpreted"),
            ("post_thigh_distal_medial", "interpreted"),
            ("popliteal_fossa", "interpreted"),
            ("calf_medial", "interpreted"),
        )
    ),
    ("biceps-femoris-trp", "popliteal_fossa", "verbatim"),
]
BF_CONTRADICTED = ["post_thigh_proximal_medial", "post_thigh_middle_medial", "post_thigh_distal_medial", "calf_medial"]

SCIATIC_REGIONS = [
    "lumbar_paraspinal", "gluteal", "gluteal_fold", "post_thigh_proximal_lateral", "post_thigh_middle_lateral",
    "post_thigh_distal_lateral", "post_thigh_proximal_medial", "post_thigh_middle_medial",
    "post_thigh_distal_medial", "calf_lateral", "calf_medial", "shin_lateral", "foot_dorsum", "sole", "heel",
]
CONDITIONS = {
    "sciatica": (
        "Sciatic pain runs from the buttock down the back of the leg, usually below the knee and often with "
        "tingling, numbness or burning and low back pain. Rule it out: a straight-leg raise or slump test that "
        "reproduces the leg pain, or pain along a nerve rather than in a referral zone, points to the nerve. "
        "Refer to a doctor if there is numbness, weakness or reflex change or the pain spreads or worsens; as "
        "an emergency if both legs hurt with saddle numbness or new bladder or bowel change (cauda equina).",
        SCIATIC_REGIONS,
    ),
    "radiculopathy": (
        "A compressed L5 or S1 nerve root gives pain in a dermatomal strip (posterolateral thigh, lateral calf "
        "to the foot) with tingling, numbness or burning, weakness or reflex change. Rule it out with a "
        "neurological screen: sensation by dermatome, great-toe extension (L5), plantarflexion and the ankle "
        "reflex (S1). Refer if any deficit is found, urgently if it is progressive.",
        [
            "lumbar_paraspinal", "post_thigh_proximal_lateral", "post_thigh_middle_lateral",
            "post_thigh_distal_lateral", "calf_lateral", "shin_lateral", "foot_dorsum", "sole", "heel", "toes",
        ],
    ),
    "muscle-tears": (
        "A hamstring tear starts suddenly, often with a pop during sprinting, kicking or a forced stretch with "
        "the knee straight, then bruising down the thigh, pain on resisted knee bending and pain sitting. Rule "
        "it out by the history: trigger-point pain has no such onset. Refer early for imaging when a proximal "
        "tear or avulsion is possible (a pop near the sitting bone, bruising, weakness): repair is "
        "time-sensitive, within weeks.",
        [
            "gluteal_fold", "post_thigh_proximal_medial", "post_thigh_proximal_lateral",
            "post_thigh_middle_medial", "post_thigh_middle_lateral", "post_thigh_distal_medial",
            "post_thigh_distal_lateral",
        ],
    ),
    "osteitis": (
        "Inflammation or infection of bone. Rule it out: tenderness over the bone itself rather than the "
        "muscle, fever or feeling unwell, night pain not eased by rest or position, recent surgery, injury or "
        "infection. Refer promptly if any of these is present.",
        [],
    ),
    "bursitic-osteoarthritis-of-knee": (
        "Knee osteoarthritis with bursitis: joint-line tenderness, short morning stiffness, crepitus, swelling "
        "or a bursa behind the knee (Baker's cyst). Rule it out: pain on loading the joint and swelling, "
        "rather than on pressing the muscle. Refer if the knee is swollen, hot or locking; urgently if calf "
        "swelling and pain follow a swelling behind the knee (a ruptured Baker's cyst mimics a deep vein "
        "thrombosis).",
        ["popliteal_fossa", "knee_anterior", "calf_medial"],
    ),
    "knee-joint-dysfunction": (
        "Pain from the knee joint itself (meniscus, ligaments, patellofemoral joint): locking, giving way, "
        "swelling after an injury. Rule it out: joint tests (meniscal and ligament stress tests) reproduce the "
        "pain, pressing the muscle does not. Refer to a physiotherapist or doctor for assessment if the knee "
        "locks, gives way or swells.",
        ["popliteal_fossa", "knee_anterior"],
    ),
    "tenosynovitis": (
        "Inflammation of a tendon sheath, here the hamstring tendons beside the back of the knee: pain and "
        "swelling along the tendon, crepitus, pain on resisted knee bending. Rule it out: tenderness along the "
        "tendon rather than in the muscle belly. Refer if redness, warmth and swelling suggest infection, or if "
        "it does not settle with rest.",
        ["popliteal_fossa", "post_thigh_distal_medial", "post_thigh_distal_lateral"],
    ),
}
CONDITION_NOTE = (
    "The article lists this condition without saying how to rule it out; the text is the library's own "
    "wording (issue 11), from general clinical knowledge and the red flags the library lists. Check it "
    "against a clinical source."
)
PSLE_NOTE = (
    'Unpublished until a curator identifies it: the article lists "PSLE" without explanation. Visits that '
    "recorded it keep it."
)


def _history(apps, model_name, obj, kind):
    Historical = apps.get_model("reference", f"Historical{model_name}")
    Model = apps.get_model("reference", model_name)
    names = [f.attname for f in Model._meta.concrete_fields]
    Historical.objects.create(
        **{name: getattr(obj, name) for name in names},
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason=REASON,
    )


def forwards(apps, schema_editor):
    get = apps.get_model
    Source = get("reference", "Source")
    TriggerPoint = get("reference", "TriggerPoint")
    ReferralZone = get("reference", "ReferralZone")
    Condition = get("reference", "Condition")
    Muscle = get("reference", "Muscle")
    Citation = get("reference", "Citation")
    PerpetuatingFactor = get("reference", "PerpetuatingFactor")
    BodyRegion = get("reference", "BodyRegion")
    ContentType = get("contenttypes", "ContentType")

    article = Source.objects.filter(key=ARTICLE_KEY).first()
    if article is None:  # an empty library (a test database built without the article): nothing to extend
        return
    ts = Source.objects.create(**TS_SOURCE)
    _history(apps, "Source", ts, "+")

    def content_type(model_name):
        return ContentType.objects.get_or_create(app_label="reference", model=model_name.lower())[0]

    def cite(model_name, obj, source, locator="", note="", order=0):
        citation = Citation.objects.create(
            content_type=content_type(model_name), object_id=obj.pk, source=source, locator=locator, note=note,
            sort_order=order,
        )
        _history(apps, "Citation", citation, "+")

    regions = {r.code: r for r in BodyRegion.objects.filter(chart_version=1)}
    trigger_points = {tp.slug: tp for tp in TriggerPoint.objects.filter(source=article)}

    for tp in trigger_points.values():
        tp.wording = "interpreted"
        tp.needs_review = True
        tp.review_reason = TRP_REVIEW
        tp.save()
        _history(apps, "TriggerPoint", tp, "~")
        cite("TriggerPoint", tp, article, "diagram captions (missing from our copy)")
        cite("TriggerPoint", tp, ts, CH16, order=1)

    for slug, code, wording in CONFIRMED:
        zone = ReferralZone.objects.get(trigger_point=trigger_points[slug], region=regions[code])
        zone.wording = wording
        zone.save()
        _history(apps, "ReferralZone", zone, "~")
        cite("ReferralZone", zone, article)
        cite("ReferralZone", zone, ts, CH16, "Confirmed by Travell & Simons.", order=1)

    for slug in ("semimembranosus-trp", "semitendinosus-trp"):
        zone = ReferralZone.objects.get(trigger_point=trigger_points[slug], region=regions["achilles"])
        zone.wording = "interpreted"
        zone.needs_review = True
        zone.review_reason = ACHILLES_REVIEW
        zone.save()
        _history(apps, "ReferralZone", zone, "~")
        cite("ReferralZone", zone, article)

    for code in BF_CONTRADICTED:
        zone = ReferralZone.objects.get(trigger_point=trigger_points["biceps-femoris-trp"], region=regions[code])
        zone.wording = "interpreted"
        zone.contradicted = True
        zone.discrepancy_note = BF_DISCREPANCY
        zone.save()
        _history(apps, "ReferralZone", zone, "~")
        cite("ReferralZone", zone, article, note='"diffuse pain posteromedial legs"')
        cite("ReferralZone", zone, ts, CH16, "Contradicts: posterolateral thigh.", order=1)

    for slug, code, kind, wording, note in TS_ZONES:
        zone = ReferralZone.objects.create(
            status="published", trigger_point=trigger_points[slug], region=regions[code], kind=kind,
            note=note, wording=wording, source=ts,
        )
        _history(apps, "ReferralZone", zone, "+")
        cite("ReferralZone", zone, ts, CH16)

    biceps = Muscle.objects.get(slug="biceps-femoris")
    biceps.action = BF_ACTION
    biceps.curator_note = (biceps.curator_note + "\n" + BF_ACTION_NOTE).strip()
    biceps.save()
    _history(apps, "Muscle", biceps, "~")
    cite("Muscle", biceps, article)
    cite("Muscle", biceps, ts, CH16, "Only the long head crosses the hip.", order=1)

    for slug, (text, codes) in CONDITIONS.items():
        condition = Condition.objects.get(slug=slug)
        condition.referral_prompt = text
        condition.presenting_regions = codes
        condition.wording = "library"
        condition.needs_review = False
        condition.review_reason = ""
        condition.curator_note = CONDITION_NOTE
        condition.save()
        _history(apps, "Condition", condition, "~")
        cite("Condition", condition, article, note="Named as a differential diagnosis.")

    PerpetuatingFactor.objects.filter(slug="psle").update(status="draft", curator_note=PSLE_NOTE)
    for factor in PerpetuatingFactor.objects.filter(slug="psle"):
        _history(apps, "PerpetuatingFactor", factor, "~")

    # The library version is not moved: the per-process caches it keys start empty after a deployment
    # (processes restart to load the new code), and the library stays "version 1" as shipped.


def backwards(apps, schema_editor):
    get = apps.get_model
    Source = get("reference", "Source")
    if not Source.objects.filter(key=TS_KEY).exists():
        return
    get("reference", "Citation").objects.all().delete()
    get("reference", "ReferralZone").objects.filter(source__key=TS_KEY).delete()
    get("reference", "HistoricalCitation").objects.all().delete()
    for model_name in ("Source", "ReferralZone", "TriggerPoint", "Condition", "Muscle", "PerpetuatingFactor"):
        get("reference", f"Historical{model_name}").objects.filter(history_change_reason=REASON).delete()
    Source.objects.filter(key=TS_KEY).delete()
    get("reference", "ReferralZone").objects.update(contradicted=False, discrepancy_note="", needs_review=False)
    get("reference", "PerpetuatingFactor").objects.filter(slug="psle").update(status="published")
    # The article's own content as 0003 loaded it.
    from importlib import import_module

    article = import_module("reference.migrations.0003_hamstrings_article")
    get("reference", "Condition").objects.filter(slug__in=CONDITIONS).update(
        referral_prompt=article.REFERRAL_PROMPT,
        presenting_regions=[],
        needs_review=True,
        curator_note=article.REFERRAL_NOTE,
        wording="interpreted",
        review_reason="",
    )
    biceps = next(entry for entry in article.MUSCLES if entry["slug"] == "biceps-femoris")
    get("reference", "Muscle").objects.filter(slug="biceps-femoris").update(
        action=biceps["action"], curator_note=biceps["curator_note"]
    )
    get("reference", "PerpetuatingFactor").objects.filter(slug="psle").update(curator_note=article.PSLE_NOTE)


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0008_curation_state_and_citations"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
