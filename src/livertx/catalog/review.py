"""Review dates: when each source is due for a re-check, and whether it is overdue."""

from __future__ import annotations

import calendar
import datetime as dt

from .model import Frequency, ReviewStatus, Source


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_frequency(source: Source, policy_default: Frequency) -> Frequency | None:
    """The source's own review frequency, or the catalog policy's for a dated source without one."""
    if source.review_frequency is not None:
        return source.review_frequency
    return policy_default if source.latest_date is not None else None


def next_review_due(source: Source, policy_default: Frequency) -> dt.date | None:
    """When the source should next be re-checked; None for an undated source."""
    latest = source.latest_date
    frequency = review_frequency(source, policy_default)
    if latest is None or frequency is None:
        return None
    return add_months(latest, frequency.months)


def review_status(source: Source, policy_default: Frequency, as_of: dt.date) -> ReviewStatus:
    """current, overdue (its next review date is before `as_of`) or undated."""
    due = next_review_due(source, policy_default)
    if due is None:
        return ReviewStatus.UNDATED
    return ReviewStatus.OVERDUE if due < as_of else ReviewStatus.CURRENT
