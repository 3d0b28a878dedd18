# The BYOI guide's tasks/envs.py (seed: bring-your-own-image), indented as Python; tasks/envs.flyimg
# holds the same code pasted as the seed shows it.
import pathlib

import flyte

# Root of the remote_builder example (one level up from this file)
HERE = pathlib.Path(__file__).parent.parent
REGISTRY = "localhost:5000"

env_train_image = (
    flyte.Image.from_base("localhost:5000/training-base:latest")
    .clone(name="acme/flyte-adapted", registry=REGISTRY, extendable=True)
    .with_commands(["/opt/venv/bin/pip install flyte"])
    .with_env_vars({"PATH": "/opt/venv/bin:$PATH", "PYTHONPATH": "/workspace"})
    .with_code_bundle()
)

env_data_image = (
    flyte.Image.from_base("localhost:5000/data-prep-base:latest")
    .clone(name="acme/flyte-adapted", registry=REGISTRY, extendable=True)
    .with_commands(["/opt/conda/bin/pip install flyte"])
    .with_env_vars({"PYTHONPATH": "/app"})
    .with_code_bundle()
)

env_train = flyte.TaskEnvironment(name="training", image=env_train_image)
env_data = flyte.TaskEnvironment(name="data-prep", image=env_data_image, depends_on=[env_train])
