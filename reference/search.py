"""The reference index's search box: names and descriptions of the entries a user may read.

A few icontains filters per kind, one query each (plus one prefetch for the kinds shown through their
muscles), so the cost does not grow with the library; results are capped per kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django import forms
from django.db.models import Prefetch, Q

from clinic.text import refuse_control_characters
from reference.models import Condition, Muscle, PerpetuatingFactor, SelfHelp, Symptom, Technique

MAX_QUERY_LENGTH = 100
MAX_RESULTS_PER_KIND = 25


@dataclass
class ResultGroup:
    label: str
    entries: list = field(default_factory=list)
    via_muscles: bool = False  # entries without a page of their own link to their muscles


SEARCHED = [
    ("Muscles", Muscle, ["name", "description", "origin", "insertion", "action", "innervation_nerve"], False),
    ("Techniques", Technique, ["name", "description", "scope_note"], False),
    ("Differential diagnoses", Condition, ["name", "description", "referral_prompt"], False),
    ("Symptoms", Symptom, ["name", "description"], True),
    ("Perpetuating factors", PerpetuatingFactor, ["name", "description"], True),
    ("Self-help", SelfHelp, ["name", "description"], True),
]


def clean_query(raw: str) -> str:
    return " ".join(raw.split())[:MAX_QUERY_LENGTH]


class LibrarySearchForm(forms.Form):
    """The search box, validated like any form field: control characters (NUL among them) are a message
    under the box, never a query. Over-long text is cut to ``MAX_QUERY_LENGTH``, as the box itself does."""

    q = refuse_control_characters(forms.CharField(required=False, strip=False))

    def clean_q(self) -> str:
        return clean_query(self.cleaned_data["q"])

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    @property
    def error(self) -> str:
        return self.errors["q"][0] if self.is_bound and "q" in self.errors else ""


def search_library(query: str, user) -> list[ResultGroup]:
    """Groups of matching entries visible to ``user``; empty groups are left out."""
    if not query:
        return []
    groups = []
    for label, model, fields, via_muscles in SEARCHED:
        condition = reduce(or_, (Q(**{f"{name}__icontains": query}) for name in fields))
        queryset = model.objects.visible_to(user).filter(condition)
        if via_muscles:
            queryset = queryset.prefetch_related(
                Prefetch("muscles", queryset=Muscle.objects.visible_to(user).order_by("sort_order", "name"))
            )
        entries = list(queryset[:MAX_RESULTS_PER_KIND])
        if entries:
            groups.append(ResultGroup(label=label, entries=entries, via_muscles=via_muscles))
    return groups
