from django.urls import path

from records.views import audit, clients, consent, export, outcomes, visits

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
    path("access-log/", audit.access_log, name="access_log"),
    path("consent-kinds/", consent.consent_kinds, name="consent_kinds"),
    path("outcomes/", outcomes.outcomes, name="outcomes"),
]
