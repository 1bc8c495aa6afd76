"""Seed the red-flag and screening rules of DOMAIN.md's "Red flags" list, their sources and conditions.

Every message is the library's own wording (``message_is_library_wording``), written from the cited source;
the content is frozen here on purpose (a migration must not depend on today's model code), and curators
change it afterwards in the admin, with history. Reversible: unloading removes what this migration added.

The library version is not moved: deploying restarts every process, so no cache holds the library without
the rules, and a visit records each flag's message as it fired.
"""

from django.db import migrations

PUBLISHED = "published"
LIBRARY_SOURCE = "library-wording"

SOURCES = [
    {
        "key": "wells-2003-dvt",
        "title": "Evaluation of D-dimer in the diagnosis of suspected deep-vein thrombosis",
        "author": "Wells PS, Anderson DR, Rodger M, et al.",
        "publisher": "New England Journal of Medicine",
        "url": "https://doi.org/10.1056/NEJMoa023153",
        "citation": (
            "Wells PS, Anderson DR, Rodger M, et al. Evaluation of D-dimer in the diagnosis of suspected "
            "deep-vein thrombosis. N Engl J Med. 2003;349(13):1227-1235. doi:10.1056/NEJMoa023153"
        ),
        "note": "The Wells clinical probability score for deep vein thrombosis.",
    },
    {
        "key": "nice-ng59",
        "title": "Low back pain and sciatica in over 16s: assessment and management (NG59)",
        "author": "National Institute for Health and Care Excellence",
        "publisher": "NICE",
        "url": "https://www.nice.org.uk/guidance/ng59",
        "citation": (
            "National Institute for Health and Care Excellence. Low back pain and sciatica in over 16s: "
            "assessment and management. NICE guideline NG59. London: NICE; 2016 (updated 2020)."
        ),
    },
    {
        "key": "finucane-2020-ifompt",
        "title": "International Framework for Red Flags for Potential Serious Spinal Pathologies",
        "author": "Finucane LM, Downie A, Mercer C, et al.",
        "publisher": "Journal of Orthopaedic & Sports Physical Therapy",
        "url": "https://doi.org/10.2519/jospt.2020.9971",
        "citation": (
            "Finucane LM, Downie A, Mercer C, et al. International Framework for Red Flags for Potential "
            "Serious Spinal Pathologies. J Orthop Sports Phys Ther. 2020;50(7):350-372. "
            "doi:10.2519/jospt.2020.9971"
        ),
        "note": "The IFOMPT framework.",
    },
    {
        "key": "wolfe-2016-fibromyalgia",
        "title": "2016 Revisions to the 2010/2011 fibromyalgia diagnostic criteria",
        "author": "Wolfe F, Clauw DJ, Fitzcharles MA, et al.",
        "publisher": "Seminars in Arthritis and Rheumatism",
        "url": "https://doi.org/10.1016/j.semarthrit.2016.08.012",
        "citation": (
            "Wolfe F, Clauw DJ, Fitzcharles MA, et al. 2016 Revisions to the 2010/2011 fibromyalgia diagnostic "
            "criteria. Semin Arthritis Rheum. 2016;46(3):319-329. doi:10.1016/j.semarthrit.2016.08.012"
        ),
        "note": "Generalised pain: pain in at least 4 of 5 body regions (the ACR 2016 criteria).",
    },
    {
        "key": LIBRARY_SOURCE,
        "title": "The library's own clinical wording",
        "author": "",
        "publisher": "This clinic record's reference library",
        "citation": (
            "The library's own wording, written by its curators from standard clinical teaching; no single "
            "external source. Check it against current guidance."
        ),
    },
]

CONDITIONS = [
    (
        "deep-vein-thrombosis",
        "Deep vein thrombosis (DVT)",
        "A clot in a deep vein of the leg. Calf pain, especially with swelling, warmth and tenderness along the "
        "deep veins; more likely after surgery, immobilisation or long travel, with cancer or a previous clot.",
        "Calf pain with swelling, warmth or a risk factor: refer to a doctor the same day. Do not massage, "
        "compress or needle the calf.",
        "wells-2003-dvt",
    ),
    (
        "ruptured-bakers-cyst",
        "Ruptured Baker's cyst",
        "Fluid from a popliteal (Baker's) cyst leaking from the back of the knee into the calf: sudden calf pain "
        "and swelling that mimics a deep vein thrombosis.",
        "Back-of-knee pain with calf swelling: refer to a doctor the same day; only an ultrasound tells it from "
        "a DVT.",
        "wells-2003-dvt",
    ),
    (
        "cauda-equina-syndrome",
        "Cauda equina syndrome",
        "Compression of the nerve roots at the end of the spinal cord: pain in both legs, saddle numbness, new "
        "bladder or bowel change, progressive weakness.",
        "Any suspicion: emergency referral the same day (hospital emergency department). Do not treat.",
        "nice-ng59",
    ),
    (
        "proximal-hamstring-avulsion",
        "Proximal hamstring avulsion or tear",
        "The hamstring tendons torn from the ischial tuberosity: sudden onset with a pop while sprinting or in a "
        "forced hip flexion with the knee straight, bruising down the thigh, pain sitting.",
        "Suspected: refer for imaging within days; surgical repair is time-critical (weeks).",
        LIBRARY_SOURCE,
    ),
    (
        "vascular-claudication",
        "Vascular (intermittent) claudication",
        "Peripheral arterial disease: calf pain brought on by walking and eased by rest.",
        "Calf pain on walking that rest eases: refer to a doctor for a vascular assessment.",
        LIBRARY_SOURCE,
    ),
    (
        "serious-pathology",
        "Serious pathology (tumour, infection, fracture)",
        "Pain from a tumour, an infection or a fracture: night pain not eased by rest or position, fever, "
        "unexplained weight loss, a history of cancer, significant trauma.",
        "Any of these red flags without another explanation: refer to a doctor before treating.",
        "finucane-2020-ifompt",
    ),
    (
        "generalised-pain",
        "Generalised pain (fibromyalgia)",
        "Pain in at least four of five body regions for three months or more suggests a generalised pain "
        "condition rather than one muscle's trigger points.",
        "Widespread pain for three months or more: suggest a medical assessment for a generalised pain "
        "condition.",
        "wolfe-2016-fibromyalgia",
    ),
]
RADICULOPATHY = (
    "radiculopathy",
    "Radiculopathy",
    "Irritation of a spinal nerve root: pain in a dermatomal strip with tingling, numbness or burning, "
    "weakness or reflex change.",
    "A neurological deficit: refer to a doctor; urgently if it is progressive.",
    "nice-ng59",
)

NEURAL = ["tingling", "numb", "burning", "electric"]


def answer(code):
    return {"answer": code}


def pattern(name):
    return {"pattern": name}


RULES = [
    {
        "slug": "cauda-equina-syndrome",
        "name": "Possible cauda equina syndrome",
        "urgency": "emergency",
        "triggers": {
            "any": [
                answer("saddle_numbness"),
                answer("bladder_bowel_change"),
                {"all": [pattern("bilateral_legs"), answer("progressive_weakness")]},
            ]
        },
        "message": (
            "Saddle numbness, a new bladder or bowel change, or pain in both legs with progressive weakness can "
            "mean cauda equina syndrome. Do not treat. Send the client for emergency medical assessment today "
            "(hospital emergency department)."
        ),
        "conditions": ["cauda-equina-syndrome"],
        "source": "nice-ng59",
    },
    {
        "slug": "dvt-calf-pain-with-risk-factor",
        "name": "Possible deep vein thrombosis",
        "urgency": "urgent_referral",
        "triggers": {
            "all": [
                {"mark": {"group": "calf"}},
                {
                    "any": [
                        answer("calf_swelling"),
                        answer("surgery_or_travel"),
                        answer("cancer_history"),
                        answer("anticoagulants"),
                    ]
                },
            ]
        },
        "message": (
            "Calf pain with swelling, recent surgery, immobilisation or long travel, cancer, or a history "
            "treated with anticoagulants can be a deep vein thrombosis. Do not massage, compress or needle the "
            "calf. Refer the client to a doctor today. A ruptured Baker's cyst looks the same; only an "
            "ultrasound tells them apart."
        ),
        "conditions": ["deep-vein-thrombosis", "ruptured-bakers-cyst"],
        "source": "wells-2003-dvt",
    },
    {
        "slug": "bakers-cyst-knee-and-calf-swelling",
        "name": "Possible ruptured Baker's cyst",
        "urgency": "urgent_referral",
        "triggers": {"all": [{"mark": {"group": "back_of_knee"}}, answer("calf_swelling")]},
        "message": (
            "Back-of-knee pain with calf swelling can be a ruptured Baker's cyst, or a deep vein thrombosis, "
            "which it mimics. Do not treat the back of the knee or the calf; refer the client to a doctor today."
        ),
        "conditions": ["ruptured-bakers-cyst", "deep-vein-thrombosis"],
        "source": "wells-2003-dvt",
    },
    {
        "slug": "calf-and-back-of-knee-vascular-screen",
        "name": "Calf and back-of-knee pain: screen for a clot",
        "urgency": "rule_out",
        "triggers": {"all": [{"mark": {"group": "calf"}}, {"mark": {"group": "back_of_knee"}}]},
        "message": (
            "Calf pain with back-of-knee pain: before treating the calf, ask about calf swelling, warmth or "
            "redness, recent surgery, immobilisation or long travel, cancer and previous clots (deep vein "
            "thrombosis; ruptured Baker's cyst), and tick the answers on the screening checklist."
        ),
        "conditions": ["deep-vein-thrombosis", "ruptured-bakers-cyst"],
        "source": "wells-2003-dvt",
    },
    {
        "slug": "progressive-neurological-deficit",
        "name": "Progressive weakness with leg pain",
        "urgency": "urgent_referral",
        "triggers": {"all": [answer("progressive_weakness"), {"mark": {"group": "lower_limb"}}]},
        "message": (
            "Leg pain with progressive weakness suggests a worsening nerve-root compression. Do a neurological "
            "screen and refer the client to a doctor urgently."
        ),
        "conditions": ["radiculopathy", "cauda-equina-syndrome"],
        "source": "nice-ng59",
    },
    {
        "slug": "lumbosacral-radiculopathy",
        "name": "Possible L5/S1 radiculopathy",
        "urgency": "rule_out",
        "triggers": {
            "all": [
                pattern("dermatomal_l5_s1"),
                {"any": [{"mark": {"qualities": NEURAL}}, answer("progressive_weakness")]},
            ]
        },
        "message": (
            "Pain along the L5/S1 dermatome (buttock, posterolateral thigh, lateral calf to the foot) with "
            "tingling, numbness, burning or weakness suggests lumbosacral radiculopathy; referred trigger-point "
            "pain is usually deep and aching and does not follow a dermatome. Do a neurological screen "
            "(sensation, strength, reflexes, straight-leg raise) before treating; refer if there is a deficit, "
            "urgently if it is progressive."
        ),
        "conditions": ["radiculopathy", "sciatica"],
        "source": "nice-ng59",
    },
    {
        "slug": "neural-quality-screen",
        "name": "Neural pain quality: screen the nerves",
        "urgency": "consider",
        "triggers": {"mark": {"qualities": NEURAL}},
        "message": (
            "Tingling, numbness, burning or electric pain is not typical of referred trigger-point pain, which is "
            "usually deep and aching. Screen for nerve involvement (sensation, strength, reflexes, neural tension "
            "tests) and hold the trigger-point candidates more loosely."
        ),
        "conditions": ["radiculopathy"],
        "source": "nice-ng59",
    },
    {
        "slug": "proximal-hamstring-avulsion",
        "name": "Possible proximal hamstring avulsion",
        "urgency": "urgent_referral",
        "triggers": {"all": [answer("pop_or_trauma"), {"mark": {"group": "proximal_hamstring"}}]},
        "message": (
            "Sudden onset with a pop (sprinting, or a forced hip flexion with the knee straight) and pain at the "
            "buttock or upper back of the thigh can be a proximal hamstring avulsion or tear. Look for bruising "
            "down the thigh and pain sitting. Do not treat the area; refer for imaging within days, because "
            "surgical repair is time-critical."
        ),
        "conditions": ["proximal-hamstring-avulsion", "muscle-tears"],
        "source": LIBRARY_SOURCE,
    },
    {
        "slug": "significant-trauma",
        "name": "Onset with trauma",
        "urgency": "rule_out",
        "triggers": answer("pop_or_trauma"),
        "message": (
            "Pain that began with a fall, a blow or a pop: rule out a fracture, a tendon rupture or a muscle "
            "tear (bruising, deformity, unable to bear weight or to contract the muscle) before treating."
        ),
        "conditions": ["serious-pathology", "muscle-tears"],
        "source": "finucane-2020-ifompt",
    },
    {
        "slug": "fever-or-weight-loss",
        "name": "Fever or unexplained weight loss",
        "urgency": "urgent_referral",
        "triggers": answer("fever_or_weight_loss"),
        "message": (
            "Pain with fever or unexplained weight loss can come from an infection or a tumour. Do not treat; "
            "refer the client to a doctor promptly."
        ),
        "conditions": ["serious-pathology"],
        "source": "finucane-2020-ifompt",
    },
    {
        "slug": "night-pain-not-eased",
        "name": "Night pain not eased by rest",
        "urgency": "rule_out",
        "triggers": {
            "any": [answer("night_pain_unrelieved"), {"all": [pattern("night_pain"), pattern("constant")]}]
        },
        "message": (
            "Night pain that rest or a change of position does not ease, or constant pain through the night, is "
            "a red flag for serious pathology (tumour, infection). Ask about fever, weight loss and cancer "
            "history; refer to a doctor before treating unless it is otherwise explained."
        ),
        "conditions": ["serious-pathology"],
        "source": "finucane-2020-ifompt",
    },
    {
        "slug": "history-of-cancer",
        "name": "History of cancer",
        "urgency": "rule_out",
        "triggers": answer("cancer_history"),
        "message": (
            "A history of cancer is the strongest single red flag for a spinal malignancy. New pain without a "
            "clear mechanical cause needs a medical review before it is treated as trigger-point pain."
        ),
        "conditions": ["serious-pathology"],
        "source": "finucane-2020-ifompt",
    },
    {
        "slug": "vascular-claudication",
        "name": "Possible vascular claudication",
        "urgency": "rule_out",
        "triggers": answer("claudication"),
        "message": (
            "Calf pain brought on by walking and eased by rest suggests vascular (intermittent) claudication. "
            "Ask about smoking, diabetes and heart disease, check the foot pulses, and refer to a doctor for a "
            "vascular assessment before treating it as muscular."
        ),
        "conditions": ["vascular-claudication"],
        "source": LIBRARY_SOURCE,
    },
    {
        "slug": "widespread-pain",
        "name": "Widespread pain",
        "urgency": "consider",
        "triggers": pattern("widespread"),
        "message": (
            "Pain in at least four of the five body areas (left and right upper, left and right lower, axial) "
            "suggests a generalised pain condition rather than one muscle's trigger points, if it has lasted "
            "three months or more. Ask how long; consider a medical assessment."
        ),
        "conditions": ["generalised-pain"],
        "source": "wolfe-2016-fibromyalgia",
    },
]


HISTORY_REASON = "Loaded with the red-flag rules (migration)"


def record_initial_history(apps, objects):
    """Give each new entry its first history record, so the admin's history starts with where it came from."""
    from django.utils import timezone

    when = timezone.now()
    for obj in objects:
        Model = type(obj)
        name = Model._meta.object_name
        Historical = apps.get_model("reference", f"Historical{name}")
        fields = [field.attname for field in Model._meta.concrete_fields]
        record = Historical.objects.create(
            **{field: getattr(obj, field) for field in fields},
            history_date=when,
            history_type="+",
            history_change_reason=HISTORY_REASON,
        )
        for m2m in ("conditions",) if name == "RedFlagRule" else ():
            through = Model._meta.get_field(m2m).remote_field.through
            HistoricalLink = apps.get_model("reference", f"Historical{name}_{m2m}")
            link_fields = [f.attname for f in through._meta.concrete_fields]
            for link in through.objects.filter(redflagrule=obj):
                HistoricalLink.objects.create(history=record, **{f: getattr(link, f) for f in link_fields})


def load(apps, schema_editor):
    get = apps.get_model
    Source, Condition, Rule = get("reference", "Source"), get("reference", "Condition"), get("reference", "RedFlagRule")
    sources = {entry["key"]: Source.objects.create(**entry) for entry in SOURCES}
    conditions = {c.slug: c for c in Condition.objects.all()}
    created = list(sources.values())
    wanted = list(CONDITIONS)
    if "radiculopathy" not in conditions:
        wanted.append(RADICULOPATHY)
    for position, (slug, name, description, prompt, source) in enumerate(wanted, start=50):
        conditions[slug] = Condition.objects.create(
            status=PUBLISHED,
            slug=slug,
            name=name,
            description=description,
            referral_prompt=prompt,
            sort_order=position,
            source=sources[source],
            curator_note="Added with the red-flag rules; the wording is the library's own.",
        )
        created.append(conditions[slug])
    for position, entry in enumerate(RULES, start=1):
        entry = dict(entry)
        linked = [conditions[slug] for slug in entry.pop("conditions") if slug in conditions]
        rule = Rule.objects.create(
            status=PUBLISHED,
            sort_order=position * 10,
            message_is_library_wording=True,
            source=sources[entry.pop("source")],
            **entry,
        )
        rule.conditions.set(linked)
        created.append(rule)
    record_initial_history(apps, created)


def unload(apps, schema_editor):
    get = apps.get_model
    keys = [entry["key"] for entry in SOURCES]
    for name in ("HistoricalRedFlagRule", "HistoricalCondition", "HistoricalSource"):
        get("reference", name).objects.filter(history_change_reason=HISTORY_REASON).delete()
    get("reference", "RedFlagRule").objects.filter(slug__in=[rule["slug"] for rule in RULES]).delete()
    get("reference", "Condition").objects.filter(source__key__in=keys).delete()
    get("reference", "Source").objects.filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("reference", "0005_red_flag_rules")]

    operations = [migrations.RunPython(load, unload)]
