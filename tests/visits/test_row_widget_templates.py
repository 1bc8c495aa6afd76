"""The visit rows' widget templates (Jinja2) give the markup of Django's own widget templates.

Two spellings differ and nothing a browser reads: Jinja2 escapes quotes as ``&#34;`` and ``&#39;`` where
Django writes ``&quot;`` and ``&#x27;``, and a select's options are not each followed by a line break.
"""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from records.visits.widgets import RowWidgetRenderer

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
def test_every_simple_widget_renders_like_django(data):
    fast, slow = Everything(data, renderer=RowWidgetRenderer()), Everything(data, renderer=DjangoTemplates())
    fast.is_valid() if data else None
    slow.is_valid() if data else None
    for name in Everything.base_fields:
        assert same_spelling(fast[name].as_widget()) == same_spelling(slow[name].as_widget()), name
        if name == "radio":
            for fast_choice, slow_choice in zip(fast[name], slow[name], strict=True):
                assert same_spelling(fast_choice.tag()) == same_spelling(slow_choice.tag())
                assert same_spelling(fast_choice) == same_spelling(slow_choice)


def same_spelling(html) -> str:
    """Django's entity spellings, and no line breaks between tags (a browser draws neither)."""
    html = str(html).replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
    return re.sub(r">\s*\n\s*<", "><", html)


def test_a_value_is_escaped_and_not_twice():
    form = Everything({"text": "<b>\"Tom\" & 'Jerry'</b>", "choice": "a&b"}, renderer=RowWidgetRenderer())
    html = str(form["text"].as_widget())
    assert 'value="&lt;b&gt;&#34;Tom&#34; &amp; &#39;Jerry&#39;&lt;/b&gt;"' in html
    assert '<option value="a&amp;b" selected>Tom &amp; Jerry &lt;3&gt;</option>' in str(
        form["choice"].as_widget()
    )
