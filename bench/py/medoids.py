"""R anchor for bench/suites/medoids.mjs: times cluster::pam (variant 'faster' from the rows floor(c*n/k), or
'original' from BUILD) and cluster::clara inside R (bench/py/medoids.R) on the same data, written to a temporary
CSV first (outside the timing). Prints R's JSON line: times (ms), quality = objective * n, maxRssKB. The pdist rows run
SciPy's pdist instead (impl 'scipy')."""
from _common import args, report, run_r_csv

workload, impl, X, repeat, p = args()
if impl == "scipy":  # pdist rows: SciPy's condensed distances, timed in Python
    from scipy.spatial.distance import pdist

    # The same work as the JS side: pdist, then an in-order sum of every 1000th entry. With params.out, into one
    # reused output array (SciPy's out=), as the JS side's `out` option: no fresh pages per call on either side.
    if p.get("out"):
        import numpy as np

        buf = np.empty(X.shape[0] * (X.shape[0] - 1) // 2)
        report(lambda: float(sum(pdist(X, p["metric"], out=buf)[::1000].tolist())), repeat)
    else:
        report(lambda: float(sum(pdist(X, p["metric"])[::1000].tolist())), repeat)
else:
    run_r_csv("medoids.R", X, [p["k"], p["variant"], repeat])
