"""The command line: parse options, call the library, render the result.

The commands of the analyses, the figures, ingest and export are built from their declaration in
:mod:`digianalys.run.registry` (options, help texts, choices and defaults are declared there
once, and the same mapping to the library serves ``digianalys run``). No statistics or data
handling lives here. ``DigianalysError``s become ``error: …`` on stderr with exit code 1 in one
place (:class:`_Group`); usage errors stay Typer's exit code 2. Heavy libraries are imported
inside the commands so that ``digianalys --help`` is fast.
"""

from __future__ import annotations

import contextvars
import inspect
import os
import sys
from collections.abc import Callable
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from typer.core import TyperGroup

from . import __version__
from .errors import DigianalysError
from .run import registry
from .run.options import CHOICE, PATHS, PYTHON_TYPES, TEXTS, Analysis, Option, library
from .run.registry import (
    EXPORT,
    INGEST,
    LANG,
    POPULATION,
    RESULT_FORMAT,
    RESULT_OUTPUT,
    WHERE,
    draw,
)

#: Set (to anything) in the environment, shows tracebacks like ``--debug``; never written.
DEBUG_ENV = "DIGIANALYS_DEBUG"
#: ``--debug`` of the command being run: set by the root callback (or by :func:`main`) and
#: reset when the command ends, so that a later call in the same process (a test, a notebook)
#: prints ``error: …`` again.
_DEBUG: contextvars.ContextVar[bool] = contextvars.ContextVar("debug", default=False)


def debugging() -> bool:
    """Whether errors show their traceback (``--debug`` or DIGIANALYS_DEBUG)."""
    return _DEBUG.get() or bool(os.environ.get(DEBUG_ENV))


class _Group(TyperGroup):
    """Turns our own errors (and only those) into one line on stderr and exit code 1."""

    def invoke(self, ctx: Any) -> Any:
        token = _DEBUG.set(_DEBUG.get())  # the callback's --debug ends with this invocation
        try:
            return super().invoke(ctx)
        except DigianalysError as exc:
            if debugging():
                raise
            from .output.formatting import strip_controls  # level names from data reach messages

            message = strip_controls(" ".join(str(exc).split("\n")))
            typer.echo(f"error: {message}", err=True)
            raise typer.Exit(1) from None
        except OSError as exc:
            # an OS error no module turned into a DigianalysError (e.g. creating an output
            # directory under a file): still one line naming the path, never a traceback
            if debugging():
                raise
            from .output.outdir import output_error

            typer.echo(f"error: {output_error(exc.filename or '?', exc)}", err=True)
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            typer.echo(
                "error: interrupted; no partial output was left under a final name", err=True
            )
            raise typer.Exit(130) from None
        finally:
            _DEBUG.reset(token)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"digianalys {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for errors (may show data).")
    ] = False,
) -> None:
    """digianalys: from a messy survey export to a reproducible report."""
    if debug:
        _DEBUG.set(True)


# ------------------------------------------------------------------ options from the registry
_CHOICES: dict[tuple[str, ...], type[StrEnum]] = {}


def _choice_type(choices: tuple[str, ...]) -> type[StrEnum]:
    """One StrEnum per set of choices (Typer shows them as ``<a|b|c>`` and checks them)."""
    if choices not in _CHOICES:
        _CHOICES[choices] = cast(type[StrEnum], StrEnum("Choice", [(c, c) for c in choices]))
    return _CHOICES[choices]


def _parameter(opt: Option) -> inspect.Parameter:
    """The Typer parameter of a registry option (keyword-only: Typer passes values by name)."""
    base = _choice_type(opt.choices) if opt.type == CHOICE else PYTHON_TYPES[opt.type]
    default: Any = inspect.Parameter.empty
    if not opt.required:
        default = opt.default
        if opt.type == CHOICE and default is not None:
            default = base(default)
        elif opt.type in (TEXTS, PATHS):
            default = None
    annotation: Any = base if opt.required or default is not None else base | None
    extra: dict[str, Any] = {"show_default": False} if opt.required else {}
    if opt.argument:
        info: Any = typer.Argument(help=opt.help, **extra)
    else:
        bounds = {"min": opt.minimum, "max": opt.maximum}
        extra.update({k: v for k, v in bounds.items() if v is not None})
        info = typer.Option(*opt.cli_flags, help=opt.help, **extra)
    return inspect.Parameter(
        opt.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[annotation, info],
    )


def _values(a: Analysis, given: dict[str, Any]) -> dict[str, Any]:
    """The command line's values as the library takes them: choices as strings, empty lists
    as the option's default, ``from_cli`` conversions applied."""
    out: dict[str, Any] = {}
    for opt in a.cli_options():
        if opt.name not in given:
            continue
        v = given[opt.name]
        if isinstance(v, Enum):
            v = v.value
        if opt.type in (TEXTS, PATHS) and not v:
            v = list(opt.default) if isinstance(opt.default, tuple) else opt.default
        if opt.from_cli is not None:
            v = opt.from_cli(v)
        out[opt.name] = v
    return out


def _register(
    target: typer.Typer, a: Analysis, params: list[inspect.Parameter], body: Callable[..., None]
) -> None:
    """Add command ``a.name`` to ``target`` with these parameters, its help and example,
    running ``body``."""

    def command(**kwargs: Any) -> None:
        body(**kwargs)

    command.__name__ = a.name
    command.__doc__ = f"{a.help}\n\nExample: {a.example}"
    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    target.command(name=a.name)(command)


# ------------------------------------------------------------------ rendering
_RENDER_OPTIONS = (_parameter(RESULT_OUTPUT), _parameter(LANG))
_FORMAT_OPTION = _parameter(RESULT_FORMAT)


def _emit(result: Any, output: Path | None, fmt: str, lang: str) -> None:
    """Render a Result to the terminal (table or JSON) and, with -o, to a file."""
    from .output.render import terminal, to_json_text, write_result

    if output is not None:
        _wrote(write_result(result, output, lang=lang))
    if fmt == "json":
        typer.echo(to_json_text(result))
    elif output is None or sys.stdout.isatty():
        import shutil

        width = None if fmt == "wide" else shutil.get_terminal_size((100, 24)).columns
        typer.echo(terminal(result, lang=lang, width=width))


def _load(path: Path, where: str | None = None) -> tuple[Any, Any]:
    """The dataset at ``path`` restricted by the --where filter, and what the filter kept."""
    from .dataset import load
    from .where import apply_where

    return apply_where(load(path), where)


def _where_note(subset: Any, lang: str | None = None) -> Any:
    """The note saying which filter was applied (a Msg, or its text in ``lang``), or None."""
    from .output.i18n import Msg, tr

    if subset is None:
        return None
    note = Msg("where_note", where=subset.text, n=subset.n_after, total=subset.n_before)
    return tr(note, lang) if lang else note


def _wrote(paths: Any) -> None:
    for p in paths:
        typer.echo(f"wrote {p}", err=True)


# ------------------------------------------------------------------ the commands
def _analysis_command(target: typer.Typer, a: Analysis) -> None:
    """An analysis command: the registry's options, then the output options every analysis
    shares — ``--where`` (unless the analysis filters itself), ``-o/--output`` and ``--lang``
    after its own options (before ``--min-cell``/``--weights`` where it has them) and
    ``--format`` last. The Result is printed and, with ``-o``, written."""
    own = [_parameter(o) for o in a.cli_options()]
    at = next((i for i, p in enumerate(own) if p.name in ("min_cell", "weights")), len(own))
    shared = [] if a.filters_itself else [_parameter(WHERE)]
    params = [*own[:at], *shared, *_RENDER_OPTIONS, *own[at:], _FORMAT_OPTION]

    def body(*, output: Path | None, lang: Enum, fmt: Enum, **given: Any) -> None:
        where = None if a.filters_itself else given.pop("where")
        o = _values(a, given)
        if a.cli_prepare is not None:
            a.cli_prepare(o)
        dataset = o.pop("dataset")
        ds, subset = _load(dataset, where)
        if a.cli_check is not None:
            a.cli_check(ds, o)
        result = a.call(ds, o)
        if a.name == POPULATION.name:  # the design goes beside the dataset
            result, spec, weights = result
            _wrote(library("digianalys.stats.population:write_design")(dataset, spec, weights))
        note = _where_note(subset)
        if note is not None:
            result.notes.insert(0, note)
        _emit(result, output, fmt.value, lang.value)

    _register(target, a, params, body)


def _plot_command(target: typer.Typer, a: Analysis) -> None:
    """The figure command: ``plot KIND DIR [ARGS]... -o FILE``, its options all the registry's."""

    def body(**given: Any) -> None:
        o = _values(a, given)
        output, lang = o.pop("output"), o.pop("lang")
        ds, subset = _load(o.pop("dataset"), o.pop("where"))
        if a.cli_check is not None:
            a.cli_check(ds, o)
        path = draw(ds, o, output, lang=lang, caption=_where_note(subset, lang))
        typer.echo(f"wrote {path}", err=True)

    _register(target, a, [_parameter(o) for o in a.cli_options()], body)


def _ingest(**given: Any) -> None:
    positional, keywords = INGEST.arguments(_values(INGEST, given))
    res = library(INGEST.target)(*positional, **keywords)
    typer.echo(res.summary())


def _export(**given: Any) -> None:
    o = _values(EXPORT, given)
    ds, _ = _load(o.pop("dataset"))
    _wrote(EXPORT.call(ds, o))


# ------------------------------------------------------------------ run / sample
def run(
    config: Annotated[
        Path, typer.Argument(help="Analysis configuration (TOML).", show_default=False)
    ],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Override the config's output directory.")
    ] = None,
    force: Annotated[
        bool | None,
        typer.Option(
            "--force/--no-force",
            help="Overwrite files in the output directory that the previous run did not write "
            "(default: the config's force, else refuse and list them).",
            show_default=False,
        ),
    ] = None,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="Show a progress bar.")
    ] = True,
) -> None:
    """Run a whole analysis from a TOML config: dataset, tables, figures, report.html, tables.xlsx.

    Example: digianalys run examples/digitalisering.toml
    """
    from .run.report import run_config

    out = run_config(config, output=output, force=force, progress=progress)
    typer.echo(f"report: {out / 'report.html'}")


def sample(
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Directory for the sample workbooks.")
    ] = Path("data/sample"),
) -> None:
    """Write the bundled, deterministic sample survey (two waves) as workbooks.

    Example: digianalys sample -o data/sample
    """
    from .sample.generate import write_sample

    _wrote(write_sample(output))


def make_app() -> typer.Typer:
    """The command-line app: ingest, the analyses and figures of the registry (as it is when
    called), run, export and sample, in the order ``digianalys --help`` lists them."""
    new = typer.Typer(
        cls=_Group,
        name="digianalys",
        help="Reproducible analysis of organisation surveys: ingest → describe/compare/correlate/model/scales → plot → run.",
        pretty_exceptions_show_locals=False,
        pretty_exceptions_enable=False,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
    )
    new.callback()(_root)
    _register(new, INGEST, [_parameter(o) for o in INGEST.cli_options()], _ingest)
    for analysis in registry.ANALYSES.values():
        if analysis.name == "plot":
            _plot_command(new, analysis)
        elif analysis.command:
            _analysis_command(new, analysis)
    new.command()(run)
    _register(new, EXPORT, [_parameter(o) for o in EXPORT.cli_options()], _export)
    new.command()(sample)
    return new


app = make_app()


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    # --debug only counts before '--': after it every argument is a file name, even '--debug'
    end = argv.index("--") if "--" in argv else len(argv)
    token = _DEBUG.set("--debug" in argv[:end])
    argv = [a for a in argv[:end] if a != "--debug"] + argv[end:]
    try:
        app(args=argv, prog_name="digianalys")
    finally:
        _DEBUG.reset(token)
        # The process ends here: spare the interpreter's final garbage collection (see speed).
        from .ingest.speed import skip_final_collection

        skip_final_collection()


if __name__ == "__main__":
    main()
