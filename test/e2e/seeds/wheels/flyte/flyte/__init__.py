"""STAND-IN for the flyte SDK (flyimgc e2e test wheel, no PyPI here), not flyte.

Just enough of `flyte.Image.from_ref_name`, `flyte.TaskEnvironment` and `@env.task` for the BYOI guide's
workflow_code (envs.py, tasks.py) to import and for its tasks to run in-process, so that a test can show
the baked code resolves as the guide says (`import workflow_code.tasks` through PYTHONPATH).
"""

__version__ = "0.0.0+standin"
STANDIN = True


class Image:
    def __init__(self, ref_name: str) -> None:
        self.ref_name = ref_name

    @classmethod
    def from_ref_name(cls, name: str) -> "Image":
        return cls(name)


class TaskEnvironment:
    def __init__(self, name: str, image: "Image | None" = None, depends_on=(), **_ignored) -> None:
        self.name = name
        self.image = image
        self.depends_on = list(depends_on)

    def task(self, function):
        function.environment = self
        return function
