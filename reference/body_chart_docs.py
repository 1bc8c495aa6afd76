"""The tables of docs/body-chart.md, written from the chart data so the document cannot drift from it.

``python tools/write_body_chart_docs.py`` rewrites them; tests/reference/test_body_chart_docs.py fails when
the document and the data disagree. Pure Python, like reference/body_chart.py.
"""

from __future__ import annotations

import json
from pathlib import Path

from reference.body_chart import load_chart
from reference.chart_crosswalk import load_crosswalk

_DATA_DIR = Path(__file__).resolve().parent / "data"
DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "body-chart.md"


def load_choir_segments(chart_version: int = 2) -> list[dict]:
    data = json.loads((_DATA_DIR / f"choir_crosswalk_v{chart_version}.json").read_text(encoding="utf-8"))
    return data["segments"]


def _codes(codes) -> str:
    return ", ".join(f"`{code}`" for code in codes)


def choir_table(chart_version: int = 2) -> str:
    chart = load_chart(chart_version)
    lines = ["| CHOIR body-map area | View | Our regions (v2 codes) |", "| --- | --- | --- |"]
    for segment in load_choir_segments(chart_version):
        names = "; ".join(chart.region(code).name for code in segment["regions"])
        lines.append(f"| {segment['segment']} | {segment['view']} | {names} ({_codes(segment['regions'])}) |")
    return "\n".join(lines)


def crosswalk_table(from_version: int = 1) -> str:
    """The v1 regions v2 divides, and what each became; unchanged codes are left out."""
    crosswalk = load_crosswalk(from_version)
    new_chart = load_chart(crosswalk.to_version)
    lines = [
        f"| v{from_version} code | v{crosswalk.to_version} regions | Hamstring zones that go to fewer |",
        "| --- | --- | --- |",
    ]
    for old, news in crosswalk.forward.items():
        if news == (old,):
            continue
        narrowed = "; ".join(
            f"{slug}: {_codes(moves[old])}" for slug, moves in crosswalk.overrides.items() if old in moves
        )
        names = "; ".join(new_chart.region(code).name for code in news)
        lines.append(f"| `{old}` | {names} ({_codes(news)}) | {narrowed or '—'} |")
    return "\n".join(lines)


TABLES = {"choir-crosswalk": choir_table, "v1-to-v2": crosswalk_table}


def marked(name: str, table: str) -> str:
    return f"<!-- {name}: generated from the data, do not edit -->\n{table}\n<!-- /{name} -->"


def with_tables(document: str) -> str:
    """``document`` with every generated table replaced by what the data says now."""
    for name, make in TABLES.items():
        start, end = f"<!-- {name}: generated from the data, do not edit -->", f"<!-- /{name} -->"
        head, found, rest = document.partition(start)
        if not found:
            raise ValueError(f"docs/body-chart.md has no {start}")
        _, _, tail = rest.partition(end)
        document = head + marked(name, make()) + tail
    return document
