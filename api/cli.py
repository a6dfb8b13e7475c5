"""The ``cluster-mcda`` command: parse arguments, call one pipeline function, format.

Exit codes: 0 success, 2 invalid input (message on stderr), 1 an unexpected internal error
(a one-line message; ``--debug`` shows the traceback).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from api.scenario.problems import InvalidScenario

app = typer.Typer(
    name="cluster-mcda",
    help="Multi-criteria decision support for regional cluster policy.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(highlight=False)
if not out.is_terminal and "COLUMNS" not in os.environ:
    # Piped or captured output has no width; 80 columns would wrap every table.
    out = Console(highlight=False, width=160)
err = Console(stderr=True, highlight=False)

METHODS = ("topsis", "vikor", "promethee_ii", "wsm", "wpm", "copras", "spotis", "ahp")


class _State:
    debug = False


@app.callback()
def _main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False) -> None:
    _State.debug = debug


def _fail_invalid(exc: InvalidScenario) -> None:
    err.print(str(exc), markup=False)
    raise typer.Exit(2)


def _run_guarded(fn):
    """Turn expected failures into exit codes and messages, never tracebacks."""
    try:
        return fn()
    except InvalidScenario as exc:
        _fail_invalid(exc)
    except typer.Exit:
        raise
    except KeyboardInterrupt:
        err.print("interrupted")
        raise typer.Exit(130) from None
    except Exception as exc:  # the last line of defence: no traceback for users
        if _State.debug:
            raise
        err.print(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", markup=False)
        raise typer.Exit(1) from None


@app.command()
def run(
    file: Annotated[Path, typer.Argument(help="Scenario file (.yaml, .yml or .json).")],
    method: Annotated[
        Optional[list[str]],
        typer.Option("--method", "-m", help=f"Ranking method(s), overriding the scenario's; any of {', '.join(METHODS)}. Repeat or comma-separate."),
    ] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Folder for result files (default results/<scenario>).")] = None,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write results.xlsx.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Evaluate a scenario: weights with consistency, rankings, and the portfolio when the
    scenario has one; print tables and write JSON and CSV results."""

    def work() -> None:
        from api.output.files import write_results
        from api.pipeline.run import run_scenario
        from api.scenario.load import load_scenario

        loaded = load_scenario(file)
        methods = _methods(method)
        result = run_scenario(loaded.scenario, methods=methods)
        if not quiet:
            from api.output.console import print_result

            print_result(result, out)
        folder = output or Path("results") / file.stem
        written = write_results(folder, result.to_dict(), result.tables(), xlsx=xlsx)
        if not quiet:
            out.print(f"Results written to {folder}/ ({', '.join(p.name for p in written)})")

    _run_guarded(work)


def _methods(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    names = [m.strip().lower() for v in values for m in v.split(",") if m.strip()]
    bad = [m for m in names if m not in METHODS]
    if bad:
        err.print(f"unknown method {bad[0]!r}; valid methods: {', '.join(METHODS)}")
        raise typer.Exit(2)
    return list(dict.fromkeys(names))


@app.command()
def validate(file: Annotated[Path, typer.Argument(help="Scenario file to check.")]) -> None:
    """Check a scenario file without running it: every problem is reported at once."""

    def work() -> None:
        from api.scenario.load import load_scenario

        loaded = load_scenario(file)
        s = loaded.scenario
        out.print(
            f"{file}: valid ({len(s.projects or [])} projects, "
            f"{sum(1 for _ in _leaves(s.criteria))} criteria"
            + (f", {len(s.portfolio.measures)} measures" if s.portfolio else "")
            + ")"
        )

    _run_guarded(work)


def _leaves(criteria):
    for c in criteria:
        if c.children:
            yield from _leaves(c.children)
        else:
            yield c


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files."""
    from api.scenario.schema import Scenario

    sys.stdout.write(json.dumps(Scenario.model_json_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def sensitivity(
    file: Annotated[Path, typer.Argument(help="Scenario file (.yaml, .yml or .json).")],
    samples: Annotated[
        Optional[int], typer.Option("--samples", "-n", help="SMAA samples (100..1,000,000); default the scenario's or 10,000.")
    ] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Random seed (>= 0); the same seed gives the same result.")] = None,
    portfolio_samples: Annotated[
        Optional[int],
        typer.Option("--portfolio-samples", help="Weight samples under which the portfolio is re-solved (0..2,000, one solve each); default the scenario's or 200."),
    ] = None,
    method: Annotated[
        Optional[str], typer.Option("--method", "-m", help=f"Ranking method analysed, one of {', '.join(METHODS)}; default the scenario's first.")
    ] = None,
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Folder for result files (default results/<scenario>/sensitivity).")
    ] = None,
    xlsx: Annotated[bool, typer.Option("--xlsx", help="Also write results.xlsx.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Robustness of a scenario's ranking: the weight range of each criterion over which the
    ranking holds and where it reverses, SMAA-2 rank acceptability, the rank-reversal check and,
    when the scenario has a portfolio, the portfolio re-solved under sampled weights (core and
    borderline measures, best expected and worst-case portfolios); print tables and write JSON
    and CSV results."""

    def work() -> None:
        from api.output.files import write_results
        from api.pipeline.robustness import analyse_robustness
        from api.scenario.load import load_scenario

        loaded = load_scenario(file)
        chosen = _methods([method]) if method else None
        if chosen and len(chosen) != 1:
            err.print("--method takes one method for the robustness analysis")
            raise typer.Exit(2)
        for name, value, low in (("--samples", samples, 100), ("--seed", seed, 0), ("--portfolio-samples", portfolio_samples, 0)):
            if value is not None and value < low:
                err.print(f"{name} must be >= {low}, got {value}")
                raise typer.Exit(2)
        for name, value, high in (("--samples", samples, 1_000_000), ("--portfolio-samples", portfolio_samples, 2_000)):
            if value is not None and value > high:
                err.print(f"{name} must be <= {high:,}, got {value}")
                raise typer.Exit(2)
        result = _with_progress(
            quiet,
            lambda progress: analyse_robustness(
                loaded.scenario, method=chosen[0] if chosen else None, samples=samples, seed=seed,
                portfolio_samples=portfolio_samples, progress=progress,
            ),
        )
        if not quiet:
            from api.output.robustness_console import print_robustness

            print_robustness(result, out)
        folder = output or Path("results") / file.stem / "sensitivity"
        written = write_results(folder, result.to_dict(), result.tables(), xlsx=xlsx)
        if not quiet:
            out.print(f"Results written to {folder}/ ({', '.join(p.name for p in written)})")

    _run_guarded(work)


def _with_progress(quiet: bool, fn):
    """Run `fn(progress)` with a progress bar per stage on stderr (none when quiet)."""
    if quiet:
        return fn(None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, transient=True
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        return fn(progress)


@app.command()
def report(
    file: Annotated[Path, typer.Argument(help="Scenario file (.yaml, .yml, .json or .xlsx).")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML report to write.")] = Path("report.html"),
    xlsx: Annotated[Optional[Path], typer.Option("--xlsx", help="Also write the report as an Excel workbook.")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Report language, en or ru (default: the scenario's).")] = None,
    method: Annotated[
        Optional[list[str]],
        typer.Option("--method", "-m", help=f"Ranking method(s), overriding the scenario's; any of {', '.join(METHODS)}."),
    ] = None,
    robustness: Annotated[
        bool, typer.Option("--robustness/--no-robustness", help="Weight sensitivity, SMAA rank acceptability and the robust portfolio.")
    ] = True,
    samples: Annotated[
        Optional[int], typer.Option("--samples", min=100, max=1_000_000, help="SMAA weight samples (default: the scenario's robustness settings).")
    ] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", min=0, help="Seed of the SMAA sampling (default: the scenario's).")] = None,
    portfolio_samples: Annotated[
        Optional[int],
        typer.Option("--portfolio-samples", min=0, max=2_000, help="Weight samples under which the portfolio is re-solved for the robust portfolio (default: the scenario's)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
) -> None:
    """Run a scenario and write a report a decision maker reads: one self-contained HTML file
    (opens offline) and, with --xlsx, an Excel workbook."""

    def work() -> None:
        from api.report.build import report_for_file

        language = _language(lang)
        written = report_for_file(
            file,
            html=output,
            xlsx=xlsx,
            lang=language,
            methods=_methods(method),
            robustness=robustness,
            samples=samples,
            seed=seed,
            portfolio_samples=portfolio_samples,
            console=err,
            show_progress=not quiet,
        )
        if not quiet:
            out.print(f"Report written to {', '.join(str(p) for p in written.paths)}", markup=False)

    _run_guarded(work)


@app.command()
def template(
    output: Annotated[Path, typer.Option("--output", "-o", help="Excel workbook to write.")] = Path("scenario.xlsx"),
    lang: Annotated[Optional[str], typer.Option("--lang", help="Language of the help notes, en or ru.")] = None,
    from_file: Annotated[
        Optional[Path], typer.Option("--from", help="Fill the template with this scenario (YAML, JSON or .xlsx) to start from it.")
    ] = None,
) -> None:
    """Write an Excel template in which a planner fills a scenario; `run` and `report` read it back."""

    def work() -> None:
        from api.report.template import write_template

        scenario = None
        language = _language(lang)
        if from_file is not None:
            from api.scenario.load import load_scenario

            scenario = load_scenario(from_file).scenario
            language = language or scenario.language
        write_template(output, lang=language or "en", scenario=scenario)
        out.print(f"Template written to {output}", markup=False)

    _run_guarded(work)


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    lang = value.strip().lower()
    if lang not in ("en", "ru"):
        err.print(f"unknown report language {value!r}; valid: en, ru")
        raise typer.Exit(2)
    return lang


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind; the default serves this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    data: Annotated[
        Optional[Path], typer.Option("--data", help="Folder of the SQLite database (env CLUSTER_MCDA_DATA_DIR; default ./cluster-mcda-data). DATABASE_URL overrides it.")
    ] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", min=1, help="Worker processes for evaluations and solves.")] = None,
    log_level: Annotated[str, typer.Option("--log-level", help="critical, error, warning, info or debug.")] = "info",
) -> None:
    """Start the HTTP service (API under /v1, interactive docs at /docs)."""

    def work() -> None:
        import uvicorn

        from api.http.app import create_app
        from api.http.settings import Settings

        overrides: dict[str, object] = {}
        if data is not None:
            overrides["data_dir"] = data
        if workers is not None:
            overrides["workers"] = workers
        settings = Settings(**overrides)  # type: ignore[arg-type]
        where = "DATABASE_URL" if settings.database_url else str(settings.data_dir.resolve())
        err.print(f"cluster-mcda: database {where}; API on http://{host}:{port}/v1, docs on http://{host}:{port}/docs", markup=False)
        if host not in ("127.0.0.1", "localhost", "::1"):
            err.print(f"cluster-mcda: listening on {host}: reachable from other machines; put TLS in front of it", markup=False)
        uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)

    _run_guarded(work)


@app.command("create-key")
def create_key(
    role: Annotated[str, typer.Option("--role", help="viewer, planner or admin.")] = "admin",
    name: Annotated[str, typer.Option("--name", help="Who or what will use the key.")] = "first admin",
    workspace: Annotated[str, typer.Option("--workspace", help="Workspace name; created if new.")] = "default",
    data: Annotated[Optional[Path], typer.Option("--data", help="Folder of the SQLite database, as for serve.")] = None,
) -> None:
    """Create an API key (by default the first admin key) and print it. It is shown only
    this once: the database keeps only its hash."""

    def work() -> None:
        from api.http.settings import Settings
        from api.storage import keys
        from api.storage.database import Database
        from api.storage.migrate import upgrade
        from api.storage.models import ROLES

        if role not in ROLES:
            err.print(f"unknown role {role!r}; valid roles: {', '.join(ROLES)}")
            raise typer.Exit(2)
        settings = Settings(**({"data_dir": data} if data is not None else {}))  # type: ignore[arg-type]
        db = Database.from_url(settings.url(), busy_timeout_ms=settings.busy_timeout_ms)
        try:
            upgrade(db)
            with db.write() as session:
                ws = keys.get_or_create_workspace(session, workspace)
                _key, secret = keys.create_key(session, ws.id, name, role)
        finally:
            db.dispose()
        err.print(f"{role} key for workspace {workspace!r} (shown once; send it in the X-API-Key header):", markup=False)
        sys.stdout.write(secret + "\n")

    _run_guarded(work)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
