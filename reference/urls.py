from django.urls import path

from reference import pain_map_views, views
from reference.curation import views as curate

app_name = "reference"
urlpatterns = [
    path("", views.index, name="index"),
    path("where-does-it-hurt/", pain_map_views.where_does_it_hurt, name="where_does_it_hurt"),
    path("where-does-it-hurt/candidates/", pain_map_views.candidates_fragment, name="pain_map_candidates"),
    path("muscles/<slug:slug>/", views.muscle_detail, name="muscle_detail"),
    path("techniques/<slug:slug>/", views.technique_detail, name="technique_detail"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition_detail"),
    path("curate/", curate.workspace, name="curate"),
    path("curate/add/", curate.add_muscle, name="curate_add_muscle"),
    path("curate/sources/add/", curate.add_source, name="curate_add_source"),
    path("curate/muscles/<slug:slug>/", curate.muscle_page, name="curate_muscle"),
    path(
        "curate/muscles/<slug:slug>/trigger-points/add/",
        curate.add_trigger_point,
        name="curate_add_trigger_point",
    ),
    path("curate/muscles/<slug:slug>/citations/add/", curate.add_citation, name="curate_add_citation"),
    path("curate/muscles/<slug:slug>/publish/", curate.publish, name="curate_publish"),
    path("curate/muscles/<slug:slug>/preview/", curate.preview, name="curate_preview"),
    path(
        "curate/muscles/<slug:slug>/trigger-points/<slug:trigger_point_slug>/",
        curate.trigger_point_page,
        name="curate_trigger_point",
    ),
    path(
        "curate/muscles/<slug:slug>/trigger-points/<slug:trigger_point_slug>/zones/",
        curate.save_zones,
        name="curate_zones",
    ),
]
