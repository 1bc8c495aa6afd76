"""Read the forms of a page as a browser would submit them: what the fuzz test and the access matrix post."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

MANAGEMENT_SUFFIXES = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
NOT_SENT = {"csrfmiddlewaretoken"}


@dataclass
class Input:
    name: str
    kind: str  # the input's type, or "select", "select-multiple", "textarea", "button"
    value: list[str] = field(default_factory=list)  # what the browser sends as the page stands

    @property
    def is_management(self) -> bool:
        return self.name.endswith(MANAGEMENT_SUFFIXES)


@dataclass
class HtmlForm:
    action: str
    method: str
    inputs: dict[str, Input] = field(default_factory=dict)

    def data(self) -> dict[str, list[str]]:
        """The form as submitted without touching anything (buttons left out: none was clicked)."""
        return {
            name: list(item.value)
            for name, item in self.inputs.items()
            if item.kind != "button" and item.value
        }


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HtmlForm] = []
        self.form: HtmlForm | None = None
        self.select: Input | None = None
        self.select_first: str | None = None
        self.option: dict | None = None
        self.textarea: Input | None = None

    def _add(self, name, kind, values):
        if not name or name in NOT_SENT or self.form is None:
            return
        item = self.form.inputs.setdefault(name, Input(name, kind))
        item.value.extend(values)

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self.form = HtmlForm(
                action=attrs.get("action") or self.page_url, method=(attrs.get("method") or "get").lower()
            )
            self.forms.append(self.form)
        elif tag == "input" and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            name = attrs.get("name", "")
            if kind in ("checkbox", "radio"):
                self._add(name, kind, [attrs.get("value", "on")] if "checked" in attrs else [])
            elif kind in ("submit", "image", "reset", "file"):
                if kind == "submit":
                    self._add(name, "button", [attrs.get("value", "")])
            else:
                self._add(name, kind, [attrs.get("value", "")])
        elif tag == "button" and attrs.get("name") and attrs.get("type", "submit") == "submit":
            self._add(attrs["name"], "button", [attrs.get("value", "")])
        elif tag == "select" and "disabled" not in attrs:
            multiple = "multiple" in attrs
            self.select = Input(attrs.get("name", ""), "select-multiple" if multiple else "select")
            self.select_first = None
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
        elif tag == "textarea" and "disabled" not in attrs:
            self.textarea = Input(attrs.get("name", ""), "textarea", [""])

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        elif self.textarea is not None:
            self.textarea.value[0] += data

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            self._end_option()
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self._end_option()
            if not self.select.value and self.select.kind == "select" and self.select_first is not None:
                self.select.value.append(self.select_first)
            self._add(self.select.name, self.select.kind, self.select.value)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.textarea.value[0] = self.textarea.value[0].removeprefix("\n")
            self._add(self.textarea.name, "textarea", self.textarea.value)
            self.textarea = None
        elif tag == "form":
            self.form = None

    def _end_option(self):
        value = self.option["value"] if self.option["value"] is not None else self.option["text"].strip()
        if self.select_first is None:
            self.select_first = value
        if self.option["selected"]:
            self.select.value.append(value)
        self.option = None


def forms_of(html: str, page_url: str) -> list[HtmlForm]:
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms
