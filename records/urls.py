from django.urls import path

from records.views import audit, clients, consent

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
    path("access-log/", audit.access_log, name="access_log"),
    path("consent-kinds/", consent.consent_kinds, name="consent_kinds"),
]
