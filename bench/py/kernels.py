"""scikit-learn anchor for bench/suites/kernels.mjs: Lloyd from fixed centres, tol 0, maxIter iterations."""
import numpy as np
from _common import args, report
from sklearn.cluster import KMeans

workload, impl, X, repeat, p = args()
k = p["k"]
init = np.array([X[(c * len(X)) // k] for c in range(k)])


def fit():
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=p["maxIter"], tol=0.0, algorithm="lloyd").fit(X)
    return float(km.inertia_)


report(fit, repeat)
