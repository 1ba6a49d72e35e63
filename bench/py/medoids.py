"""R anchor for bench/suites/medoids.mjs: times cluster::pam (variant 'faster' from the rows floor(c*n/k), or
'original' from BUILD) and cluster::clara inside R (bench/py/medoids.R) on the same data, written to a temporary
CSV first (outside the timing). Prints R's JSON line: times (ms), quality = objective * n, maxRssKB."""
import os
import subprocess
import sys
import tempfile

import numpy as np
from _common import args

workload, impl, X, repeat, p = args()
here = os.path.dirname(os.path.abspath(__file__))
with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
    np.savetxt(f, X, delimiter=",", fmt="%.17g")
    path = f.name
try:
    r = subprocess.run(
        ["Rscript", "--vanilla", os.path.join(here, "medoids.R"), path, str(p["k"]), p["variant"], str(repeat)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        sys.stderr.write(r.stderr)
        sys.exit(1)
    print(r.stdout.strip().split("\n")[-1])
finally:
    os.unlink(path)
