"""Dates as files and servers write them: ISO 8601, the day first, perhaps a time after."""

from __future__ import annotations

import datetime as dt

__all__ = ["iso_date", "read_date"]


def iso_date(text: str | None) -> dt.date | None:
    """The date `YYYY-MM-DD` names, or None for none: our own files' dates.

    Raises:
        ValueError: `text` is no such date (a damaged file: the caller says what to do).
    """
    return dt.date.fromisoformat(text) if text else None


def read_date(text: object) -> dt.date | None:
    """The day of an ISO date or timestamp from elsewhere (`2021-04-26T17:59:59Z`), else None."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None
