"""scikit-learn and R dbscan anchors for bench/suites/cluster_density.mjs (same data, same parameters).

Implementations: sklearn (DBSCAN with algorithm='auto', i.e. its ball tree for this data; OPTICS), sklearn-kdtree
(DBSCAN with algorithm='kd_tree'), r-dbscan (R's dbscan package through Rscript: dbscan, optics, hdbscan; the
data reach R as a binary float64 file outside the timing, and R times its own runs).
"""
import json
import os
import resource
import subprocess
import sys
import tempfile

import numpy as np
from _common import args, report

workload, impl, X, repeat, p = args()

R_SCRIPT = r"""
suppressMessages(library(dbscan))
a <- commandArgs(trailingOnly = TRUE)
n <- as.integer(a[2]); d <- as.integer(a[3]); repeat_ <- as.integer(a[5]); p <- jsonlite::fromJSON(a[6])
x <- matrix(readBin(a[1], "double", n * d), ncol = d, byrow = TRUE)
run <- switch(a[4],
  dbscan = function() length(which(is.corepoint(x, eps = p$eps, minPts = p$minSamples))),
  optics = function() mean(optics(x, minPts = p$minSamples)$coredist),
  hdbscan = function() { cl <- hdbscan(x, minPts = p$minPts)$cluster; length(unique(cl[cl > 0])) })
q <- run()
times <- numeric(0)
for (i in seq_len(repeat_)) { t0 <- proc.time()[["elapsed"]]; q <- run(); times <- c(times, 1000 * (proc.time()[["elapsed"]] - t0)) }
cat(jsonlite::toJSON(list(times = I(times), quality = q), auto_unbox = TRUE, digits = NA), "\n")
"""


def r_anchor(kind):
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "x.bin")
        np.ascontiguousarray(X, dtype="<f8").tofile(data)
        script = os.path.join(tmp, "bench.R")
        with open(script, "w") as f:
            f.write(R_SCRIPT)
        out = subprocess.run(
            ["Rscript", script, data, str(X.shape[0]), str(X.shape[1]), kind, str(repeat), json.dumps(p)],
            check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
    res = json.loads(out)
    res["maxRssKB"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps(res))
    sys.exit(0)


if workload.startswith("dbscan"):
    if impl == "r-dbscan":
        r_anchor("dbscan")
    from sklearn.cluster import DBSCAN

    algorithm = "kd_tree" if impl == "sklearn-kdtree" else "auto"

    def run():
        return len(DBSCAN(eps=p["eps"], min_samples=p["minSamples"], algorithm=algorithm).fit(X).core_sample_indices_)

elif workload.startswith("optics"):
    if impl == "r-dbscan":
        r_anchor("optics")
    from sklearn.cluster import OPTICS

    def run():
        return float(OPTICS(min_samples=p["minSamples"]).fit(X).core_distances_.mean())

elif workload.startswith("hdbscan"):
    if impl == "r-dbscan":
        r_anchor("hdbscan")
    raise SystemExit("scikit-learn 1.2 has no HDBSCAN")

else:
    raise SystemExit(f"unknown workload {workload}")

report(run, repeat)
