from django.urls import path

from clinic.second_factor import views

urlpatterns = [
    path("account/second-factor/", views.verify, name="second_factor_verify"),
    path("account/second-factor/set-up/", views.enrol, name="second_factor_enrol"),
    path("account/security/", views.security, name="account_security"),
    path("account/security/recovery-codes/", views.renew_recovery_codes, name="renew_recovery_codes"),
    path("staff/second-factor/", views.clinic_rule, name="clinic_second_factor"),
    path("staff/<int:pk>/second-factor/reset/", views.reset_for_staff, name="reset_second_factor"),
]
