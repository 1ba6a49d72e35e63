"""Shared by the Python anchor scripts: timing with one warm-up and a JSON report line."""
import json
import resource
import sys
import time

import numpy as np


def args():
    workload, impl, data_path, repeat, params = sys.argv[1:6]
    return workload, impl, np.load(data_path), int(repeat), json.loads(params)


def report(fn, repeat):
    quality = fn()  # warm-up, also the quality figure
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        quality = fn()
        times.append((time.perf_counter() - t0) * 1000.0)
    print(json.dumps({"times": times, "quality": quality, "maxRssKB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
