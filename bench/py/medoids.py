"""R anchor for bench/suites/medoids.mjs: times cluster::pam (variant 'faster' from the rows floor(c*n/k), or
'original' from BUILD) and cluster::clara inside R (bench/py/medoids.R) on the same data, written to a temporary
CSV first (outside the timing). Prints R's JSON line: times (ms), quality = objective * n, maxRssKB."""
from _common import args, run_r_csv

workload, impl, X, repeat, p = args()
run_r_csv("medoids.R", X, [p["k"], p["variant"], repeat])
