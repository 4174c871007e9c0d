"""Charts for the mechanism page: their geometry (numbers and labels), and that geometry drawn as SVG.

The SVG is written here rather than in a template because a chart has hundreds of attributes,
each of which a template escapes one by one; here numbers go in as they are and every label,
title and class is escaped once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from .cache import generation
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


def timeline_svg(chart: Chart) -> Markup:
    """The timeline as SVG: the axis, a tick per labelled year, a linked circle per round."""
    mid = chart.y(0.5)
    parts = [
        f'<svg class="chart timeline" role="img" aria-label="Rounds over time" viewBox="0 0 {chart.width} {chart.height}"'
        f' width="{chart.width}" height="{chart.height}">\n'
        f'  <line x1="{chart.left}" x2="{chart.width - chart.right}" y1="{mid}" y2="{mid}" stroke="#999"/>\n'
    ]
    for tick in chart.ticks:
        parts.append(
            f'<line x1="{tick["x"]}" x2="{tick["x"]}" y1="{mid - 4}" y2="{mid + 4}" stroke="#999"/>'
            f'<text x="{tick["x"]}" y="{chart.height - 8}" text-anchor="middle" font-size="11">{escape(tick["label"])}</text>'
        )
    for p in chart.points:
        parts.append(
            f'<a href="/meetings/{escape(p["id"])}"><circle class="round {escape(p["status"])}" cx="{p["x"]}" cy="{p["y"]}"'
            f' r="6"><title>{escape(p["title"])}</title></circle><text x="{p["x"]}" y="{p["y"] - 10}" text-anchor="middle"'
            f' font-size="11">{escape(p["label"])}</text></a>'
        )
    if not chart.points:
        parts.append(f'<text x="20" y="{mid - 10}" font-size="12">No dated rounds.</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def topic_svg(chart: Chart) -> Markup:
    """The topic lines as SVG: year labels, three counts up the side, a line and titled dots per topic."""
    parts = [
        f'<svg class="chart topics" role="img" aria-label="Statements per topic per year" viewBox="0 0 {chart.width}'
        f' {chart.height}" width="{chart.width}" height="{chart.height}">\n'
        f'  <line x1="{chart.left}" x2="{chart.width - chart.right}" y1="{chart.y(0)}" y2="{chart.y(0)}" stroke="#999"/>\n'
    ]
    for tick in chart.ticks:
        parts.append(
            f'<text x="{tick["x"]}" y="{chart.height - 8}" text-anchor="middle" font-size="11">{escape(tick["label"])}</text>'
        )
    for tick in chart.y_ticks:
        parts.append(
            f'<text x="{chart.left - 6}" y="{tick["y"] + 4}" text-anchor="end" font-size="11">{escape(tick["label"])}</text>'
        )
    for series in chart.series:
        color = escape(series["color"])
        parts.append(
            f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{escape(series["points"])}"/>'
        )
        parts.extend(
            f'<circle cx="{d["x"]}" cy="{d["y"]}" r="3" fill="{color}"><title>{escape(d["title"])}</title></circle>'
            for d in series["dots"]
        )
    if not chart.series:
        parts.append(f'<text x="{chart.left}" y="40" font-size="12">No statements with topics.</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


TopicCounts = dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class TopicChart:
    """A mechanism's statements per year and topic, their chart and the chart as SVG."""

    counts: TopicCounts
    chart: Chart
    svg: Markup


class TopicCharts:
    """Each mechanism's topic chart, made once for each state of the knowledge base file.

    Counting a mechanism's topics reads every statement of its rounds and the chart draws a
    dot per topic and year: the most work of the mechanism page, for data that changes only
    when something is stored. Any commit changes the file (see `cache.generation`), and the
    next request for the chart counts and draws it again.
    """

    def __init__(self, db: str, entries: int = 2048) -> None:
        self.db = db
        self.entries = entries
        self.kept: OrderedDict[int, tuple[tuple[int, ...], TopicChart]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, mechanism_id: int, count: Callable[[], TopicCounts]) -> TopicChart:
        """The chart of one mechanism; `count` gives its counts when they are not kept for this state."""
        stamp = generation(self.db)
        with self.lock:
            kept = self.kept.get(mechanism_id)
            if kept is not None and kept[0] == stamp:
                self.kept.move_to_end(mechanism_id)
                return kept[1]
        counts = count()
        chart = topic_chart(counts)
        made = TopicChart(counts, chart, topic_svg(chart))
        if self.entries > 0 and any(stamp) and stamp == generation(self.db):  # nothing committed meanwhile
            with self.lock:
                self.kept[mechanism_id] = (stamp, made)
                self.kept.move_to_end(mechanism_id)
                while len(self.kept) > self.entries:
                    self.kept.popitem(last=False)
        return made
