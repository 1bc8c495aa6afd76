"""The Python widget renderer gives exactly the markup of Django's own widget templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from records.visits.widgets import FastWidgetRenderer

CHOICES = [("", "—"), ("a&b", "Tom & Jerry <3>"), (3, "three")]


class Everything(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"class": "form-control", "data-x": '"quoted"'}))
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "max": 10}))
    when = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    flag = forms.BooleanField(required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    choice = forms.ChoiceField(choices=CHOICES)
    grouped = forms.ChoiceField(choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
    hidden = forms.CharField(widget=forms.HiddenInput)


@pytest.mark.parametrize(
    "data",
    [
        None,
        {
            "text": "<script>alert('x')</script>",
            "number": "7",
            "when": "2026-01-02T03:04",
            "flag": "on",
            "notes": "line one\n<b>two</b> & three",
            "choice": "a&b",
            "grouped": "y",
            "radio": "3",
            "hidden": 'h"i',
        },
        {"text": "", "number": "-1", "notes": "", "choice": "nope"},
    ],
)
def test_every_simple_widget_renders_exactly_like_django(data):
    fast, slow = Everything(data, renderer=FastWidgetRenderer()), Everything(data, renderer=DjangoTemplates())
    fast.is_valid() if data else None
    slow.is_valid() if data else None
    for name in Everything.base_fields:
        assert str(fast[name].as_widget()) == str(slow[name].as_widget()), name
        if name == "radio":
            for fast_choice, slow_choice in zip(fast[name], slow[name], strict=True):
                assert str(fast_choice.tag()) == str(slow_choice.tag())
                assert str(fast_choice) == str(slow_choice)
