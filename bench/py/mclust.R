# Times mclust::Mclust(X, G) over all 14 models inside R for bench/py/mixture.py:
# Rscript mclust.R data.csv Gmax repeat. Quality: the chosen model's BIC (mclust's sign).
suppressPackageStartupMessages(library(mclust))
a <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(a[1], header = FALSE))
G <- seq_len(as.integer(a[2])); repeat_n <- as.integer(a[3])
fit <- function() suppressWarnings(Mclust(x, G = G, verbose = FALSE))$bic
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "_timing.R"))
report_timing(fit, repeat_n)
