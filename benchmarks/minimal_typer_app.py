"""The start-up baseline: a minimal Typer application with one command.

`bpo-assess` start-up is measured against this, side by side, by benchmarks/startup.py.
"""

import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


if __name__ == "__main__":
    app()
