from django.urls import path

from records.views import audit, clients, consent, export, outcomes, outcomes_entry, progress, visits

app_name = "records"
urlpatterns = [
    path("", clients.client_list, name="client_list"),
    path("new/", clients.client_create, name="client_create"),
    path("<int:pk>/", clients.client_detail, name="client_detail"),
    path("<int:pk>/edit/", clients.client_edit, name="client_edit"),
    path("<int:pk>/archive/", clients.client_archive, name="client_archive"),
    path("<int:pk>/restore/", clients.client_restore, name="client_restore"),
    path("<int:pk>/history/", audit.client_history, name="client_history"),
    path("<int:pk>/access-log/", audit.client_access_log, name="client_access_log"),
    path("<int:pk>/consents/new/", consent.consent_create, name="consent_create"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", consent.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/visits/new/", visits.visit_start, name="visit_start"),
    path("<int:pk>/export/", export.client_export, name="client_export"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/candidates/", visits.visit_candidates, name="visit_candidates"),
    path("visits/<int:pk>/discard/", visits.visit_discard, name="visit_discard"),
    path("visits/<int:pk>/addenda/", visits.visit_addendum, name="visit_addendum"),
    path("visits/<int:pk>/print/", visits.visit_print, name="visit_print"),
    path("visits/<int:pk>/handout/", visits.visit_handout, name="visit_handout"),
    # Episodes of care and check-ins (records/views/outcomes_entry.py).
    path("<int:pk>/episodes/new/", outcomes_entry.episode_new, name="episode_new"),
    path("episodes/<int:pk>/edit/", outcomes_entry.episode_edit, name="episode_edit"),
    path("episodes/<int:pk>/discharge/", outcomes_entry.episode_discharge, name="episode_discharge"),
    path("episodes/<int:pk>/check-ins/new/", outcomes_entry.check_in_new, name="check_in_new"),
    path("visits/<int:pk>/check-in/", outcomes_entry.visit_check_in, name="visit_check_in"),
    path("check-ins/<int:pk>/", outcomes_entry.check_in_detail, name="check_in_detail"),
    path("check-ins/<int:pk>/edit/", outcomes_entry.check_in_edit, name="check_in_edit"),
    path("check-ins/<int:pk>/sign/", outcomes_entry.check_in_sign, name="check_in_sign"),
    path("check-ins/<int:pk>/discard/", outcomes_entry.check_in_discard, name="check_in_discard"),
    path("check-ins/<int:pk>/addenda/", outcomes_entry.check_in_addendum, name="check_in_addendum"),
    path("episodes/<int:pk>/", progress.episode_progress, name="episode_progress"),
    path("episodes/<int:pk>/report/", progress.episode_report, name="episode_report"),
    path("access-log/", audit.access_log, name="access_log"),
    path("consent-kinds/", consent.consent_kinds, name="consent_kinds"),
    path("outcomes/", outcomes.outcomes, name="outcomes"),
]
