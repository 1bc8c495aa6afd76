"""Rank trigger-point candidates for a pain map typed on the command line."""

import json

from django.core.management.base import BaseCommand, CommandError

from reference.body_chart import load_chart
from reference.candidate_panel import group_associations, order_differentials
from reference.library_context import muscle_neighbours
from reference.pain_map import CURRENT_CHART_VERSION, MarkSpecError, parse_mark_spec
from reference.red_flag_context import red_flags_context
from reference.screening import PainCourse, Screening, ScreeningAnswer
from reference.suggest import HYPOTHESIS_LABEL, library_scope, suggest
from reference.versioning import current_library_version


class Command(BaseCommand):
    help = (
        "Rank the library's trigger points whose referral patterns explain a pain map. "
        "Each mark is CODE:SIDE:INTENSITY[:QUALITY] (SIDE is left, right or midline; INTENSITY 0-10; "
        "QUALITY aching, sharp, burning, tingling, numb, throbbing or electric), "
        "e.g. popliteal_fossa:left:8 or calf_lateral:left:5:tingling. "
        "Red flags fired by the map and the screening answers are printed first, most urgent first. "
        "Candidates are hypotheses to examine, not a diagnosis."
    )

    def add_arguments(self, parser):
        parser.add_argument("marks", nargs="+", metavar="CODE:SIDE:INTENSITY[:QUALITY]")
        parser.add_argument(
            "--screen",
            action="append",
            default=[],
            choices=ScreeningAnswer.values,
            metavar="ANSWER",
            help=f"a screening question answered yes (repeatable): {', '.join(ScreeningAnswer.values)}",
        )
        course = parser.add_mutually_exclusive_group()
        course.add_argument("--constant", action="store_true", help="the pain is constant")
        course.add_argument("--intermittent", action="store_true", help="the pain comes and goes")
        parser.add_argument("--night-pain", action="store_true", help="the client has pain at night")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--limit", type=int, default=10, help="how many candidates (default 10)")

    def handle(self, *args, **options):
        chart = load_chart(CURRENT_CHART_VERSION)
        marks, errors = [], []
        for spec in options["marks"]:
            try:
                marks.append(parse_mark_spec(spec, chart))
            except MarkSpecError as error:
                errors.append(str(error))
        seen = set()
        for mark in marks:
            if (mark.region, mark.side) in seen:
                errors.append(f"{mark.region}:{mark.side} is given twice")
            seen.add((mark.region, mark.side))
        if errors:
            raise CommandError("\n".join(errors), returncode=2)

        screening = Screening.of(
            options["screen"],
            pain_course=PainCourse.CONSTANT
            if options["constant"]
            else (PainCourse.INTERMITTENT if options["intermittent"] else ""),
            night_pain=options["night_pain"],
        )
        version = current_library_version()
        flags = red_flags_context(marks, screening, library_version=version)["red_flags"]
        candidates = suggest(
            marks, chart_version=CURRENT_CHART_VERSION, limit=options["limit"], library_version=version
        )
        scope = library_scope(chart_version=CURRENT_CHART_VERSION, library_version=version)
        differentials, associations = [], []
        muscle_ids = sorted({m.muscle_id for c in candidates for m in c.members})
        if muscle_ids:
            neighbours = muscle_neighbours(version)
            differentials = order_differentials(neighbours.conditions_by_muscle, candidates, marks, flags)
            associations = group_associations(neighbours.associations_for(muscle_ids), candidates)

        def label(item):
            return chart.region(item.region).label(item.side)

        rows = [candidate_row(c, label) for c in candidates]
        painful = any(mark.is_painful for mark in marks)
        no_match = (
            {
                "message": "No trigger point in the library refers pain to these regions.",
                "library_scope": scope,
            }
            if painful and not rows
            else None
        )
        if options["json"]:
            document = {
                "chart_version": chart.version,
                "library_version": version,
                "hypothesis_label": HYPOTHESIS_LABEL,
                "flags": [flag.as_json() for flag in flags],
                "candidates": rows,
                "no_match": no_match,
                "differentials": [
                    {
                        "name": d.name,
                        "slug": d.slug,
                        "how_to_rule_out_and_when_to_refer": d.referral_prompt,
                        "relevance": round(d.relevance, 2),
                        "why": d.why,
                        "pointed_to_by": d.pointed_by,
                        "red_flags": d.flagged_by,
                        "curation": d.curation_label,
                    }
                    for d in differentials
                ],
                "associated_muscles": [
                    {"muscle": a.name, "pointed_to_by": a.pointed_by} for a in associations
                ],
            }
            self.stdout.write(json.dumps(document, indent=2, ensure_ascii=False))
            return
        self.write_flags(flags)
        if not painful:
            self.stdout.write("No painful region given (every intensity is 0): nothing to explain.")
            return
        self.stdout.write(f"Candidates: {HYPOTHESIS_LABEL.lower().rstrip('.')}.")
        if not rows:
            self.stdout.write(no_match["message"])
            self.stdout.write(f"The library covers: {', '.join(scope) or 'no muscle yet'}.")
            return
        for row in rows:
            self.stdout.write(
                f"{row['rank_label']:>3}. {row['muscle']} — {row['trigger_point']}, {row['side']}"
                f"  score {row['score']:.2f}"
            )
            self.stdout.write(f"      {row['explanation']}")
            for heading, key in (
                ("explains (essential)", "explains_essential"),
                ("explains (spillover)", "explains_spillover"),
                ("next to its zones (half credit)", "explains_adjacent"),
                ("local pain at the trigger point", "local_pain_regions"),
                ("does not explain", "does_not_explain"),
                ("essential zone without pain", "essential_without_pain"),
            ):
                if row[key]:
                    self.stdout.write(f"      {heading}: {'; '.join(row[key])}")
            if row["quality_note"]:
                self.stdout.write(f"      pain quality: {row['quality_note']}")
            for note in row["curation_notes"]:
                self.stdout.write(f"      curation: {note}")
        if differentials:
            self.stdout.write("Differential diagnoses to rule out (most relevant first):")
            for d in differentials:
                self.stdout.write(f"  - {d.name} ({d.why}): {d.referral_prompt}")
        if associations:
            self.stdout.write("Associated muscles to examine:")
            for a in associations:
                self.stdout.write(f"  - {a.name} (with {', '.join(a.pointed_by)})")

    def write_flags(self, flags) -> None:
        if not flags:
            self.stdout.write("Red flags: none fired by this map and these screening answers.")
            return
        self.stdout.write(f"RED FLAGS ({len(flags)}), most urgent first: screen before treating.")
        for flag in flags:
            self.stdout.write(f"  ! {flag.urgency_label.upper()}: {flag.name}")
            self.stdout.write(f"      {flag.message}")
            self.stdout.write(f"      why: {'; '.join(flag.reasons)}")
            if flag.conditions:
                self.stdout.write(f"      points to: {'; '.join(c.name for c in flag.conditions)}")
        self.stdout.write("")


def candidate_row(c, label) -> dict:
    """One candidate as the JSON output gives it."""
    return {
        "rank": c.rank,
        "rank_label": c.rank_label,
        "shared_rank": c.shared_rank,
        "muscle": c.muscle_names,
        "trigger_point": " and ".join(m.trigger_point_label for m in c.members),
        "side": c.side,
        "score": c.score,
        "explanation": c.explanation,
        "hypothesis_label": HYPOTHESIS_LABEL,
        "members": [
            {"muscle": m.muscle_name, "trigger_point": m.trigger_point_label, "slug": m.trigger_point_slug}
            for m in c.members
        ],
        "explains_percent": c.explained_percent,
        "essential_zones_painful": c.essential_painful,
        "essential_zones": c.essential_total,
        "local_pain": c.local_pain,
        "quality_note": c.quality_note,
        "curation_notes": c.curation_notes,
        "explains_essential": [label(i) for i in c.explained_essential],
        "explains_spillover": [label(i) for i in c.explained_spillover],
        "explains_adjacent": [label(i) for i in c.explained_adjacent],
        "local_pain_regions": [label(i) for i in c.explained_local],
        "does_not_explain": [label(i) for i in c.unexplained],
        "essential_without_pain": [label(i) for i in c.essential_not_painful],
    }
