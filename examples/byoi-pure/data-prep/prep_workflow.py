"""Data-prep workflow, baked into the data-prep team's image."""

import flyte

env = flyte.TaskEnvironment(name="data-prep", image=flyte.Image.from_ref_name("data-prep"))


@env.task
async def clean(rows: list[dict[str, float]]) -> list[dict[str, float]]:
    import pandas as pd

    frame = pd.DataFrame(rows).dropna().drop_duplicates()
    return frame.to_dict(orient="records")
