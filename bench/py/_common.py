"""Shared by the Python anchor scripts: timing with one warm-up and a JSON report line."""
import json
import resource
import sys
import time

import numpy as np


def args():
    workload, impl, data_path, repeat, params = sys.argv[1:6]
    return workload, impl, np.load(data_path), int(repeat), json.loads(params)


def report(fn, repeat):
    quality = fn()  # warm-up, also the quality figure
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        quality = fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    print(json.dumps({"times": times, "quality": quality, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def run_r_csv(script, X, extra):
    """Writes X to a temporary CSV (outside the timing), runs `Rscript --vanilla script csv *extra` from this folder
    and prints its last stdout line (R's JSON: times, quality, maxRssKB); exits 1 with R's stderr on failure."""
    import os
    import subprocess
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        np.savetxt(f, X, delimiter=",", fmt="%.17g")
        path = f.name
    try:
        here = os.path.dirname(os.path.abspath(__file__))
        r = subprocess.run(
            ["Rscript", "--vanilla", os.path.join(here, script), path, *[str(a) for a in extra]],
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            sys.exit(1)
        print(r.stdout.strip().split("\n")[-1])
    finally:
        os.unlink(path)
