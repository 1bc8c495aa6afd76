"""The reference page: one query and a tiny template behind the app's full middleware.

Like the "Fortunes" test of the TechEmpower benchmarks it reads a small table, adds one row in Python,
sorts and renders it escaped. Each page's requests per second are reported as a ratio to this page measured
next to it, so the figures compare across machines and across loads on a shared machine.
"""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from records.models import ConsentKind


@require_http_methods(["GET"])
def fortunes(request):
    rows = [(kind.code, kind.name) for kind in ConsentKind.objects.filter(clinic__isnull=True)]
    rows.append(("added", "Added at request time: <script>alert('escaped')</script>"))
    rows.sort(key=lambda row: row[1])
    return render(request, "bench/fortunes.html", {"rows": rows})
