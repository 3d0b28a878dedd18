"""Fetch a CSV over HTTP and summarise it."""

import io

import httpx
import pandas as pd


def fetch_csv(url: str) -> pd.DataFrame:
    response = httpx.get(url, timeout=30.0, follow_redirects=True)
    response.raise_for_status()
    return pd.read_csv(io.StringIO(response.text))


def summarise(frame: pd.DataFrame) -> dict[str, float]:
    numeric = frame.select_dtypes("number")
    return {column: float(numeric[column].mean()) for column in numeric.columns}
