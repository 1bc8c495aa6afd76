"""Rank trigger-point candidates for a pain map typed on the command line."""

import json

from django.core.management.base import BaseCommand, CommandError

from reference.body_chart import load_chart
from reference.pain_map import CURRENT_CHART_VERSION, MarkSpecError, parse_mark_spec
from reference.red_flag_context import red_flags_context
from reference.screening import PainCourse, Screening, ScreeningAnswer
from reference.suggest import suggest
from reference.versioning import current_library_version


class Command(BaseCommand):
    help = (
        "Rank the library's trigger points whose referral patterns explain a pain map. "
        "Each mark is CODE:SIDE:INTENSITY (SIDE is left, right or midline; INTENSITY 0-10), "
        "e.g. popliteal_fossa:left:8, optionally with a quality: calf_lateral:left:5:tingling. "
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

        def label(item):
            return chart.region(item.region).label(item.side)

        rows = [
            {
                "rank": rank,
                "muscle": c.muscle_name,
                "trigger_point": c.trigger_point_label,
                "side": c.side,
                "score": c.score,
                "explains_essential": [label(i) for i in c.explained_essential],
                "explains_spillover": [label(i) for i in c.explained_spillover],
                "does_not_explain": [label(i) for i in c.unexplained],
                "essential_without_pain": [label(i) for i in c.essential_not_painful],
            }
            for rank, c in enumerate(candidates, start=1)
        ]
        if options["json"]:
            document = {
                "chart_version": chart.version,
                "library_version": version,
                "flags": [flag.as_json() for flag in flags],
                "candidates": rows,
            }
            self.stdout.write(json.dumps(document, indent=2))
            return
        self.write_flags(flags)
        if not any(mark.is_painful for mark in marks):
            self.stdout.write("No painful region given (every intensity is 0): nothing to explain.")
            return
        if not rows:
            self.stdout.write("No trigger point in the library refers pain to these regions.")
            return
        self.stdout.write("Candidates are hypotheses to examine by palpation, not a diagnosis.")
        for row in rows:
            self.stdout.write(
                f"{row['rank']:>2}. {row['muscle']} — {row['trigger_point']}, {row['side']}"
                f"  score {row['score']:.2f}"
            )
            for heading, key in (
                ("explains (essential)", "explains_essential"),
                ("explains (spillover)", "explains_spillover"),
                ("does not explain", "does_not_explain"),
                ("essential zone without pain", "essential_without_pain"),
            ):
                if row[key]:
                    self.stdout.write(f"      {heading}: {'; '.join(row[key])}")

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
