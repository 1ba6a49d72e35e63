"""fastcluster / SciPy anchors for bench/suites/hierarchy.mjs: linkage of the same data, same method (euclidean).
Quality: the sum of the merge heights."""
import fastcluster
from _common import args, report
from scipy.cluster import hierarchy

workload, impl, X, repeat, p = args()
method = p["method"]

if impl == "fastcluster":
    fn = lambda: float(fastcluster.linkage(X, method=method)[:, 2].sum())  # noqa: E731
else:
    fn = lambda: float(hierarchy.linkage(X, method=method)[:, 2].sum())  # noqa: E731

report(fn, repeat)
