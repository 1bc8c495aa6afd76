"""The questions a page asks before it is left with unsaved entries (static/js/leave-warning.js), answered
the way the browser tests need."""


def answer_every_question_no(page) -> list[tuple[str, str]]:
    """Dismiss every question the page asks (the in-page confirm, the browser's "leave site?") and keep
    (type, message) of each, in order."""
    asked = []

    def answer(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.dismiss()

    page.on("dialog", answer)
    return asked


def leave_by_the_top_bar(page):
    page.locator("nav.navbar").get_by_role("link", name="Clients").click()
