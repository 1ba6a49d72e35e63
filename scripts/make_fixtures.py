"""Regenerates every golden fixture under test/fixtures/ from the reference implementations.

Run with Debian's Python, which has scikit-learn, SciPy and fastcluster:
    apt-get install -y python3-sklearn python3-scipy python3-fastcluster
    /usr/bin/python3 scripts/make_fixtures.py            # all areas
    /usr/bin/python3 scripts/make_fixtures.py kmeans     # one area
Each area's generator is scripts/fixtures/<area>.py; the fixtures are committed so CI needs no Python.
"""
import pathlib
import runpy
import sys

here = pathlib.Path(__file__).resolve().parent
areas = sys.argv[1:] or sorted(p.stem for p in (here / "fixtures").glob("*.py") if not p.stem.startswith("_"))
for area in areas:
    print(f"== {area}")
    runpy.run_path(str(here / "fixtures" / f"{area}.py"), run_name="__main__")
