"""Muscle groups become real groups, and the hamstrings gain what Travell & Simons record per muscle.

- The article's groups stored as placeholder muscles (quadriceps, gluteal muscles, thoracolumbar paraspinal
  muscles) become ``MuscleGroup`` rows with the same slug, name, notes and source; associations and
  antagonists that pointed at the placeholder point at the group; the placeholder muscle goes.
- The hamstrings' innervation is the article's value for the group: the group holds it, each hamstring says
  it takes it from the group.
- Biceps femoris gets its long and short head (Travell & Simons, ch. 16), where they differ.
- The hamstrings' synergists (library wording after Travell & Simons, marked for review).

Reversible: backward the placeholders come back (as drafts, under new ids) with their links, and the rest
is removed. Nothing is done in an empty library (a test database built without the article).
"""

from django.db import migrations
from django.utils import timezone

ARTICLE_KEY = "hinds-hamstrings"
TS_KEY = "travell-simons-1992-vol2"
REASON = "Muscle groups and parts (migration)"
PLACEHOLDERS = ["quadriceps", "gluteal-muscles", "thoracolumbar-paraspinal-muscles"]
PLACEHOLDER_FIELDS = (
    "name",
    "description",
    "status",
    "curator_note",
    "needs_review",
    "sort_order",
    "source_id",
)
HAMSTRINGS = ["semimembranosus", "semitendinosus", "biceps-femoris"]
GROUP_INNERVATION = ("Branches of the sciatic nerve", "L4, L5, S1, S2, S3")
PART_NOTE = (
    "Library wording after Travell & Simons, ch. 16 (only the long head crosses the hip); check the nerve "
    "divisions and segments against the chapter."
)
PARTS = [
    {
        "slug": "biceps-femoris-long-head",
        "name": "Long head",
        "sort_order": 1,
        "origin": "Ischial tuberosity (sitting bone), in common with the semitendinosus.",
        "action": "Extends the hip and flexes the knee; turns the lower leg out when the knee is flexed.",
        "innervation_nerve": "Tibial division of the sciatic nerve",
        "spinal_segments": "L5, S1, S2",
    },
    {
        "slug": "biceps-femoris-short-head",
        "name": "Short head",
        "sort_order": 2,
        "origin": "Lateral lip of the linea aspera and the lateral supracondylar line of the femur.",
        "action": "Flexes the knee only (it does not cross the hip); turns the lower leg out when it is flexed.",
        "innervation_nerve": "Common fibular (peroneal) division of the sciatic nerve",
        "spinal_segments": "L5, S1, S2",
    },
]
SYNERGIST_NOTE = (
    "Knee flexion: the other hamstrings, gastrocnemius and popliteus; hip extension: the gluteal muscles "
    "(gluteus maximus). Library wording after Travell & Simons, ch. 16; check it."
)
SYNERGIST_MUSCLES = ["gastrocnemius", "popliteus"]


def _history(apps, model_name, obj, kind):
    Historical = apps.get_model("reference", f"Historical{model_name}")
    Model = apps.get_model("reference", model_name)
    Historical.objects.create(
        **{field.attname: getattr(obj, field.attname) for field in Model._meta.concrete_fields},
        history_date=timezone.now(),
        history_type=kind,
        history_change_reason=REASON,
    )




def _move_citations(apps, from_model, from_pk, to_model, to_pk):
    Citation = apps.get_model("reference", "Citation")
    ContentType = apps.get_model("contenttypes", "ContentType")

    def content_type(name):
        return ContentType.objects.get_or_create(app_label="reference", model=name)[0]

    Citation.objects.filter(content_type=content_type(from_model), object_id=from_pk).update(
        content_type=content_type(to_model), object_id=to_pk
    )


def forwards(apps, schema_editor):
    get = apps.get_model
    Muscle, MuscleGroup = get("reference", "Muscle"), get("reference", "MuscleGroup")
    MuscleAssociation, MusclePart = get("reference", "MuscleAssociation"), get("reference", "MusclePart")
    Source = get("reference", "Source")
    if not Source.objects.filter(key=ARTICLE_KEY).exists():
        return

    for slug in PLACEHOLDERS:
        placeholder = Muscle.objects.filter(slug=slug).first()
        if placeholder is None or MuscleGroup.objects.filter(slug=slug).exists():
            continue
        group = MuscleGroup.objects.create(
            slug=slug, **{f: getattr(placeholder, f) for f in PLACEHOLDER_FIELDS}
        )
        _history(apps, "MuscleGroup", group, "+")
        for association in MuscleAssociation.objects.filter(to_muscle=placeholder):
            association.to_muscle, association.to_group = None, group
            association.save(update_fields=["to_muscle", "to_group"])
            _history(apps, "MuscleAssociation", association, "~")
        for muscle in Muscle.objects.filter(antagonists=placeholder):
            muscle.antagonists.remove(placeholder)
            muscle.antagonist_groups.add(group)
        _move_citations(apps, "muscle", placeholder.pk, "musclegroup", group.pk)
        _history(apps, "Muscle", placeholder, "-")
        placeholder.delete()

    hamstrings = MuscleGroup.objects.filter(slug="hamstrings").first()
    if hamstrings is not None:
        hamstrings.innervation_nerve, hamstrings.spinal_segments = GROUP_INNERVATION
        hamstrings.save(update_fields=["innervation_nerve", "spinal_segments"])
        _history(apps, "MuscleGroup", hamstrings, "~")
        Muscle.objects.filter(slug__in=HAMSTRINGS, group=hamstrings).update(innervation_from_group=True)

    ts = Source.objects.filter(key=TS_KEY).first()
    biceps = Muscle.objects.filter(slug="biceps-femoris").first()
    if ts is not None and biceps is not None:
        for part in PARTS:
            row = MusclePart.objects.create(
                muscle=biceps,
                source=ts,
                status="published",
                needs_review=True,
                curator_note=PART_NOTE,
                **part,
            )
            _history(apps, "MusclePart", row, "+")

    gluteal = MuscleGroup.objects.filter(slug="gluteal-muscles").first()
    for muscle in Muscle.objects.filter(slug__in=HAMSTRINGS):
        others = Muscle.objects.filter(slug__in=[*HAMSTRINGS, *SYNERGIST_MUSCLES]).exclude(pk=muscle.pk)
        muscle.synergists.add(*others)
        if gluteal is not None:
            muscle.synergist_groups.add(gluteal)
        muscle.synergist_note = SYNERGIST_NOTE
        muscle.save(update_fields=["synergist_note"])
        _history(apps, "Muscle", muscle, "~")


def backwards(apps, schema_editor):
    get = apps.get_model
    Muscle, MuscleGroup = get("reference", "Muscle"), get("reference", "MuscleGroup")
    MuscleAssociation, MusclePart = get("reference", "MuscleAssociation"), get("reference", "MusclePart")
    MusclePart.objects.filter(slug__in=[part["slug"] for part in PARTS]).delete()
    for muscle in Muscle.objects.filter(slug__in=HAMSTRINGS):
        muscle.synergists.clear()
        muscle.synergist_groups.clear()
        muscle.synergist_note = ""
        muscle.innervation_from_group = False
        muscle.save(update_fields=["synergist_note", "innervation_from_group"])
    MuscleGroup.objects.filter(slug="hamstrings").update(innervation_nerve="", spinal_segments="")
    for slug in PLACEHOLDERS:
        group = MuscleGroup.objects.filter(slug=slug).first()
        if group is None or Muscle.objects.filter(slug=slug).exists() or group.muscles.exists():
            continue
        placeholder = Muscle.objects.create(slug=slug, **{f: getattr(group, f) for f in PLACEHOLDER_FIELDS})
        MuscleAssociation.objects.filter(to_group=group).update(to_group=None, to_muscle=placeholder)
        for muscle in Muscle.objects.filter(antagonist_groups=group):
            muscle.antagonist_groups.remove(group)
            muscle.antagonists.add(placeholder)
        for muscle in Muscle.objects.filter(synergist_groups=group):
            muscle.synergist_groups.remove(group)
        _move_citations(apps, "musclegroup", group.pk, "muscle", placeholder.pk)
        group.delete()
    for name in ("MuscleGroup", "MuscleAssociation", "MusclePart", "Muscle"):
        get("reference", f"Historical{name}").objects.filter(history_change_reason=REASON).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0012_muscle_parts_groups_synergists"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
