# Times mclust::Mclust(X, G) over all 14 models inside R for bench/py/mixture.py:
# Rscript mclust.R data.csv Gmax repeat. Quality: the chosen model's BIC (mclust's sign).
suppressPackageStartupMessages(library(mclust))
a <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(a[1], header = FALSE))
G <- seq_len(as.integer(a[2])); repeat_n <- as.integer(a[3])
fit <- function() suppressWarnings(Mclust(x, G = G, verbose = FALSE))$bic
quality <- fit()
times <- numeric(repeat_n)
for (r in seq_len(repeat_n)) {
  t0 <- proc.time()[["elapsed"]]
  quality <- fit()
  times[r] <- (proc.time()[["elapsed"]] - t0) * 1000
}
rss <- as.numeric(sub("VmHWM:\\s+(\\d+) kB", "\\1", grep("VmHWM", readLines("/proc/self/status"), value = TRUE)))
cat(sprintf('{"times": [%s], "quality": %.17g, "maxRssKB": %d}\n', paste(sprintf("%.3f", times), collapse = ", "),
            quality, as.integer(rss)))
