"""Anchors for bench/suites/mixture.mjs: scikit-learn (same fixed initial parameters, tol 0, exact iteration count)
and r-mclust (R mclust 6.0.0's Mclust(X, G = 1:9) over the 14 models, for the mclust-table rows)."""
import warnings

import numpy as np
from _common import args, report
from sklearn.mixture import GaussianMixture

workload, impl, X, repeat, p = args()
if impl == "r-mclust":
    # Mclust(X, G = 1:Gmax), all 14 models, timed inside R (bench/py/mclust.R); the data reach R as CSV first.
    import os
    import subprocess
    import sys
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as f:
        np.savetxt(f, X, delimiter=",", fmt="%.17g")
        path = f.name
    try:
        here = os.path.dirname(os.path.abspath(__file__))
        r = subprocess.run(
            ["Rscript", "--vanilla", os.path.join(here, "mclust.R"), path, str(p["kMax"]), str(repeat)],
            capture_output=True,
            text=True,
        )
        if r.returncode != 0:
            sys.stderr.write(r.stderr)
            sys.exit(1)
        print(r.stdout.strip().split("\n")[-1])
    finally:
        os.unlink(path)
    sys.exit(0)
k, cov_type = p["k"], p["covarianceType"]
n, d = X.shape
means = np.array([X[(c * n) // k] for c in range(k)])
precisions = np.array([0.1 * np.eye(d)] * k) if cov_type == "full" else np.full((k, d), 0.1)


def fit():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning: tol 0 never converges, by design
        gm = GaussianMixture(
            n_components=k,
            covariance_type=cov_type,
            tol=0.0,
            max_iter=p["maxIter"],
            weights_init=np.full(k, 1.0 / k),
            means_init=means,
            precisions_init=precisions,
        ).fit(X)
    return float(gm.lower_bound_)


report(fit, repeat)
