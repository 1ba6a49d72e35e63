"""scikit-learn / SciPy anchors for bench/suites/density.mjs (same data, queries = the first rows)."""
import numpy as np
from _common import args, report

workload, impl, X, repeat, p = args()

if workload == "kde-2d-n100k-q10k-tree":
    from sklearn.neighbors import KernelDensity

    Q = X[: p["queries"]]

    def run():
        kde = KernelDensity(bandwidth=p["bandwidth"], rtol=p["rtol"]).fit(X)
        return float(kde.score_samples(Q).mean())

elif workload == "kde-2d-n100k-q10k-gaussian_kde":
    from scipy.stats import gaussian_kde

    Q = X[: p["queries"]]

    def run():
        return float(gaussian_kde(X.T).logpdf(Q.T).mean())

elif workload == "kde-1d-n1M-grid2048":
    from scipy.stats import gaussian_kde

    grid = np.linspace(p["extent"][0], p["extent"][1], p["grid"])

    def run():
        return float(gaussian_kde(X[:, 0]).evaluate(grid).max())

else:
    raise SystemExit(f"unknown workload {workload}")

report(run, repeat)
