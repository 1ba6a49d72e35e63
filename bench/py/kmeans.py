"""scikit-learn anchor for bench/suites/kmeans.mjs: Lloyd or Elkan, fixed initial centres and tol 0, or the default fit."""
import numpy as np
from _common import args, report
from sklearn.cluster import KMeans

workload, impl, X, repeat, p = args()
k = p["k"]
init = np.array([X[(c * len(X)) // k] for c in range(k)])


algorithm = "elkan" if impl == "sklearn-elkan" else "lloyd"


def fit():
    km = KMeans(n_clusters=k, init=init, n_init=1, max_iter=p["maxIter"], tol=0.0, algorithm=algorithm).fit(X)
    return float(km.inertia_)


def fit_default():
    s = 0.0
    for seed in p["seeds"]:
        s += float(KMeans(n_clusters=k, n_init="auto", algorithm=algorithm, random_state=seed).fit(X).inertia_)
    return s / len(p["seeds"])


report(fit_default if "seeds" in p else fit, repeat)
