from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinic and staff"

    def ready(self):
        from clinic import checks, lookups

        checks.warn_at_start_up()
        lookups.register()
