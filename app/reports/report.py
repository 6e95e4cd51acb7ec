"""One report from the database to a file: read the period, build the sheets, write them; or one ReportError."""

import os
import tempfile
from enum import StrEnum
from pathlib import Path

import pandas as pd

from netbar.domain.ageing import AgeLimits
from netbar.reports.data import ReportData, reading
from netbar.reports.period import Period, ReportError
from netbar.reports.sheets import SHEETS, Sheet, build
from netbar.reports.workbook import replacing, write_csv, write_xlsx


class ReportFormat(StrEnum):
    XLSX = "xlsx"  # one workbook, with charts
    CSV = "csv"  # a folder with a file per sheet


def write_report(db_url: str, period: Period, out: Path, fmt: ReportFormat, limits: AgeLimits) -> list[Path]:
    """The period's report from the database at `db_url` to `out` (a workbook, or a folder for CSV); the files
    written. ReportError, with nothing written, for an empty period, a path that cannot be written or a database
    that is not Netbar's."""
    _check_writable(out, fmt)
    try:
        if fmt is ReportFormat.CSV:
            return write_csv(report_tables(db_url, period, limits, for_workbook=False), out)
        with replacing(out) as temporary:
            write_xlsx(report_tables(db_url, period, limits, for_workbook=True), temporary)
        return [out]
    except OSError as error:
        raise ReportError(f"cannot write {out}: {error.strerror or error}") from None


def report_tables(
    db_url: str, period: Period, limits: AgeLimits, *, for_workbook: bool
) -> list[tuple[Sheet, pd.DataFrame]]:
    """Each sheet's table for the period, read in one read-only transaction; ReportError for an empty period or a
    database that is not Netbar's."""
    with reading(db_url) as connection:
        data = ReportData(connection, period, limits)
        data.read_figures()
        if data.slots.empty:
            raise ReportError(f"no requests from {period.describe()}: nothing to report")
        if not for_workbook:  # CSV holds every raw row
            data.read_rows()
        return build(data, SHEETS, for_workbook=for_workbook)


def workbook_bytes(tables: list[tuple[Sheet, pd.DataFrame]]) -> bytes:
    """The workbook `write_report` writes, as bytes: for the staff window, which saves it on its own PC."""
    with tempfile.TemporaryDirectory(prefix="netbar-report-") as scratch:
        path = Path(scratch) / "report.xlsx"
        write_xlsx(tables, path)
        return path.read_bytes()


def _check_writable(out: Path, fmt: ReportFormat) -> None:
    """Before the reading, which can take seconds: a file's folder, or the CSV folder's, must exist and take files."""
    folder = out.parent
    if fmt is ReportFormat.XLSX and out.is_dir():
        raise ReportError(f"cannot write {out}: it is a folder")
    if fmt is ReportFormat.CSV and out.exists() and not out.is_dir():
        raise ReportError(f"cannot write CSV files into {out}: it is a file (give a folder)")
    if not folder.is_dir():
        raise ReportError(f"cannot write {out}: there is no folder {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ReportError(f"cannot write {out}: the folder {folder} is not writable")
