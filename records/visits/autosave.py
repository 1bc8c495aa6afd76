"""What an autosave of the visit page answers, as JSON for ``static/js/visit-autosave.js``.

An autosave is the page's own POST ("Save draft") sent in the background with the header ``X-Autosave: 1``:
the same forms, validation, version check and transaction (``records.views.visits``). Only the answer
differs: instead of a page, what the script needs to keep the page in step with the saved draft:

- ``saved``: the time, the draft's new ``lock_version`` (so the next save does not conflict with this one),
  and for each formset the rows this save created (form prefix -> new id) and removed (form prefixes), so
  the script can turn new rows into stored ones and drop removed ones without a page load;
- ``invalid``: the messages by input name, to be shown beside each input; nothing was saved and the page
  keeps every entry;
- ``conflict`` and ``locked``: nothing was saved; the conflict's explanation comes drawn by the template
  the full page uses.
"""

from __future__ import annotations

from django.forms import BaseForm

from records.visits.forms import VisitEditor

AUTOSAVE_HEADER = "X-Autosave"


def is_autosave(request) -> bool:
    return request.headers.get(AUTOSAVE_HEADER) == "1"


def errors_by_input(editor: VisitEditor) -> dict[str, list[str]]:
    """Every refused entry's messages keyed by the input's name (``__all__`` for a form's own messages,
    keyed by its prefix; a formset's own messages under its prefix)."""
    errors: dict[str, list[str]] = {}

    def add(form: BaseForm) -> None:
        for name, messages in form.errors.items():
            key = form.add_prefix(name) if name != "__all__" else f"{form.prefix or 'form'}-__all__"
            errors[key] = [str(message) for message in messages]

    for form in (editor.form, editor.pain_map, editor.screening, *editor.flag_forms):
        add(form)
    for formset in editor.formsets:
        if formset.non_form_errors():
            errors[f"{formset.prefix}-__all__"] = [str(message) for message in formset.non_form_errors()]
        for form in formset.forms:
            add(form)
    return errors


def saved_rows(editor: VisitEditor) -> dict[str, dict]:
    """For each formset, the rows the save created (form prefix -> id) and removed (form prefixes). Call
    after the save: the new rows' objects then carry their ids."""
    rows = {}
    for formset in editor.formsets:
        created = {id(obj) for obj in formset.new_objects}
        rows[formset.prefix] = {
            "created": {
                form.prefix: form.instance.pk
                for form in formset.extra_forms
                if id(form.instance) in created and form.instance.pk is not None
            },
            "removed": [form.prefix for form in formset.deleted_forms],
        }
    return rows
