"""What each of our caches saves on the repository's own site.

    python benchmarks/caches.py              # fastest of 3 builds per row
    python benchmarks/caches.py --repeat 5

Every row is `mkdocs build` of this repository in a fresh process, with a warm user cache
from which one cache's files were removed: the time over the all-warm build is what that
cache saves. A cache is worth its code only if that saving is clear of this machine's noise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: Each cache, by the files it keeps in the user cache folder (relationships-academy/).
CACHES = {
    "check store (parsed, checked data files)": "checked/*",
    "compiled templates (Jinja bytecode)": "templates/*",
    "chart specs (Altair)": "spec-*",
    "chart images (SVG for no-JS)": "chart-*",
    "all of them": "**/*",
}


def build(cache: Path, out: Path) -> float:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)], cwd=REPO, env=env,
                   check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        warm = work / "warm"
        build(warm, work / "site")  # fills every cache
        rows = {"nothing (all warm)": ""} | CACHES
        print(f"{'cache emptied before each build':45} {'build (s)':>9} {'saves (s)':>9}")
        baseline = None
        for name, pattern in rows.items():
            times = []
            for _ in range(args.repeat):
                cache = work / "cache"
                shutil.rmtree(cache, ignore_errors=True)
                shutil.copytree(warm, cache)
                for path in (cache / "relationships-academy").glob(pattern) if pattern else ():
                    if path.is_file():
                        path.unlink()
                times.append(build(cache, work / "site"))
            fastest = min(times)
            baseline = fastest if baseline is None else baseline
            print(f"{name:45} {fastest:9.2f} {fastest - baseline:9.2f}", flush=True)


if __name__ == "__main__":
    main()
