"""The chart widget the reports' pictures are drawn with: bars as tall as their values on a round scale, side by
side or stacked, in each series' colour."""

import pytest
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot

from netbar.staff.bar_chart import SERIES_COLOURS, BarChart, ChartData, nice_top


@pytest.mark.parametrize(
    ("value", "top"), [(0, 1), (0.7, 1), (1, 1), (3, 5), (7, 10), (12, 20), (180, 200), (4100, 5000)]
)
def test_the_scale_ends_at_a_round_number(value: float, top: float) -> None:
    assert nice_top(value) == top


def bar_heights(image: QImage, colour: QColor) -> list[int]:
    """Per column of pixels, the longest unbroken run of `colour`: a bar's height, and not the legend's swatch of
    the same colour further down (where that falls depends on the font the application has)."""
    heights = []
    for x in range(image.width()):
        longest = run = 0
        for y in range(image.height()):
            run = run + 1 if image.pixelColor(x, y) == colour else 0
            longest = max(longest, run)
        heights.append(longest)
    return heights


def drawn(qtbot: QtBot, data: ChartData) -> tuple[list[int], list[int]]:
    """The heights of the first two series' colours, per column of pixels."""
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(400, 300)
    chart.show_data(data)
    image = chart.grab().toImage()
    return bar_heights(image, SERIES_COLOURS[0]), bar_heights(image, SERIES_COLOURS[1])


def test_bars_side_by_side_are_as_tall_as_their_values(qtbot: QtBot) -> None:
    food, drink = drawn(qtbot, ChartData("Requests", ("10:00", "11:00"), ("Food", "Drink"), ((10, 0), (0, 20))))
    assert max(drink) == pytest.approx(2 * max(food), rel=0.1)  # 20 against 10, on the same scale
    assert max(food) > 50
    first_drink = next(x for x, height in enumerate(drink) if height)
    assert max(x for x, height in enumerate(food) if height) < first_drink  # 10:00's food, then 11:00's drink


def test_stacked_bars_sit_on_each_other(qtbot: QtBot) -> None:
    food, drink = drawn(qtbot, ChartData("Requests", ("10:00", "11:00"), ("Food", "Drink"), ((10, 0), (10, 0)), True))
    assert max(drink) == pytest.approx(max(food), rel=0.1)
    assert max(food) > 50
    assert {x for x, height in enumerate(food) if height} <= {x for x, height in enumerate(drink) if height}


def test_nothing_is_drawn_without_data(qtbot: QtBot) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(300, 200)
    image = chart.grab().toImage()
    assert not any(bar_heights(image, SERIES_COLOURS[0]))
