"""The episodes' part of a client's change history (``records.audit.change_history``): every episode,
check-in, LEFS answer, PSFS activity and score, and check-in addendum, as the visits' part does
(``records.visits.history``). One query for the episodes, then one per history table when there are any."""

from __future__ import annotations

from dataclasses import dataclass, field

from records.models import CheckIn, CheckInAddendum, Episode, LefsItemScore, PsfsActivity, PsfsScore

# Bookkeeping that changes on every save and says nothing to a reader.
OUTCOME_BOOKKEEPING = {"episode", "check_in", "lock_version", "updated_at"}


@dataclass
class OutcomeHistory:
    episode_rows: list = field(default_factory=list)
    rows: dict = field(default_factory=dict)  # model -> history rows
    episode_titles: dict = field(default_factory=dict)  # episode id -> title
    check_in_names: dict = field(default_factory=dict)  # check-in id -> "Follow-up check-in 01/04/2025"
    activity_names: dict = field(default_factory=dict)  # activity id -> name

    @property
    def user_ids(self) -> set:
        ids = {row.created_by_id for row in self.episode_rows}
        for row in self.rows.get(CheckIn, []):
            ids.update([row.therapist_id, row.signed_by_id, row.discarded_by_id])
        for row in self.rows.get(CheckInAddendum, []):
            ids.add(row.author_id)
        return ids

    def sources(self):
        """(model, rows, subject) triples in the shape ``change_history`` reads."""
        yield Episode, self.episode_rows, lambda row: f"Episode: {self.episode_titles.get(row.id, row.title)}"
        yield PsfsActivity, self.rows.get(PsfsActivity, []), self._activity_subject
        yield CheckIn, self.rows.get(CheckIn, []), lambda row: self._check_in(row.id)
        yield (
            LefsItemScore,
            self.rows.get(LefsItemScore, []),
            lambda row: f"{self._check_in(row.check_in_id)}: LEFS item {row.item}",
        )
        yield (
            PsfsScore,
            self.rows.get(PsfsScore, []),
            lambda row: (
                f"{self._check_in(row.check_in_id)}: PSFS "
                f"{self.activity_names.get(row.activity_id, 'activity')}"
            ),
        )
        yield (
            CheckInAddendum,
            self.rows.get(CheckInAddendum, []),
            lambda row: f"{self._check_in(row.check_in_id)}: addendum",
        )

    def _check_in(self, check_in_id) -> str:
        return self.check_in_names.get(check_in_id, "Check-in")

    def _activity_subject(self, row) -> str:
        return f"Episode: {self.episode_titles.get(row.episode_id, '')}: PSFS activity {row.position}"


def outcome_history_rows(client) -> OutcomeHistory:
    episode_rows = list(
        Episode.history.filter(client_id=client.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    history = OutcomeHistory(episode_rows=episode_rows)
    for row in episode_rows:
        history.episode_titles[row.id] = row.title  # the newest title wins: rows come oldest first
    episode_ids = list(history.episode_titles)
    if not episode_ids:
        return history

    def rows_of(model, **lookup):
        return list(
            model.history.filter(**lookup)
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )

    history.rows[PsfsActivity] = rows_of(PsfsActivity, episode_id__in=episode_ids)
    history.rows[CheckIn] = rows_of(CheckIn, episode_id__in=episode_ids)
    for row in history.rows[PsfsActivity]:
        history.activity_names[row.id] = row.name
    for row in history.rows[CheckIn]:
        history.check_in_names[row.id] = f"{row.get_kind_display()} check-in {row.recorded_on:%d/%m/%Y}" + (
            " (in a visit)" if row.visit_id else ""
        )
    check_in_ids = list(history.check_in_names)
    for model in (LefsItemScore, PsfsScore, CheckInAddendum):
        history.rows[model] = rows_of(model, check_in_id__in=check_in_ids) if check_in_ids else []
    return history
