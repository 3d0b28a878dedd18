# /// script
# requires-python = ">=3.12"
# dependencies = [
#     "flyte==2.6.5",
#     "scikit-learn>=1.5,<1.6",
# ]
# ///
"""Train a small classifier as a flyte task.

Run locally with `uv run train.py`; the uv_script image in images.flyimg
installs the same dependencies, read from the header above.
"""

import flyte

env = flyte.TaskEnvironment(
    name="uv-script",
    image=flyte.Image.from_uv_script(
        __file__, name="uv-script", registry="ghcr.io/acme", python_version=(3, 12)
    ),
)


@env.task
async def train(n_estimators: int = 100) -> float:
    from sklearn.datasets import load_iris
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import cross_val_score

    features, labels = load_iris(return_X_y=True)
    model = RandomForestClassifier(n_estimators=n_estimators, random_state=0)
    return float(cross_val_score(model, features, labels, cv=5).mean())


if __name__ == "__main__":
    flyte.init_from_config()
    run = flyte.run(train, n_estimators=200)
    print(run.url)
