"""Figures over repeated runs: median and spread (min–max), beside a baseline measured in the same runs."""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

NOT_REACHED = math.inf  # a figure that never came: a percentile that lands on a request never seen, a storm unsettled


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest rank: the smallest value with at least `fraction` of them at or below it (NaN for none)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _median(values: Sequence[float]) -> float:
    known = [value for value in values if not math.isnan(value)]
    if not known:
        return math.nan
    ordered = sorted(known)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    low, high = ordered[middle - 1], ordered[middle]
    return high if math.isinf(high) else (low + high) / 2


def number(value: float, unit: str = "") -> str:
    if math.isnan(value):
        return "n/a"
    if math.isinf(value):
        return "not reached"
    if abs(value) >= 100 or (not unit and float(value).is_integer()):  # counts are whole
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".rstrip() if unit not in ("/s", "×") else f"{text}{unit}"


@dataclass
class Figure:
    """One row: a figure per run, and (optionally) its baseline per run."""

    name: str
    unit: str
    values: list[float] = field(default_factory=list)
    baseline_name: str = ""
    baseline_unit: str = ""
    baselines: list[float] = field(default_factory=list)

    def add(self, value: float, baseline: float | None = None) -> None:
        self.values.append(value)
        if baseline is not None:
            self.baselines.append(baseline)

    def cells(self) -> tuple[str, str, str, str, str]:
        median = number(_median(self.values), self.unit)
        low, high = min(self.values, default=math.nan), max(self.values, default=math.nan)
        spread = "—" if len(self.values) < 2 else f"{number(low)}–{number(high)}"
        baseline = ratio = ""
        if self.baselines:
            baseline = f"{number(_median(self.baselines), self.baseline_unit or self.unit)} {self.baseline_name}"
            ratios = [
                value / base if base and not math.isnan(value) else math.nan
                for value, base in zip(self.values, self.baselines, strict=False)
            ]
            ratio = number(_median(ratios), "×")
        return self.name, median, spread, baseline.strip(), ratio


def table(title: str, figures: Sequence[Figure], notes: Sequence[str] = ()) -> str:
    header = ("figure", "median", "spread (min–max)", "baseline (same run, median)", "ratio")
    rows = [header, *(figure.cells() for figure in figures)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [title, "-" * len(title)]
    for number_, row in enumerate(rows):
        cells = [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))]
        cells[3] = row[3].ljust(widths[3])
        lines.append("  ".join(cells).rstrip())
        if number_ == 0:
            lines.append("  ".join("-" * width for width in widths))
    lines += [f"  · {note}" for note in notes]
    return "\n".join(lines)
