"""The workspace pages' markup has a sound structure (issue 14), checked without a browser on every page and
refused form under /reference/curate/: one h1 and no skipped heading level, ids unique, every field labelled,
no form with an empty action, no table inside a figure. axe-core and the Nu HTML checker look at more
(tests/browser/test_curate_accessibility_in_chromium.py); these are the cheap ones to keep on every run."""

from html.parser import HTMLParser

import pytest

from reference.models import Status
from tests.reference.builders import make_muscle
from tests.reference.test_curate_workspace import draft_muscle_ready_to_publish, tp_url, url

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
NOT_TYPED_IN = {"hidden", "submit", "button", "reset", "image"}


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self.open: list[str] = []
        self.headings: list[int] = []
        self.ids: set[str] = set()
        self.labelled: set[str] = set()
        self.fields: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            level = int(tag[1])
            if self.headings and level > self.headings[-1] + 1:
                self.problems.append(f"<{tag}> after <h{self.headings[-1]}>: a heading level skipped")
            self.headings.append(level)
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.problems.append(f"id {attrs['id']!r} twice")
            self.ids.add(attrs["id"])
        if tag == "form" and "action" in attrs and not (attrs["action"] or "").strip():
            self.problems.append("a form with an empty action")
        if tag == "table" and "figure" in self.open:
            self.problems.append("a table inside a figure")
        if tag == "label" and attrs.get("for"):
            self.labelled.add(attrs["for"])
        typed_in = tag in {"select", "textarea"} or (
            tag == "input" and attrs.get("type", "text") not in NOT_TYPED_IN
        )
        if typed_in and not (attrs.get("aria-label") or attrs.get("aria-labelledby")):
            self.fields.append(attrs.get("id") or f"<{tag} name={attrs.get('name')}> without an id")
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def check(self, html: str) -> list[str]:
        self.feed(html)
        self.close()
        if self.headings.count(1) != 1:
            self.problems.append(f"{self.headings.count(1)} h1 headings")
        unlabelled = [field for field in self.fields if field not in self.labelled]
        self.problems += [f"field {field} has no label" for field in unlabelled]
        return self.problems


def structure_problems(response) -> list[str]:
    return Structure().check(response.content.decode())


def test_the_workspace_pages_have_a_sound_structure(client_as, curator):
    client = client_as(curator)
    muscle, trigger_point = draft_muscle_ready_to_publish()
    bare = make_muscle(name="Soleus", slug="soleus", status=Status.DRAFT, origin="")
    pages = {
        "the list": client.get("/reference/curate/"),
        "a muscle ready to publish": client.get(url(muscle)),
        "a muscle with its checklist": client.get(url(bare)),
        "a published muscle": client.get("/reference/curate/muscles/biceps-femoris/"),
        "the zone chart": client.get(tp_url(trigger_point)),
        "the preview": client.get(url(muscle, "preview/")),
        "a muscle refused": client.post("/reference/curate/add/", {"name": " ", "source": ""}),
        "a source refused": client.post("/reference/curate/sources/add/", {}),
        "facts refused": client.post(url(bare), {"name": ""}),
        "a trigger point refused": client.post(url(bare, "trigger-points/add/"), {}),
        "a citation refused": client.post(url(bare, "citations/add/"), {}),
        "publishing refused": client.post(url(bare, "publish/")),
        "a trigger point edit refused": client.post(tp_url(trigger_point), {"label": ""}),
        "zones refused": client.post(tp_url(trigger_point, "zones/"), {"zone-heel": "strong"}),
    }
    found = {name: structure_problems(response) for name, response in pages.items()}
    assert {name: problems for name, problems in found.items() if problems} == {}
    assert [response.status_code for response in pages.values()] == [200] * 6 + [400] * 8


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<h1>A</h1><h3>B</h3>", "a heading level skipped"),
        ("<h2>A</h2>", "0 h1 headings"),
        ("<h1>A</h1><p id='x'></p><p id='x'></p>", "id 'x' twice"),
        ("<h1>A</h1><form action=''></form>", "a form with an empty action"),
        ("<h1>A</h1><figure><div><table></table></div></figure>", "a table inside a figure"),
        ("<h1>A</h1><input id='q' name='q'>", "field q has no label"),
    ],
)
def test_the_structure_check_finds_each_problem(html, problem):
    assert any(problem in found for found in Structure().check(html))
