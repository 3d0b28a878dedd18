"""forecast: tiny date helpers installed into the uv_app image."""

from datetime import date

from dateutil.relativedelta import relativedelta

__all__ = ["forecast_horizon"]


def forecast_horizon(start: date, months: int) -> list[date]:
    """Return the first day of each of the next `months` months after `start`."""
    first = start.replace(day=1)
    return [first + relativedelta(months=i) for i in range(1, months + 1)]
