"""A period's report as the staff window shows it: the headline figures and the two charts' tables (the
workbook's Summary total, its Service times per kind and its Hours), made by netbar.reports on the hub."""

from datetime import date
from typing import Annotated

from pydantic import Field, StrictInt

from netbar.domain.model import Message
from netbar.domain.requests import RequestKind

Count = Annotated[StrictInt, Field(ge=0)]
Seconds = Annotated[float, Field(ge=0)]


class ReportFigures(Message):
    """The period's totals: requests received, done, cancelled (refunds included), the revenue of what was done,
    and the minutes of renewals done."""

    requests: Count
    done: Count
    cancelled: Count
    revenue_fen: StrictInt
    time_sold_min: Count


class KindTimes(Message):
    """One kind's service over all staff: seconds from the customer's tap to accepted and to done (median and 90th
    percentile), None where no request of the kind got that far; `done` counts those that did."""

    kind: RequestKind
    accepted_median_s: Seconds | None
    accepted_p90_s: Seconds | None
    done_median_s: Seconds | None
    done_p90_s: Seconds | None
    done: Count


class HourCounts(Message):
    """Requests received in one hour of the day (`06:00`, the venue's time), per kind."""

    hour: Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):00$")]
    requests: dict[RequestKind, Count]


class ReportCharts(Message):
    """What the Reports tab draws for the period `first`–`last` (whole business days)."""

    first: date
    last: date
    figures: ReportFigures
    service_times: tuple[KindTimes, ...]
    hours: tuple[HourCounts, ...]  # 24, from the hour the business day starts
