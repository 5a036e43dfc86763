"""The SVG line chart: labelled for assistive technology, every point's label drawn, lines told apart
without colour, and the same figures as table rows."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

from pathways.charts import Series, line_chart

NS = {"svg": "http://www.w3.org/2000/svg"}


def chart(**extra: object):  # type: ignore[no-untyped-def]
    fields: dict[str, object] = {
        "title": "Hours <in> school", "description": "Planned & attended, week by week.",
        "labels": ["7 Sep", "14 Sep", "21 Sep"],
        "series": [Series("Planned", [10, 15, 15]), Series("Attended", [8, None, 15])],
        "y_label": "Hours", "x_label": "Week beginning", "unit": "h",
    }
    fields.update(extra)
    return line_chart(**fields)  # type: ignore[arg-type]


def test_the_chart_is_an_image_named_by_its_title_and_description_for_a_screen_reader() -> None:
    svg = ET.fromstring(str(chart().svg))
    assert svg.get("role") == "img"
    title, desc = svg.find("svg:title", NS), svg.find("svg:desc", NS)
    assert title is not None and title.text == "Hours <in> school"
    assert desc is not None and desc.text == "Planned & attended, week by week."
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"


def test_every_week_and_both_axes_are_labelled_and_each_line_is_named_at_its_end() -> None:
    texts = [t.text for t in ET.fromstring(str(chart().svg)).iter("{http://www.w3.org/2000/svg}text")]
    for label in ("7 Sep", "14 Sep", "21 Sep", "Hours", "Week beginning", "Planned 15 h", "Attended 15 h"):
        assert label in texts


def test_lines_differ_by_dash_pattern_and_marker_not_only_by_colour() -> None:
    svg = ET.fromstring(str(chart(series=[Series("Planned", [10, 15, 15]), Series("Attended", [8, 9, 15])]).svg))
    paths = [p for p in svg.iter("{http://www.w3.org/2000/svg}path") if p.get("fill") == "none"]
    dashes = {p.get("stroke-dasharray") for p in paths}
    assert len(dashes) == 2  # one solid (None), one dashed
    assert svg.find("svg:circle", NS) is not None and svg.find("svg:rect[@width='9.0']", NS) is not None


def test_a_missing_figure_breaks_the_line_and_reads_as_a_dash_in_the_table() -> None:
    broken = chart(labels=["a", "b", "c", "d", "e"], series=[Series("Attended", [8, 9, None, 15, 16])])
    svg = ET.fromstring(str(broken.svg))
    lines = [p for p in svg.iter("{http://www.w3.org/2000/svg}path") if p.get("fill") == "none"]
    assert len(lines) == 2  # a to b, then d to e: nothing drawn through the gap
    result = chart()
    assert result.header == ["Week beginning", "Planned", "Attended"]
    assert result.rows == [["7 Sep", "10 h", "8 h"], ["14 Sep", "15 h", "–"], ["21 Sep", "15 h", "15 h"]]


def test_end_labels_of_lines_that_finish_at_the_same_value_do_not_overlap() -> None:
    result = chart(series=[Series("A", [50, 50]),
                           Series("B", [40, 50]), Series("C", [60, 50])],
                   labels=["w1", "w2"], unit="%", y_max=100)
    svg = ET.fromstring(str(result.svg))
    ends = sorted(float(t.get("y", 0)) for t in svg.iter("{http://www.w3.org/2000/svg}text")
                  if (t.text or "").endswith("50%") and t.get("font-weight") == "bold")
    assert len(ends) == 3
    assert all(b - a >= 14 for a, b in itertools.pairwise(ends))


def test_names_with_markup_are_escaped() -> None:
    result = chart(series=[Series("<script>alert(1)</script>", [1, 2, 3])])
    assert "<script>" not in str(result.svg)
    ET.fromstring(str(result.svg))  # still well-formed


def test_a_long_series_names_every_nth_week_on_the_axis_and_every_week_in_the_table() -> None:
    labels = [f"w{i}" for i in range(45)]
    result = chart(labels=labels, series=[Series("Planned", list(range(45)))])
    named = {t.text for t in ET.fromstring(str(result.svg)).iter("{http://www.w3.org/2000/svg}text")} & set(labels)
    assert "w44" in named and 10 <= len(named) <= 20
    assert [row[0] for row in result.rows] == labels
