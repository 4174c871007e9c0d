"""Chart geometry: points on a time axis for rounds, one line per topic with labelled dots."""

from __future__ import annotations

from pathlib import Path

from corridor.web.charts import timeline_chart, topic_chart


def test_charts_topic_lines_carry_their_label_and_each_dot_its_tooltip() -> None:
    chart = topic_chart({"2023": {"energy": 2, "e_exports": 1}, "2024": {"energy": 5}})
    assert [s["label"] for s in chart.series] == ["Energy", "E: exports"]
    energy, exports = chart.series
    assert [d["title"] for d in energy["dots"]] == ["Energy 2023: 2", "Energy 2024: 5"]
    assert [d["title"] for d in exports["dots"]] == ["E: exports 2023: 1", "E: exports 2024: 0"]


def test_charts_timeline_places_dated_rounds_only() -> None:
    rounds = [
        {"id": 1, "date": "2022-03-01", "status": "held", "ordinal": 4},
        {"id": 2, "date": None, "status": "scheduled", "ordinal": 5},
        {"id": 3, "date": "2024", "status": "held", "ordinal": None},
    ]
    chart = timeline_chart(rounds)
    assert [(p["id"], p["label"]) for p in chart.points] == [(1, "#4"), (3, "")]
    assert chart.points[0]["x"] < chart.points[1]["x"]


def test_charts_svg_escapes_every_label_title_and_class() -> None:
    from corridor.web.charts import timeline_svg, topic_svg

    rounds = [{"id": 7, "date": "2022-03-01", "status": 'held"><script>', "ordinal": 4}]
    timeline = timeline_svg(timeline_chart(rounds))
    assert '<a href="/meetings/7"><circle class="round held&#34;&gt;&lt;script&gt;"' in timeline
    assert "<script>" not in timeline and timeline.count("<circle") == 1
    topics = topic_svg(topic_chart({"2023": {"<b>&co": 2}}))
    assert "<title>&lt;b&gt;&amp;co 2023: 2</title>" in topics and "<b>" not in topics
    assert "No statements with topics." in topic_svg(topic_chart({}))
    assert "No dated rounds." in timeline_svg(timeline_chart([]))


def test_charts_topic_chart_is_kept_until_the_base_changes(tmp_path: Path) -> None:
    from corridor.kb import open_db
    from corridor.web.charts import TopicCharts

    db = str(tmp_path / "c.db")
    open_db(db).close()
    calls: list[int] = []

    def count() -> dict[str, dict[str, int]]:
        calls.append(1)
        return {"2024": {"energy": len(calls)}}

    charts = TopicCharts(db, entries=1)
    first = charts.get(7, count)
    assert charts.get(7, count) is first and len(calls) == 1
    assert "<title>Energy 2024: 1</title>" in first.svg
    with open_db(db) as kb:
        kb.create_token("x", "hash")  # any commit
    again = charts.get(7, count)
    assert len(calls) == 2 and "<title>Energy 2024: 2</title>" in again.svg
    charts.get(8, count)  # one entry kept: 7 makes way for 8
    charts.get(7, count)
    assert len(calls) == 4
