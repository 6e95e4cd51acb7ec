"""Writing a report's tables: an Excel workbook with native charts (XlsxWriter), or a folder of CSV files.

Money is integer fen in the tables and becomes yuan only here: in the workbook a number (fen ÷ 100, the double
Excel itself would keep for that amount) shown with a ¥ format, so the owner's sums and pivots work; in CSV the
exact decimal text made from the integer (`1250` → `12.50`). Whatever is written goes to a temporary file beside
the target first and is renamed over it at the end: a report that fails leaves nothing behind.
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from netbar.reports.sheets import Sheet

FEN = " (fen)"
YUAN = " (¥)"
_DAY = "day"
_TIME = "time"
_FORMATS = {
    _DAY: {"num_format": "yyyy-mm-dd"},
    _TIME: {"num_format": "yyyy-mm-dd hh:mm:ss"},
    YUAN: {"num_format": '"¥"#,##0.00'},
    " (s)": {"num_format": "0.0"},
    "Within limit": {"num_format": "0%"},
}


def yuan_header(column: str) -> str:
    return column.removesuffix(FEN) + YUAN if column.endswith(FEN) else column


@contextmanager
def replacing(target: Path, suffix: str = "") -> Iterator[Path]:
    """A temporary path beside `target`, made now (so a folder that cannot be written to is told before any work),
    renamed to `target` when the block ends and removed if it raises."""
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f"{suffix}.part", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_xlsx(tables: list[tuple[Sheet, pd.DataFrame]], path: Path) -> None:
    """The tables as sheets of one workbook at `path`, each with its chart; a sheet's header row is frozen."""
    book = xlsxwriter.Workbook(path)
    formats = {key: book.add_format(spec) for key, spec in _FORMATS.items()}
    header = book.add_format({"bold": True})
    for sheet, table in tables:
        shown = _in_yuan(table)
        worksheet = book.add_worksheet(sheet.name)
        worksheet.freeze_panes(1, 0)
        worksheet.write_row(0, 0, list(shown.columns), header)
        for number, column in enumerate(shown.columns):
            values = shown[column]
            style = next((formats[key] for key in formats if column.endswith(key)), None)
            if pd.api.types.is_datetime64_any_dtype(values):
                style = formats[_DAY if column == "Day" else _TIME]
            elif values.map(type).eq(date).any():
                style = formats[_DAY]
            # One column at a time, as Python values (XlsxWriter knows no numpy types), a gap for what is missing.
            worksheet.write_column(1, number, values.astype(object).where(values.notna(), None).tolist(), style)
            worksheet.set_column(number, number, max(10, min(40, len(column) + 2)))
        if sheet.chart is not None and (rows := sheet.chart.rows(table)) > 0:
            _add_chart(book, worksheet, sheet, shown, rows)
    book.close()


def _in_yuan(table: pd.DataFrame) -> pd.DataFrame:
    money = [column for column in table.columns if column.endswith(FEN)]
    if not money:
        return table
    shown = table.copy()
    for column in money:
        shown[column] = shown[column] / 100
    return shown.rename(columns=yuan_header)


def _add_chart(book: Any, worksheet: Any, sheet: Sheet, shown: pd.DataFrame, rows: int) -> None:
    spec = sheet.chart
    assert spec is not None
    chart = book.add_chart({"type": "column", "subtype": "stacked"} if spec.stacked else {"type": "column"})
    columns = list(shown.columns)
    category = columns.index(spec.categories)
    for name in spec.series:
        column = columns.index(yuan_header(name))
        chart.add_series(
            {
                "name": [sheet.name, 0, column],
                "categories": [sheet.name, 1, category, rows, category],
                "values": [sheet.name, 1, column, rows, column],
            }
        )
    chart.set_title({"name": spec.title})
    chart.set_y_axis({"name": spec.y_title})
    chart.set_legend({"position": "bottom" if len(spec.series) > 1 else "none"})
    chart.set_size({"width": 720, "height": 360})
    worksheet.insert_chart(rows + 3, 1, chart)


def write_csv(tables: list[tuple[Sheet, pd.DataFrame]], folder: Path) -> list[Path]:
    """Each table as `folder/<sheet>.csv` (UTF-8 with a BOM, which Excel needs to read Chinese), money as yuan
    text; the folder is made if missing, files of the same names replaced. Returns the files written."""
    folder.mkdir(exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix=f".{folder.name}.", dir=folder.parent) as scratch:
        # Every file is written before any is put in place: a failure leaves the folder as it was.
        for sheet, table in tables:
            shown = table.copy()
            for column in [column for column in table.columns if column.endswith(FEN)]:
                shown[column] = yuan_text(table[column])
            shown = shown.rename(columns=yuan_header)
            shown.to_csv(Path(scratch) / f"{sheet.name}.csv", index=False, encoding="utf-8-sig")
        for sheet, _ in tables:
            target = folder / f"{sheet.name}.csv"
            os.replace(Path(scratch) / target.name, target)
            written.append(target)
    return written


def yuan_text(fen: pd.Series) -> pd.Series:
    """Integer fen as exact yuan text (`-1250` → `-12.50`); a missing amount stays missing."""
    amounts = fen.astype("Int64")
    whole = amounts.abs() // 100
    cents = (amounts.abs() % 100).astype("string").str.zfill(2)
    sign = amounts.lt(0).map({True: "-", False: ""}).astype("string")
    return sign + whole.astype("string") + "." + cents
