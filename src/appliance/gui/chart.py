"""Two small charts drawn with QPainter (QtCharts is not part of PySide6-Essentials): the training loss
as a line over the steps, and base vs tuned as grouped bars. Their labels come from the page (translated)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

BASE_COLOR = QColor("#9e9e9e")
TUNED_COLOR = QColor("#1f77b4")


def _nice_step(span: float, ticks: int = 4) -> float:
    """A round tick step (1, 2, 2.5, 5 x 10^n) for ``span`` split in about ``ticks`` parts."""
    import math

    if span <= 0:
        return 1.0
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _fmt(v: float) -> str:
    return f"{v:.3g}" if abs(v) < 1000 else f"{v:,.0f}"


class LineChart(QWidget):
    """A line of (x, y) points with axes; ``placeholder`` is shown while there are none."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.points: list[tuple[float, float]] = []
        self.title = ""
        self.x_label = ""
        self.placeholder = ""
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(480, 220)

    def set_labels(self, title: str, x_label: str, placeholder: str) -> None:
        self.title, self.x_label, self.placeholder = title, x_label, placeholder
        self.update()

    def add_point(self, x: float, y: float) -> None:
        if self.points and x <= self.points[-1][0]:  # a resumed run repeats steps: keep the newest value
            self.points = [p for p in self.points if p[0] < x]
        self.points.append((float(x), float(y)))
        self.update()

    def clear(self) -> None:
        self.points = []
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802  (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        fm = QFontMetrics(self.font())
        text_color = pal.color(QPalette.ColorRole.Text)
        p.setPen(text_color)
        top = fm.height() + 8
        if self.title:
            p.drawText(QRectF(0, 4, self.width(), fm.height()), Qt.AlignmentFlag.AlignHCenter, self.title)
        if not self.points:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(QRectF(self.rect()).adjusted(12, top, -12, -12),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            p.end()
            return
        ys = [y for _, y in self.points]
        xs = [x for x, _ in self.points]
        y_max = max(ys) * 1.1 or 1.0
        y_min = 0.0 if min(ys) >= 0 else min(ys) * 1.1
        x_min, x_max = min(xs), max(xs)
        if x_max == x_min:
            x_max = x_min + 1
        left = fm.horizontalAdvance("0.000") + 14
        plot = QRectF(left, top + 4, self.width() - left - 14, self.height() - top - 2 * fm.height() - 16)
        grid = QPen(pal.color(QPalette.ColorRole.Mid))
        grid.setStyle(Qt.PenStyle.DotLine)
        step = _nice_step(y_max - y_min)
        v = 0.0 if y_min >= 0 else step * int(y_min / step)
        while v <= y_max + 1e-12:
            y = plot.bottom() - (v - y_min) / (y_max - y_min) * plot.height()
            p.setPen(grid)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text_color)
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, _fmt(v))
            v += step
        p.setPen(QPen(text_color))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.drawLine(plot.bottomLeft(), plot.topLeft())
        p.drawText(QRectF(plot.left(), plot.bottom() + 2, 80, fm.height()), Qt.AlignmentFlag.AlignLeft, _fmt(x_min))
        p.drawText(QRectF(plot.right() - 80, plot.bottom() + 2, 80, fm.height()), Qt.AlignmentFlag.AlignRight, _fmt(x_max))
        p.drawText(QRectF(plot.left(), plot.bottom() + fm.height() + 2, plot.width(), fm.height()),
                   Qt.AlignmentFlag.AlignHCenter, self.x_label)

        def at(x: float, y: float) -> QPointF:
            return QPointF(plot.left() + (x - x_min) / (x_max - x_min) * plot.width(),
                           plot.bottom() - (y - y_min) / (y_max - y_min) * plot.height())

        path = QPainterPath(at(*self.points[0]))
        for pt in self.points[1:]:
            path.lineTo(at(*pt))
        p.setPen(QPen(TUNED_COLOR, 2))
        p.drawPath(path)
        p.setBrush(TUNED_COLOR)
        for pt in self.points if len(self.points) <= 60 else self.points[-1:]:
            p.drawEllipse(at(*pt), 2.5, 2.5)
        p.end()


class BarChart(QWidget):
    """Grouped bars: per metric one bar per series (base, tuned), scores from 0 to 1."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.categories: list[str] = []
        self.series: list[tuple[str, QColor, list[float | None]]] = []
        self.title = ""
        self.placeholder = ""
        self.setMinimumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(520, 260)

    def set_data(self, title: str, categories: list[str], series: list[tuple[str, QColor, list[float | None]]]) -> None:
        self.title, self.categories, self.series = title, list(categories), list(series)
        self.update()

    def set_placeholder(self, text: str) -> None:
        self.placeholder = text
        self.update()

    def clear(self) -> None:
        self.categories, self.series = [], []
        self.update()

    def paintEvent(self, _event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        fm = QFontMetrics(self.font())
        text_color = pal.color(QPalette.ColorRole.Text)
        p.setPen(text_color)
        top = fm.height() + 8
        if self.title:
            p.drawText(QRectF(0, 4, self.width(), fm.height()), Qt.AlignmentFlag.AlignHCenter, self.title)
        if not self.categories or not self.series:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(QRectF(self.rect()).adjusted(12, top, -12, -12),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
            p.end()
            return
        # legend
        x = 12.0
        legend_y = top
        for name, color, _ in self.series:
            p.fillRect(QRectF(x, legend_y + 3, 12, fm.height() - 6), color)
            p.setPen(text_color)
            p.drawText(QRectF(x + 16, legend_y, fm.horizontalAdvance(name) + 4, fm.height()), Qt.AlignmentFlag.AlignLeft, name)
            x += 16 + fm.horizontalAdvance(name) + 18
        left = fm.horizontalAdvance("1.00") + 14
        plot = QRectF(left, legend_y + fm.height() + 8, self.width() - left - 12,
                      self.height() - legend_y - 3 * fm.height() - 20)
        grid = QPen(pal.color(QPalette.ColorRole.Mid))
        grid.setStyle(Qt.PenStyle.DotLine)
        for i in range(5):
            v = i / 4
            y = plot.bottom() - v * plot.height()
            p.setPen(grid)
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text_color)
            p.drawText(QRectF(0, y - fm.height() / 2, left - 6, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{v:.2f}")
        group = plot.width() / len(self.categories)
        bar = group * 0.8 / max(1, len(self.series))
        for ci, cat in enumerate(self.categories):
            gx = plot.left() + ci * group + group * 0.1
            for si, (_, color, values) in enumerate(self.series):
                v = values[ci] if ci < len(values) else None
                if v is None:
                    continue
                h = max(0.0, min(1.0, v)) * plot.height()
                rect = QRectF(gx + si * bar, plot.bottom() - h, bar - 2, h)
                p.fillRect(rect, color)
                p.setPen(text_color)
                p.drawText(QRectF(rect.left() - 10, rect.top() - fm.height() - 1, rect.width() + 20, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter, f"{v:.2f}")
            p.setPen(text_color)
            p.drawText(QRectF(plot.left() + ci * group, plot.bottom() + 4, group, fm.height()),
                       Qt.AlignmentFlag.AlignHCenter, cat)
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        p.end()
