"""Chart geometry for the SVG a template draws: numbers and labels only, no markup.

Keeping markup in templates means every label is escaped like any other text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .views import topic_label

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    left: int = 40
    right: int = 20
    top: int = 20
    bottom: int = 30
    ticks: list[dict[str, Any]] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)
    series: list[dict[str, Any]] = field(default_factory=list)
    y_ticks: list[dict[str, Any]] = field(default_factory=list)

    def x(self, fraction: float) -> float:
        return round(self.left + fraction * (self.width - self.left - self.right), 1)

    def y(self, fraction: float) -> float:
        return round(self.height - self.bottom - fraction * (self.height - self.top - self.bottom), 1)


def decimal_year(value: str | None) -> float | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD date as a year with a fraction; vague dates sit mid-period."""
    if not value:
        return None
    try:
        year = int(value[:4])
        if len(value) >= 10:
            return year + (int(value[5:7]) - 1) / 12 + (int(value[8:10]) - 1) / 365
        if len(value) >= 7:
            return year + (int(value[5:7]) - 0.5) / 12
        return year + 0.5
    except ValueError:
        return None


def timeline_chart(meetings: Sequence[dict[str, Any]], width: int = 720, height: int = 120) -> Chart:
    """Each dated round as a point on a time axis, marked by status, labelled with its number."""
    chart = Chart(width, height, left=20)
    dated = [(t, m) for m in meetings if (t := decimal_year(m.get("date"))) is not None]
    if not dated:
        return chart
    low, high = int(min(t for t, _ in dated)), int(max(t for t, _ in dated)) + 1
    span = high - low
    step = max(1, span // 10)
    chart.ticks = [{"x": chart.x((y - low) / span), "label": str(y)} for y in range(low, high + 1, step)]
    for t, m in dated:
        chart.points.append(
            {
                "x": chart.x((t - low) / span),
                "y": chart.y(0.5),
                "id": m["id"],
                "status": m["status"],
                "label": f"#{m['ordinal']}" if m.get("ordinal") is not None else "",
                "title": f"{m.get('date')} {m['status']}",
            }
        )
    return chart


def topic_chart(
    counts: dict[str, dict[str, int]], top: int = 6, width: int = 720, height: int = 220
) -> Chart:
    """Statements per year for the most frequent topics, one line each."""
    chart = Chart(width, height)
    years = sorted(counts)
    if not years:
        return chart
    totals: dict[str, int] = {}
    for per_topic in counts.values():
        for topic, n in per_topic.items():
            totals[topic] = totals.get(topic, 0) + n
    topics = sorted(totals, key=lambda t: (-totals[t], t))[:top]
    peak = max((counts[y].get(t, 0) for y in years for t in topics), default=1) or 1
    position = {y: (i + 0.5) / len(years) for i, y in enumerate(years)}
    chart.ticks = [{"x": chart.x(position[y]), "label": y} for y in years]
    chart.y_ticks = [{"y": chart.y(f), "label": str(round(peak * f))} for f in (0, 0.5, 1)]
    for i, topic in enumerate(topics):
        coords = [(chart.x(position[y]), chart.y(counts[y].get(topic, 0) / peak)) for y in years]
        label = topic_label(topic)
        chart.series.append(
            {
                "topic": topic,
                "label": label,
                "color": PALETTE[i % len(PALETTE)],
                "points": " ".join(f"{x},{y}" for x, y in coords),
                "dots": [
                    {
                        "x": x,
                        "y": y,
                        "n": (n := counts[yr].get(topic, 0)),
                        "year": yr,
                        "title": f"{label} {yr}: {n}",
                    }
                    for (x, y), yr in zip(coords, years, strict=True)
                ],
            }
        )
    return chart
