"""Benchmark: our site built from YAML against plain MkDocs + Material building the same pages.

    python benchmarks/run.py                 # N = 100, 1000, 3000, plus a serve rebuild at N = 300
    python benchmarks/run.py --quick         # a small smoke run (used by the test suite)
    python benchmarks/run.py --sizes 500 --no-serve

For each N it generates N realistic patterns (every section filled, tags, related
links) and N/100 cohorts, and builds, each in a fresh process and in turn: our site
from the YAML with an empty user cache (fresh, as in CI), the plain site of the very
same pages written out as Markdown (same theme and plugins), our site again with
the cache the fresh build left (warm), once more after one pattern is edited
(edited), and fresh again in one process (alone: `jobs: 1`, no helper converting pages
on another core). It prints wall time, CPU and peak memory ratios (ours / plain), which heavy
modules our build imported, and the time in our own code.
Page weights are measured separately, in a browser: benchmarks/weights.py.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import yaml

REPO = Path(__file__).resolve().parent.parent
WORDS = ("relationship partner trust family school team listen continuity support challenge time purpose "
         "power knowledge presence story fairness respect practice service community leader worker meeting "
         "change voice share plan care local week year people group agree learn").split()

SITE_CONFIG = {
    "site_name": "Benchmark Academy",
    "theme": {"name": "material", "font": False,
              "features": ["navigation.instant", "navigation.tabs", "navigation.sections", "navigation.prune",
                           "navigation.indexes", "search.suggest", "content.action.edit", "toc.follow"]},
    "markdown_extensions": ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
                            {"toc": {"permalink": True}}, "pymdownx.details", "pymdownx.superfences",
                            "pymdownx.tasklist", "pymdownx.tilde"],
    "validation": {"omitted_files": "info", "anchors": "info"},
}


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    return " ".join(sentence(rng, 12) for _ in range(max(1, words // 12)))


def write_project(root: Path, n: int, seed: int = 1) -> None:
    """A complete site project with n synthetic patterns and n/100 cohorts."""
    rng = random.Random(seed)
    shutil.copytree(REPO / "data" / "frameworks", root / "data" / "frameworks")
    frameworks = {p.stem: yaml.safe_load(p.read_text()) for p in (root / "data" / "frameworks").glob("*.yml")}
    domains = [d["id"] for d in frameworks["relational-proximity"]["domains"]]
    cells = [f"{s['value']}/{s['area']}" for s in frameworks["relational-value-matrix"]["assessment"]["statements"]]
    steps = [s["id"] for s in frameworks["measured-pathway"]["steps"]]
    ids = [f"pattern-{i:05d}" for i in range(n)]
    (root / "patterns").mkdir()
    for index, pattern_id in enumerate(ids):
        others = rng.sample([i for i in ids if i != pattern_id], k=min(3, n - 1))
        pattern = {
            "title": f"Pattern {index}: {sentence(rng, 4)[:-1]}",
            "summary": sentence(rng, 14),
            "status": rng.choice(["experimental", "established"]),
            "problem": paragraph(rng, 80), "context": paragraph(rng, 50),
            "what_to_do": [sentence(rng, 14) for _ in range(4)],
            "stories": [{"title": sentence(rng, 5)[:-1], "text": paragraph(rng, 90)}],
            "evidence": paragraph(rng, 60),
            "sources": [{"title": sentence(rng, 6)[:-1], "author": "A. Author", "year": 2020,
                         "url": f"https://example.org/source/{index}"}],
            "reflection": [sentence(rng, 12) + " Why?" for _ in range(2)],
            "proximity": rng.sample(domains, 2), "value_cells": rng.sample(cells, 2),
            "pathway": rng.sample(steps, 2), "scale": ["team"], "sectors": [rng.choice(["education", "health"])],
            "tags": rng.sample(["meetings", "continuity", "funding", "power", "family", "schools"], 2),
            "related": [{"pattern": o, "relation": rng.choice(["complements", "leads-to", "alternative-to"])}
                        for o in others],
            "authors": ["Benchmark"], "last_reviewed": "2026-11-01",
        }
        (root / "patterns" / f"{pattern_id}.yml").write_text(yaml.safe_dump(pattern, sort_keys=False))
    fundamentals = {"title": "Fundamentals", "description": "Shared.",
                    "sessions": [{"id": "basics", "title": "The basics", "duration": 90,
                                  "objectives": ["Learn."], "patterns": ids[:2], "trainer_notes": "Notes."}]}
    (root / "data" / "fundamentals.yml").write_text(yaml.safe_dump(fundamentals))
    (root / "cohorts").mkdir()
    for c in range(max(1, n // 100)):
        cohort = {"title": f"Cohort {c}", "focus_kind": "interest", "focus": "Benchmarking",
                  "description": paragraph(rng, 40), "trainers": ["T"], "timezone": "Europe/London",
                  "venue": "Online",
                  "fundamentals": [{"session": "basics", "date": "2027-01-05", "start": "10:00"}],
                  "sessions": [{"title": f"Focus session {s}", "date": f"2027-02-{s + 1:02d}", "start": "10:00",
                                "duration": 90, "objectives": [sentence(rng, 8)], "patterns": rng.sample(ids, 2),
                                "trainer_notes": "Notes."} for s in range(4)]}
        (root / "cohorts" / f"cohort-{c:03d}.yml").write_text(yaml.safe_dump(cohort, sort_keys=False))
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Benchmark\n")
    (root / "docs" / "about").mkdir()
    (root / "docs" / "about" / "privacy.md").write_text("# Privacy\n")
    config = {**SITE_CONFIG, "repo_url": "https://github.com/academy-benchmark/site", "edit_uri": "edit/main/docs/",
              "plugins": ["search", "academy"]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))


def write_plain_twin(ours: Path, plain: Path) -> None:
    """The same pages as our site, written out as Markdown files for plain MkDocs."""
    from academy.adapter.urls import mkdocs_urls
    from academy.cli.support import source_dirs
    from academy.source.library import load_library
    from academy.site.pages.common import SiteOptions
    from academy.site.repository import Repository
    from academy.site.generate import generate

    site = generate(load_library(source_dirs(ours)),
                    SiteOptions(url=mkdocs_urls(True), repository=Repository("https://github.com/academy-benchmark/site"))
                    ).completed()
    shutil.copytree(ours / "docs", plain / "docs")
    for page in site.pages:
        target = plain / "docs" / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown)
    for generated in site.files:
        target = plain / "docs" / generated.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.content if isinstance(generated.content, bytes) else generated.content.encode())
    config = {**SITE_CONFIG, "plugins": ["search"]}
    # Pattern pages stay out of the navigation on both sides, as our plugin does.
    config["not_in_nav"] = "/patterns/pattern-*.md\n/library/\n/cohorts/*/*.md\n"
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))


#: Imports that cost a second or more, or tens of MB; a warm build of unchanged charts should need none
#: (nor start the chart helper process, which is where a build that makes charts imports them).
HEAVY_MODULES = ("altair", "vl_convert")
#: The name under which the time in all of our plugin's event handlers is reported.
ALL_EVENTS = "events"


def build_in_child(project: Path, site_dir: Path, cache: Path, jobs: int = 0) -> dict:
    """Build in a fresh process; it reports wall time, peak memory and time in our code.

    `cache` is the user cache folder the build sees (XDG_CACHE_HOME): the benchmark's own, so a
    fresh build really starts with nothing kept, as in CI, and no other project's files are in it.
    `jobs` sets our plugin's option of that name (0: as the project sets it, by default one process
    per core).
    """
    out = subprocess.run([sys.executable, __file__, "--child", str(project), str(site_dir), "--jobs", str(jobs)],
                         capture_output=True, text=True,
                         env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(cache)})
    if out.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(project: Path, site_dir: Path, jobs: int) -> None:
    """Runs inside the fresh process: time the build, as `mkdocs build` runs it, and our plugin's share.

    The clock starts before MkDocs (and our plugin) are imported, as the command's would.
    "Our code" is the plugin's import plus every one of its event handlers; the steps named
    beside it are parts of those handlers.
    """
    import resource

    start = time.perf_counter()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    spent: dict[str, float] = {}
    helper_peaks: list[float] = []

    def timed(name: str, function):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - began
        return wrapper

    plugins = yaml.safe_load((project / "mkdocs.yml").read_text())["plugins"]
    if any(entry == "academy" or (isinstance(entry, dict) and "academy" in entry) for entry in plugins):
        # Imported only for our site, so the plain build's memory carries none of our modules.
        began = time.perf_counter()
        from academy.adapter import plugin as ours
        spent["import"] = time.perf_counter() - began

        ours.load_library = timed("load and validate", ours.load_library)
        ours.generate = timed("generate pages and charts", ours.generate)
        ours.kept_site = timed("generate pages and charts", ours.kept_site)  # or read the site kept
        ours.sanitise = timed("sanitise", ours.sanitise)
        # Patched on the class before MkDocs makes the plugin, so every handler it registers is timed.
        for name in [n for n in vars(ours.AcademyPlugin) if n.startswith("on_")]:
            handler = getattr(ours.AcademyPlugin, name)
            wrapped = timed(ALL_EVENTS, handler)
            for attribute in ("mkdocs_priority",):  # keep @event_priority's order
                if hasattr(handler, attribute):
                    setattr(wrapped, attribute, getattr(handler, attribute))
            setattr(ours.AcademyPlugin, name, wrapped)
        # Charts that are not kept are made in a helper process, ended with the build: its own peak
        # memory is read just before it ends (not ru_maxrss, which counts this process's size at the fork).
        from academy.site import chart_worker

        def end(helper, original=chart_worker._Helper.end):
            helper_peaks.append(peak_rss_mb(helper.process.pid))
            original(helper)
        chart_worker._Helper.end = end
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
    if jobs:
        config.plugins["academy"].config["jobs"] = jobs
    build(config)
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # The chart helper's CPU time, our page helpers' (adapter/parallel.py) and git's.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    heavy = [name for name in HEAVY_MODULES if name in sys.modules] + (["chart helper"] if helper_peaks else [])
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime,
                      "peak_mb": peak_rss_mb(), "helper_mb": max(helper_peaks, default=0.0), "ours": spent,
                      "heavy": heavy}))


def peak_rss_mb(pid: int | str = "self") -> float:
    """A process's own peak resident memory (this one's by default).

    Not getrusage's ru_maxrss: on Linux that carries over the parent's peak through fork and exec,
    so every child would report at least the size of this script after it generated the pages.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise SystemExit("no VmHWM in /proc/self/status: peak memory is measured on Linux only")


def pages_of(site: Path) -> set[str]:
    return {str(p.relative_to(site)) for p in site.rglob("index.html")}


@contextmanager
def serving(project: Path, port: int, cache: Path) -> Iterator[IO[str]]:
    """`mkdocs serve` running on a project, once it is ready; yields its log."""
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr",
                                f"127.0.0.1:{port}"], cwd=project, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(cache)},
                               start_new_session=True)
    assert process.stderr is not None
    try:
        _wait_for(process.stderr, "Serving on")
        yield process.stderr
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()


def serve_rebuilds(ours: Path, plain: Path, cache: Path, repeat: int) -> tuple[float, float]:
    """Fastest seconds from saving one pattern to `mkdocs serve` having rebuilt, for each site.

    The edit is a real one, as a contributor makes: a new sentence at the start of the pattern's
    problem, in its YAML file for ours and in its page's Markdown for plain, different each save.
    Both servers run at once and the saves alternate between them, so a slow spell on the
    machine hits both alike; a server waiting for changes costs next to nothing.
    """
    pattern, page = ours / "patterns" / "pattern-00001.yml", plain / "docs" / "patterns" / "pattern-00001.md"
    original = yaml.safe_load(pattern.read_text())["problem"]
    shown = {ours: original, plain: original}
    if original not in page.read_text():
        raise SystemExit(f"{page} does not hold the problem text of {pattern}")

    def save(project: Path, edit: int) -> None:
        text = f"Edit {edit}. {original}"
        if project == ours:
            data = yaml.safe_load(pattern.read_text())
            data["problem"] = text
            pattern.write_text(yaml.safe_dump(data, sort_keys=False))
        else:
            page.write_text(page.read_text().replace(shown[plain], text, 1))
        shown[project] = text

    times: dict[Path, list[float]] = {ours: [], plain: []}
    with serving(ours, 8101, cache) as ours_log, serving(plain, 8102, cache) as plain_log:
        for edit in range(1, repeat + 1):
            for project, log in ((ours, ours_log), (plain, plain_log)):
                time.sleep(1.0)
                save(project, edit)
                start = time.perf_counter()
                # Said after every good rebuild; MkDocs never logs a build message twice, so "Documentation
                # built in 0.52 seconds" is missing when an earlier rebuild took as long.
                _wait_for(log, "Reloading browsers")
                times[project].append(time.perf_counter() - start)
    return min(times[ours]), min(times[plain])


def _wait_for(log: Iterable[str], text: str) -> None:
    for line in log:
        if "Academy:" in line:
            print(f"  serve: {line.split('Academy:')[1].strip()}")
        if text in line:
            return
    raise SystemExit(f"mkdocs serve stopped before printing '{text}'")


#: Our builds, as printed (each round runs fresh, plain, warm, edited, then alone).
OUR_BUILDS = ("fresh", "alone", "warm", "edited")


def best_runs(ours: Path, plain: Path, cache: Path, repeat: int) -> dict[str, dict]:
    """Our fresh build, plain's build, our warm build, our build after one edit and our fresh build in one
    process, in turn, `repeat` times.

    Interleaved, so a slow spell on a shared machine hits all alike. A fresh build starts with an
    empty user cache, as in CI and on a contributor's first build; the warm build after it finds
    everything the fresh one kept, as on a contributor's machine when nothing changed (so the whole
    generated site is kept); the edited build follows a real edit of one pattern, as a contributor's
    next build does: every other file and every chart is kept, the pages are generated again, and
    those whose Markdown did not change keep their HTML and search entries. "Alone" is the fresh
    build again with `jobs: 1`, so no helper process converts pages (adapter/parallel.py): what a
    fresh build costs on one core.
    """
    pattern = ours / "patterns" / "pattern-00001.yml"
    original = pattern.read_text()
    data = yaml.safe_load(original)
    data["problem"] = f"An edited first sentence. {data['problem']}"
    edited = yaml.safe_dump(data, sort_keys=False)
    runs: dict[str, list[dict]] = {"fresh": [], "plain": [], "warm": [], "edited": [], "alone": []}
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        runs["fresh"].append(build_in_child(ours, ours / "site", cache))
        runs["plain"].append(build_in_child(plain, plain / "site", cache))
        runs["warm"].append(build_in_child(ours, ours / "site", cache))
        pattern.write_text(edited)
        try:
            runs["edited"].append(build_in_child(ours, ours / "site", cache))
        finally:
            pattern.write_text(original)
        shutil.rmtree(cache, ignore_errors=True)
        runs["alone"].append(build_in_child(ours, ours / "site", cache, jobs=1))
    return {kind: _best(results) for kind, results in runs.items()}


def _best(runs: list[dict]) -> dict:
    """The fastest time of the runs, as timeit reports: noise on a shared machine only ever adds time.

    Peak memory varies both ways (by a few MB, with when garbage is collected): the median is shown.
    """
    return {"wall": min(r["wall"] for r in runs), "cpu": min(r["cpu"] for r in runs),
            "peak_mb": statistics.median(r["peak_mb"] for r in runs),
            "helper_mb": statistics.median(r["helper_mb"] for r in runs),
            "ours": {k: min(r["ours"].get(k, 0.0) for r in runs) for k in runs[0]["ours"]},
            "heavy": sorted({name for r in runs for name in r["heavy"]}), "runs": len(runs)}


def _share(result: dict) -> str:
    """Our code's time (import and event handlers) and the named steps within it."""
    spent = result["ours"]
    if not spent:
        return ""
    total = spent.get("import", 0.0) + spent.get(ALL_EVENTS, 0.0)
    parts = ", ".join(f"{k} {v:.2f}" for k, v in spent.items() if k != ALL_EVENTS)
    return f"{total:.2f}s ({total / result['wall']:.0%}): {parts}"


HEADER = (f"{'N':>6} {'build':<6} {'ours s':>7} {'plain s':>7} {'ratio':>6} {'cpu':>6} {'ours MB':>7} "
          f"{'plain MB':>8} {'mem':>5} {'helper MB':>9}  {'heavy imports':<30} our code (s)")


def _row(n: int, kind: str, ours: dict, plain: dict) -> str:
    return (f"{n:>6} {kind:<6} {ours['wall']:>7.2f} {plain['wall']:>7.2f} {ours['wall'] / plain['wall']:>6.3f} "
            f"{ours['cpu'] / plain['cpu']:>6.3f} {ours['peak_mb']:>7.0f} {plain['peak_mb']:>8.0f} "
            f"{ours['peak_mb'] / plain['peak_mb']:>5.2f} {ours['helper_mb']:>9.0f}  "
            f"{', '.join(ours['heavy']) or 'none':<30} {_share(ours)}")


def prepare(work: Path, n: int) -> tuple[Path, Path, Path]:
    """Our project with n patterns, its plain twin, and the user cache folder our builds of it use."""
    ours, plain, cache = work / f"ours-{n}", work / f"plain-{n}", work / f"cache-{n}"
    for folder in (ours, plain, cache):
        shutil.rmtree(folder, ignore_errors=True)
    ours.mkdir(parents=True)
    write_project(ours, n)
    write_plain_twin(ours, plain)
    return ours, plain, cache


def run(sizes: list[int], serve_at: int | None, keep: Path | None, repeat: int) -> bool:
    """Build both sites for each size; the fastest of `repeat` runs, since the machine may be shared and noisy."""
    work = Path(tempfile.mkdtemp(prefix="academy-bench-")) if keep is None else keep
    same = True
    print(HEADER, flush=True)
    results: dict[int, dict[str, dict]] = {}
    for n in sizes:
        ours, plain, cache = prepare(work, n)
        results[n] = best = best_runs(ours, plain, cache, repeat)
        for kind in OUR_BUILDS:
            print(_row(n, kind, best[kind], best["plain"]), flush=True)
        if pages_of(ours / "site") != pages_of(plain / "site"):
            same = False
            print(f"  pages differ: {sorted(pages_of(ours / 'site') ^ pages_of(plain / 'site'))[:10]}")
    for small, large in zip(sizes, sizes[1:], strict=False):  # each size and the next
        growth = {kind: results[large][kind]["wall"] / results[small][kind]["wall"] for kind in results[small]}
        print(f"  growth {small} -> {large} ({large / small:g} times the patterns): "
              + ", ".join(f"{kind} {value:.2f}" for kind, value in growth.items()))
    if serve_at is not None:
        ours, plain, cache = prepare(work, serve_at)
        ours_rebuild, plain_rebuild = serve_rebuilds(ours, plain, cache, repeat)
        print(f"  serve: one pattern saved, N={serve_at}, until the rebuilt site is written: ours {ours_rebuild:.2f}s, "
              f"plain {plain_rebuild:.2f}s, ratio {ours_rebuild / plain_rebuild:.3f} (fastest of {repeat})")
    if keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--quick", action="store_true", help="one small size, no serve measurement")
    parser.add_argument("--no-serve", action="store_true")
    parser.add_argument("--serve-size", type=int, default=300, help="patterns in the serve measurement")
    parser.add_argument("--repeat", type=int, default=3, help="builds per site and size; the fastest is shown")
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child, args.jobs)
        return 0
    sizes = [30] if args.quick else args.sizes
    serve_at = None if args.quick or args.no_serve else args.serve_size
    return 0 if run(sizes, serve_at, args.keep, 1 if args.quick else args.repeat) else 1


if __name__ == "__main__":
    sys.exit(main())
