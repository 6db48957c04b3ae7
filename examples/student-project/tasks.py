"""Project commands: `uv run invoke --list`."""

from invoke import task


@task
def train(c, experiment="convnext_tiny"):
    c.run(f"uv run python -m quaywatch.train experiment={experiment}")


@task
def test(c):
    c.run("uv run coverage run -m pytest && uv run coverage report")
