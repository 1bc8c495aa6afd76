from django.urls import path

from reference import pain_map_views, views

app_name = "reference"
urlpatterns = [
    path("", views.index, name="index"),
    path("where-does-it-hurt/", pain_map_views.where_does_it_hurt, name="where_does_it_hurt"),
    path("where-does-it-hurt/candidates/", pain_map_views.candidates_fragment, name="pain_map_candidates"),
    path("muscles/<slug:slug>/", views.muscle_detail, name="muscle_detail"),
    path("techniques/<slug:slug>/", views.technique_detail, name="technique_detail"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition_detail"),
]
