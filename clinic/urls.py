"""Top-level URL configuration. Every page needs a login unless its view opts out explicitly."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import sessions, views
from clinic.admin_hardening import scoped_view_on_site
from clinic.login import AdminLoginForm, LoginForm, ResetPasswordForm

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    # Sign-in and password reset with bounded inputs (clinic/login.py); the rest of Django's auth URLs as is.
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=ResetPasswordForm),
        name="password_reset",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # The visit editor's keep-alive while the therapist works (clinic/sessions.py).
    path("session/keep-alive/", sessions.keep_alive, name="session_keep_alive"),
    path("clinic/", views.clinic_profile, name="clinic_profile"),
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/invite/", views.staff_reinvite, name="staff_reinvite"),
    path("", include("clinic.second_factor.urls")),
    path("reference/", include("reference.urls")),
    path("clients/", include("records.urls")),
    # Before the admin's own: its "view on site" redirect, scoped to the reference library (defect 10).
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(scoped_view_on_site),
        name="admin_view_on_site",
    ),
    path("admin/", admin.site.urls),
]

handler403 = "clinic.errors.permission_denied"
handler404 = "clinic.errors.page_not_found"
handler500 = "clinic.errors.server_error"

admin.site.login_form = AdminLoginForm
admin.site.site_header = "Clinic record — curation"
admin.site.site_title = "Clinic record admin"
