"""The table ``bench_load`` prints: one line per page, next to the reference run measured just before it."""

from bench.pages import P99_GOAL_MS, Page
from bench.wrk import Result

HEADER = (
    f"{'page':<28} {'req/s':>8} {'ref req/s':>9} {'ratio':>6} {'goal':>5} "
    f"{'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} {'errors':>7}  verdict"
)


def line(label: str, result: Result, reference: Result | None = None, page: Page | None = None) -> str:
    ratio = result.per_second / reference.per_second if reference and reference.per_second else None
    verdict = ""
    if page is not None and ratio is not None:
        misses = []
        if ratio < page.goal_ratio:
            misses.append(f"ratio below {page.goal_ratio}")
        if result.p99_ms > P99_GOAL_MS:
            misses.append(f"p99 above {P99_GOAL_MS} ms")
        if result.errors:
            misses.append(
                f"{result.errors} non-2xx ({result.redirects} redirects, {result.failures} 4xx/5xx, "
                f"{result.socket_errors} socket errors)"
            )
        verdict = "; ".join(misses) or "goal met"
    return (
        f"{label:<28} {result.per_second:>8.1f} "
        f"{(reference.per_second if reference else result.per_second):>9.1f} "
        f"{(f'{ratio:.2f}' if ratio is not None else '1.00'):>6} "
        f"{(f'{page.goal_ratio:.2f}' if page else '-'):>5} "
        f"{result.p50_ms:>7.1f} {result.p90_ms:>7.1f} {result.p99_ms:>7.1f} {result.errors:>7}  {verdict}"
    )
