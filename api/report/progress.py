"""Progress bars for the long steps of a run (efficient frontier, SMAA sampling) on the terminal.

The pipeline reports progress through a plain callback ``progress(done, total)`` (or
``progress(stage, done, total)``); this module
turns that into a rich progress bar on stderr, so stdout stays clean for tables and pipes.
A step that offers no callback gets a bar without a total (a spinner with the elapsed time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

ProgressCallback = Callable[..., None]
"""Called as ``progress(done, total)`` or ``progress(stage, done, total)``."""


@contextmanager
def progress_bar(console: Console, description: str, *, enabled: bool = True) -> Iterator[ProgressCallback]:
    """A progress bar for one step; yields the callback ``progress(done, total)`` to pass on.

    The bar disappears when the step ends (``transient``); on a console that is not a terminal
    rich draws nothing, so logs and CI output stay clean.
    """
    with Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not enabled,
    ) as progress:
        task = progress.add_task(description, total=None)

        def update(*args: object) -> None:
            # progress(done, total), or progress(stage, done, total) from a pipeline with stages
            *stage, done, total = args
            if stage:
                progress.update(task, description=f"{description}: {stage[0]}")
            progress.update(task, completed=done, total=total)

        yield update
