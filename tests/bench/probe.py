"""One build for tests/bench/bench.py: MkDocs' own command line, run in this process with the project's hook code timed.

`python probe.py build --strict -f mkdocs.yml -d site` with STAR_BENCH_PROBE_OUT naming a file: the build's figures
go there as JSON. Its own imports are few, so a build measured through it costs what `mkdocs build` costs.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROBE_OUT_ENV = "STAR_BENCH_PROBE_OUT"
LOAD_FUNCTION = "load_data"


def run_probe(cli_args: list[str]) -> None:
    """Run `mkdocs <cli_args>` in-process, timing the project's hook code; write the figures as JSON."""
    from mkdocs.__main__ import cli
    from mkdocs.config import config_options

    # Keys: "import", "events", "load_data" and "markdown:<processor class>".
    timings: dict[str, float] = {"import": 0.0, "events": 0.0, LOAD_FUNCTION: 0.0}
    # CPU time beside wall time: on a shared machine it is the steadier of the two.
    cpu_timings = dict.fromkeys(timings, 0.0)
    original_load_hook = config_options.Hooks._load_hook
    hooks_found = False

    def timed(function: Callable[..., Any], key: str) -> Callable[..., Any]:
        timings.setdefault(key, 0.0)
        cpu_timings.setdefault(key, 0.0)

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start, cpu_start = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                timings[key] += time.perf_counter() - start
                cpu_timings[key] += time.process_time() - cpu_start

        return wrapper

    def load_hook(self: Any, name: str, path: str) -> Any:
        nonlocal hooks_found
        start, cpu_start = time.perf_counter(), time.process_time()
        module = original_load_hook(self, name, path)
        timings["import"] += time.perf_counter() - start
        cpu_timings["import"] += time.process_time() - cpu_start
        hooks_found = True
        for event in [attribute for attribute in dir(module) if attribute.startswith("on_")]:
            setattr(module, event, timed(getattr(module, event), "events"))
        _time_hook_internals(Path(path).resolve().parent, timed)
        return module

    config_options.Hooks._load_hook = load_hook  # type: ignore[method-assign]
    try:
        cli.main(args=cli_args, prog_name="mkdocs", standalone_mode=False)
    finally:
        config_options.Hooks._load_hook = original_load_hook  # type: ignore[method-assign]
    report = {"timings": timings, "cpu_timings": cpu_timings, "hooks_found": hooks_found}
    # Writing this report is the probe's own cost; the parent takes it off the process's times.
    report_start, report_cpu_start = time.perf_counter(), time.process_time()
    Path(os.environ[PROBE_OUT_ENV]).write_text(json.dumps(report), encoding="utf-8")
    own_cost = {"seconds": time.perf_counter() - report_start, "cpu_seconds": time.process_time() - report_cpu_start}
    Path(os.environ[PROBE_OUT_ENV] + ".cost").write_text(json.dumps(own_cost), encoding="utf-8")


def _time_hook_internals(hooks_dir: Path, timed: Callable[..., Any]) -> None:
    """Time load_data and the Markdown processors defined in any module under hooks/, at any depth.

    Modules bind load_data by name (`from .model.load import load_data`), so every module that holds
    it gets one shared wrapper: a call is timed once, whichever module it goes through.
    """
    from markdown.blockprocessors import BlockProcessor
    from markdown.inlinepatterns import InlineProcessor
    from markdown.postprocessors import Postprocessor
    from markdown.preprocessors import Preprocessor
    from markdown.treeprocessors import Treeprocessor

    wrappers: dict[int, Callable[..., Any]] = {}
    for module in list(sys.modules.values()):
        module_file = getattr(module, "__file__", None)
        if not module_file or not Path(module_file).resolve().is_relative_to(hooks_dir):
            continue
        load = getattr(module, LOAD_FUNCTION, None)
        if callable(load) and not hasattr(load, "__wrapped__") and _is_under(load, hooks_dir):
            if id(load) not in wrappers:
                wrappers[id(load)] = timed(load, LOAD_FUNCTION)
            setattr(module, LOAD_FUNCTION, wrappers[id(load)])
        for value in list(vars(module).values()):
            if not isinstance(value, type) or value.__module__ != module.__name__:
                continue
            for base, method in (
                (Treeprocessor, "run"),
                (Preprocessor, "run"),
                (Postprocessor, "run"),
                (BlockProcessor, "run"),
                (InlineProcessor, "handleMatch"),
            ):
                own = vars(value).get(method)
                if issubclass(value, base) and own is not None and not hasattr(own, "__wrapped__"):
                    setattr(value, method, timed(own, f"markdown:{value.__name__}"))


def _is_under(function: Callable[..., Any], hooks_dir: Path) -> bool:
    code = getattr(function, "__code__", None)
    return code is not None and Path(code.co_filename).resolve().is_relative_to(hooks_dir)


if __name__ == "__main__":
    run_probe(sys.argv[1:])
