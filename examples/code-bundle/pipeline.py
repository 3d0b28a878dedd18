"""Daily sales pipeline: the task code shipped by with_code_bundle()."""

import polars as pl

from transforms import add_revenue


def daily_revenue(orders: pl.DataFrame) -> pl.DataFrame:
    return (
        add_revenue(orders)
        .group_by("day")
        .agg(pl.col("revenue").sum())
        .sort("day")
    )
