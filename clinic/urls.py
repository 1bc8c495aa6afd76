"""Top-level URL configuration. Every page needs a login unless its view opts out explicitly."""

from django.contrib import admin
from django.urls import include, path

from clinic import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("", include("clinic.second_factor.urls")),
    path("reference/", include("reference.urls")),
    path("clients/", include("records.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "clinic.errors.permission_denied"
handler404 = "clinic.errors.page_not_found"
handler500 = "clinic.errors.server_error"

admin.site.site_header = "Clinic record — curation"
admin.site.site_title = "Clinic record admin"
