"""scikit-learn anchor for bench/suites/kmeans_family.mjs: MiniBatchKMeans with the same options."""
import numpy as np
from _common import args, report
from sklearn.cluster import MiniBatchKMeans

workload, impl, X, repeat, p = args()


def fit_fixed():
    k = p["k"]
    init = np.array([X[(c * len(X)) // k] for c in range(k)])
    mb = MiniBatchKMeans(n_clusters=k, init=init, n_init=1, batch_size=p["batchSize"], max_iter=p["maxIter"],
                         max_no_improvement=None, tol=0.0, random_state=p["seed"]).fit(X)
    return float(mb.inertia_)


def fit():
    # One fit per seed (the early stop depends on the random stream): the mean final inertia.
    s = 0.0
    for seed in p["seeds"]:
        mb = MiniBatchKMeans(n_clusters=p["k"], batch_size=p["batchSize"], n_init=p["nInit"], random_state=seed).fit(X)
        s += float(mb.inertia_)
    return s / len(p["seeds"])


report(fit_fixed if p.get("fixed") else fit, repeat)
