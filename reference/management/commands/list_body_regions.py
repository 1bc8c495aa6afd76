"""List the body chart's region codes, names, views and sidedness (what pain marks are written with)."""

import json

from django.core.management.base import BaseCommand, CommandError

from reference.body_chart import load_chart
from reference.pain_map import CURRENT_CHART_VERSION


class Command(BaseCommand):
    help = "List body-chart regions: code, name, view, and whether it is sided (left/right) or midline."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
        parser.add_argument("--chart-version", type=int, default=CURRENT_CHART_VERSION)

    def handle(self, *args, **options):
        try:
            chart = load_chart(options["chart_version"])
        except FileNotFoundError:
            raise CommandError(f"No body chart version {options['chart_version']}", returncode=2) from None
        regions = [
            {"code": r.code, "name": r.name, "view": r.view, "sided": r.sided, "sides": list(r.sides())}
            for r in chart.regions
        ]
        if options["json"]:
            self.stdout.write(json.dumps({"chart_version": chart.version, "regions": regions}, indent=2))
            return
        width = max(len(r["code"]) for r in regions)
        self.stdout.write(f"{'CODE'.ljust(width)}  VIEW   SIDES          NAME")
        for r in regions:
            sides = "left/right" if r["sided"] else "midline"
            self.stdout.write(
                f"{r['code'].ljust(width)}  {r['view'].ljust(5)}  {sides.ljust(13)}  {r['name']}"
            )
        self.stdout.write(f"{len(regions)} regions on body chart version {chart.version}")
