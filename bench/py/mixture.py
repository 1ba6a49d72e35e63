"""scikit-learn anchor for bench/suites/mixture.mjs (same fixed initial parameters, tol 0, exact iteration count)."""
import warnings

import numpy as np
from _common import args, report
from sklearn.mixture import GaussianMixture

workload, impl, X, repeat, p = args()
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
