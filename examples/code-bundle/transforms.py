"""Column transforms used by pipeline.py."""

import polars as pl


def add_revenue(orders: pl.DataFrame) -> pl.DataFrame:
    return orders.with_columns((pl.col("quantity") * pl.col("unit_price")).alias("revenue"))
