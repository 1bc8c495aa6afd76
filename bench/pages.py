"""The pages ``bench_load`` measures, each by a short name (``--pages``), with the issue's ratio goals."""

from dataclasses import dataclass

from bench.seed import SeededClinic


@dataclass(frozen=True)
class Page:
    name: str
    label: str
    path: str
    goal_ratio: float  # requests per second as a share of the reference page's (issue 15)


def pages_for(clinic: SeededClinic) -> list[Page]:
    return [
        Page("dashboard", "Dashboard", "/", 0.5),
        Page("clients", "Client list", "/clients/", 0.5),
        Page("search", "Client list, search 'mar'", "/clients/?q=mar", 0.5),
        Page("client", "Client page", f"/clients/{clinic.client_id}/", 0.5),
        Page("visit", "Signed visit page", f"/clients/visits/{clinic.signed_visit_id}/", 0.5),
        Page("pain_map", "Where does it hurt?", "/reference/where-does-it-hurt/", 0.5),
        Page("draft", "Draft editing screen", f"/clients/visits/{clinic.draft_visit_id}/", 0.25),
    ]


PAGE_NAMES = ["dashboard", "clients", "search", "client", "visit", "pain_map", "draft"]
P99_GOAL_MS = 100
