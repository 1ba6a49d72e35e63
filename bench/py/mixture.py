"""Anchors for bench/suites/mixture.mjs: scikit-learn (same fixed initial parameters, tol 0, exact iteration count)
and r-mclust (R mclust 6.0.0's Mclust(X, G = 1:9) over the 14 models, for the mclust-table rows)."""
import warnings

import numpy as np
from _common import args, report, run_r_csv
from sklearn.mixture import GaussianMixture

workload, impl, X, repeat, p = args()
if impl == "r-mclust":
    # Mclust(X, G = 1:Gmax), all 14 models, timed inside R (bench/py/mclust.R); the data reach R as CSV first.
    run_r_csv("mclust.R", X, [p["kMax"], repeat])
    raise SystemExit(0)
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
