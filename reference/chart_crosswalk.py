"""Moving records from one body chart version to the next (``reference/data/body_chart_v1_to_v2.json``).

v2 only divides v1's regions, so a region's record moves forward to every v2 region cut from it, and back
to the v1 region a v2 region was cut from. One v2 region may be cut from several v1 regions (the lateral
thigh strip); going back, it counts only when none of those v1 regions is otherwise on the record, which is
what makes forward-then-back give the original exactly (tests/reference/test_chart_crosswalk.py).

Pure Python (no Django) so the data migrations and the pages share one reading of the file.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

_DATA_DIR = Path(__file__).resolve().parent / "data"

Value = TypeVar("Value")
# A record's place on a chart: a region code and whatever else keys it (a side, or nothing for a zone).
Key = tuple[str, Hashable]


@dataclass(frozen=True)
class Crosswalk:
    from_version: int
    to_version: int
    forward: dict[str, tuple[str, ...]]
    overrides: dict[str, dict[str, tuple[str, ...]]]

    @functools.cached_property
    def parents(self) -> dict[str, tuple[str, ...]]:
        """For each new region, the old regions it was cut from."""
        parents: dict[str, list[str]] = {}
        for old, news in self.forward.items():
            for new in news:
                parents.setdefault(new, []).append(old)
        return {new: tuple(olds) for new, olds in parents.items()}

    def targets(self, old_code: str, *, trigger_point: str | None = None) -> tuple[str, ...]:
        """Where a record on ``old_code`` goes; a trigger point's zones may go to fewer (the overrides)."""
        if trigger_point is not None and old_code in self.overrides.get(trigger_point, {}):
            return self.overrides[trigger_point][old_code]
        return self.forward[old_code]

    def is_core(self, new_code: str) -> bool:
        return len(self.parents[new_code]) == 1

    def carry_forward(
        self,
        records: Mapping[Key, Value],
        *,
        stronger: Callable[[Value, Value], Value],
        trigger_point: str | None = None,
    ) -> dict[Key, Value]:
        """``{(old code, side): record}`` as ``{(new code, side): record}``; two records meeting in one region
        (only possible where a region was cut from several) keep ``stronger(a, b)``."""
        moved: dict[Key, Value] = {}
        for (code, side), value in records.items():
            for target in self.targets(code, trigger_point=trigger_point):
                key = (target, side)
                moved[key] = stronger(moved[key], value) if key in moved else value
        return moved

    def carry_back(
        self, records: Mapping[Key, Value], *, stronger: Callable[[Value, Value], Value]
    ) -> dict[Key, Value]:
        """``{(new code, side): record}`` as ``{(old code, side): record}``: ``carry_forward`` undone."""
        covered = {(self.parents[code][0], side) for code, side in records if self.is_core(code)}
        moved: dict[Key, Value] = {}
        for (code, side), value in records.items():
            olds = self.parents[code]
            if not self.is_core(code) and any((old, side) in covered for old in olds):
                continue
            for old in olds:
                key = (old, side)
                moved[key] = stronger(moved[key], value) if key in moved else value
        return moved

    def codes_forward(self, codes: Iterable[str]) -> list[str]:
        """A list of old codes (a condition's presenting regions) as new codes, in order, once each."""
        moved = self.carry_forward({(code, None): None for code in codes}, stronger=_first)
        return [code for code, _ in moved]

    def codes_back(self, codes: Iterable[str]) -> list[str]:
        moved = self.carry_back({(code, None): None for code in codes}, stronger=_first)
        return [code for code, _ in moved]


def _first(a, _b):
    return a


@functools.lru_cache(maxsize=4)
def load_crosswalk(from_version: int) -> Crosswalk:
    """The crosswalk from ``from_version`` to the next chart version."""
    path = _DATA_DIR / f"body_chart_v{from_version}_to_v{from_version + 1}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    overrides = data["referral_zone_overrides"]["trigger_points"]
    return Crosswalk(
        from_version=int(data["from_version"]),
        to_version=int(data["to_version"]),
        forward={old: tuple(news) for old, news in data["regions"].items()},
        overrides={tp: {old: tuple(news) for old, news in m.items()} for tp, m in overrides.items()},
    )


def marks_on_chart(marks: Iterable, *, from_version: int, to_version: int) -> list:
    """Pain marks (objects with ``region``, ``side``, ``intensity``...) drawn on ``from_version``, as they
    read on ``to_version`` (forward only): an old map asked for suggestions, or copied into a new visit."""
    records = {(mark.region, mark.side): mark for mark in marks}
    version = from_version
    while version < to_version:
        crosswalk = load_crosswalk(version)
        records = crosswalk.carry_forward(records, stronger=_more_intense)
        version = crosswalk.to_version
    return [_moved(mark, code) for (code, _side), mark in records.items()]


def _more_intense(a, b):
    return b if b.intensity > a.intensity else a


def _moved(mark, code: str):
    return replace(mark, region=code)
