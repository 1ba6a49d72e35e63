"""scikit-learn anchor for bench/suites/kmeans_family.mjs: MiniBatchKMeans with the same options."""
from _common import args, report
from sklearn.cluster import MiniBatchKMeans

workload, impl, X, repeat, p = args()


def fit():
    mb = MiniBatchKMeans(n_clusters=p["k"], batch_size=p["batchSize"], n_init=p["nInit"], random_state=p["seed"]).fit(X)
    return float(mb.inertia_)


report(fit, repeat)
