"""NumPy anchor for bench/suites/io.mjs: np.load for .npy, np.loadtxt (NumPy's C parser since 1.23) for the CSV.
The CSV beside the .npy is written by the JS suite's data `make` step, so both read the same bytes."""
import numpy as np
from _common import args, report

workload, impl, X, repeat, p = args()
import sys  # noqa: E402

npy_path = sys.argv[3]
csv_path = npy_path[: -len(".npy")] + ".csv"

if p["format"] == "npy":
    fn = lambda: float(np.load(npy_path).sum())  # noqa: E731
else:
    fn = lambda: float(np.loadtxt(csv_path, delimiter=",", skiprows=1, dtype=np.float64).sum())  # noqa: E731

report(fn, repeat)
