"""A bar chart painted with QPainter: the Reports tab's service times and busy hours.

PySide6-Essentials has no QtCharts (that is PySide6-Addons, 400 MB): a bar chart is a few rectangles, a scale and
a legend. Bars side by side per category, or stacked (`stacked=True`); the scale is a round number.
"""

import math
from dataclasses import dataclass

from PySide6.QtCore import QLineF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

# One colour per series, in order (they match the kinds' lanes: renewal, food, drink, call).
SERIES_COLOURS = (QColor("#2f6fed"), QColor("#e08a00"), QColor("#1f9d63"), QColor("#c23b3b"))
AXIS = QColor("#7a8090")
GRID = QColor("#e4e7ec")
TEXT = QColor("#1d2330")
MARGIN = 12


@dataclass(frozen=True)
class ChartData:
    """`values[s][c]`: series s (named `series[s]`) at category c (named `categories[c]`)."""

    title: str
    categories: tuple[str, ...]
    series: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    stacked: bool = False


def nice_top(value: float) -> float:
    """The scale's top: the next of 1, 2, 5 × 10ⁿ at or above `value`."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 5, 10) if step * power >= value))


class BarChart(QWidget):
    """Paints `ChartData` (`show_data`); empty until it is given some."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ChartData | None = None
        self.setMinimumSize(320, 200)

    def sizeHint(self) -> QSize:
        return QSize(640, 320)

    def show_data(self, data: ChartData | None) -> None:
        self._data = data
        self.update()

    def data(self) -> ChartData | None:
        return self._data

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        if self._data is not None and self._data.categories:
            self._paint(painter, self._data)
        painter.end()

    def _paint(self, painter: QPainter, data: ChartData) -> None:
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        painter.setPen(TEXT)
        painter.drawText(QRectF(0, MARGIN / 2, self.width(), line), Qt.AlignmentFlag.AlignCenter, data.title)
        totals = [
            sum(series[c] for series in data.values) if data.stacked else max(series[c] for series in data.values)
            for c in range(len(data.categories))
        ]
        top = nice_top(max(totals, default=0))
        scale_width = metrics.horizontalAdvance(_number(top)) + 8
        plot = QRectF(
            MARGIN + scale_width,
            MARGIN + 1.5 * line,
            self.width() - 2 * MARGIN - scale_width,
            self.height() - 2 * MARGIN - 4 * line,
        )
        for tick in range(5):  # the scale: 0, ¼, ½, ¾, top
            y = plot.bottom() - plot.height() * tick / 4
            painter.setPen(GRID if tick else AXIS)
            painter.drawLine(QLineF(plot.left(), y, plot.right(), y))
            painter.setPen(AXIS)
            label = QRectF(MARGIN, y - line / 2, scale_width - 4, line)
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(label, right, _number(top * tick / 4))
        slot = plot.width() / len(data.categories)
        bar = slot * 0.7 / (1 if data.stacked else len(data.series))
        every = max(1, math.ceil(metrics.horizontalAdvance("00:00 ") / slot))  # labels that do not overlap
        for c, category in enumerate(data.categories):
            left = plot.left() + slot * c + slot * 0.15
            base = plot.bottom()
            for s, series in enumerate(data.values):
                height = plot.height() * series[c] / top
                x = left if data.stacked else left + bar * s
                painter.fillRect(QRectF(x, base - height, bar, height), SERIES_COLOURS[s % len(SERIES_COLOURS)])
                if data.stacked:
                    base -= height
            if c % every == 0:
                painter.setPen(TEXT)
                label = QRectF(plot.left() + slot * c - slot, plot.bottom() + 2, slot * 3, line)
                painter.drawText(label, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, category)
        self._legend(painter, data, metrics, plot.bottom() + line * 1.6)

    def _legend(self, painter: QPainter, data: ChartData, metrics: QFontMetrics, y: float) -> None:
        widths = [metrics.height() + 4 + metrics.horizontalAdvance(name) + 16 for name in data.series]
        x = (self.width() - sum(widths)) / 2
        for s, (name, width) in enumerate(zip(data.series, widths, strict=True)):
            box = metrics.height() * 0.7
            painter.fillRect(QRectF(x, y + (metrics.height() - box) / 2, box, box), SERIES_COLOURS[s % 4])
            painter.setPen(QPen(TEXT))
            painter.drawText(QRectF(x + box + 4, y, width, metrics.height()), Qt.AlignmentFlag.AlignVCenter, name)
            x += width


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
