"""Rewrite the generated tables of docs/body-chart.md from the chart data (reference/body_chart_docs.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reference.body_chart_docs import DOC_PATH, with_tables  # noqa: E402

if __name__ == "__main__":
    DOC_PATH.write_text(with_tables(DOC_PATH.read_text(encoding="utf-8")), encoding="utf-8")
