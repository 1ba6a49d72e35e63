"""scikit-learn anchor for bench/suites/metrics.mjs: same data, same labelling (nearest of the k rows floor(c*n/k),
computed before timing)."""
import numpy as np
from _common import args, report
from sklearn import metrics

workload, impl, X, repeat, p = args()
n = X.shape[0]
k = p["k"]
anchors = X[[(c * n) // k for c in range(k)]]
sq = ((X[:, None, :] - anchors[None, :, :]) ** 2).sum(axis=2)
labels = sq.argmin(axis=1)

if workload.startswith("silhouette"):
    fn = lambda: float(metrics.silhouette_score(X, labels, metric=p["metric"]))  # noqa: E731
elif workload.startswith("calinski"):
    fn = lambda: float(metrics.calinski_harabasz_score(X, labels))  # noqa: E731
else:
    fn = lambda: float(metrics.davies_bouldin_score(X, labels))  # noqa: E731

report(fn, repeat)
