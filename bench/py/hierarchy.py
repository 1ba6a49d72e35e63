"""fastcluster / SciPy anchors for bench/suites/hierarchy.mjs: linkage of the same data, same method (euclidean).
Quality: the sum of the merge heights.

Implementations:
- fastcluster: `fastcluster.linkage(X, method)`, the stored-matrix path (n(n-1)/2 doubles);
- fastcluster-vector: `fastcluster.linkage_vector(X, method)`, the memory-saving path on the observations
  (single, ward, centroid, median only) -- fastcluster's fastest entry point for those methods;
- scipy: `scipy.cluster.hierarchy.linkage(X, method)`."""
import fastcluster
from _common import args, report
from scipy.cluster import hierarchy

workload, impl, X, repeat, p = args()
method = p["method"]

if impl == "fastcluster-vector":
    if method not in ("single", "ward", "centroid", "median"):
        raise SystemExit(f"linkage_vector has no method {method!r}")
    fn = lambda: float(fastcluster.linkage_vector(X, method=method)[:, 2].sum())  # noqa: E731
elif impl == "fastcluster":
    fn = lambda: float(fastcluster.linkage(X, method=method)[:, 2].sum())  # noqa: E731
else:
    fn = lambda: float(hierarchy.linkage(X, method=method)[:, 2].sum())  # noqa: E731

report(fn, repeat)
