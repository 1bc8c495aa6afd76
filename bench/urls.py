"""The app's URLs plus the reference page, which exists only under ``bench.settings``."""

from django.urls import path

from bench.reference_page import fortunes
from clinic.urls import handler403, handler404, handler500
from clinic.urls import urlpatterns as app_urlpatterns

REFERENCE_PATH = "/bench/fortunes/"

urlpatterns = [path(REFERENCE_PATH.strip("/") + "/", fortunes, name="bench_fortunes"), *app_urlpatterns]

__all__ = ["urlpatterns", "handler403", "handler404", "handler500"]
