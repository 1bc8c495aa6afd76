"""Reference library pages for therapists and curators."""

from django.shortcuts import render


def index(request):
    return render(request, "reference/index.html")
