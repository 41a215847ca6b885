"""The one chart maker, in its second layout: bars across, one per category (speaker pages)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from claims.display.charts import bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def bar_widths(svg: ET.Element) -> list[float]:
    return [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]


def test_bars_across_scale_to_the_longest_and_escape_every_label():
    text = bar_chart_svg([("<b>True</b>", 4), ("False & co", 2), ("Misleading", 0)], title="<i>Verdicts</i>",
                         across=True)
    assert "<b>" not in text and "<i>" not in text
    svg = ET.fromstring(text)
    assert svg.get("class") == "rating-chart"
    assert bar_widths(svg) == [270.0, 135.0, 0.0]  # 420 wide, less the labels' 110 and the counts' 40
    titles = [element.text for element in svg.iter(f"{SVG}title")]
    assert titles == ["<i>Verdicts</i>", "<b>True</b>: 4", "False & co: 2", "Misleading: 0"]
    assert int(svg.get("height")) == 6 * 2 + 22 * 3  # one row per category


def test_both_layouts_refuse_negative_counts():
    for across in (False, True):
        with pytest.raises(ValueError):
            bar_chart_svg([("a", -1)], across=across)
