# Times cluster::pam / clara for bench/py/medoids.py: Rscript medoids.R data.csv k variant repeat
suppressPackageStartupMessages(library(cluster))
a <- commandArgs(trailingOnly = TRUE)
x <- as.matrix(read.csv(a[1], header = FALSE))
k <- as.integer(a[2]); variant <- a[3]; repeat_n <- as.integer(a[4])
n <- nrow(x)
fit <- function() {
  if (variant == "clara") {
    set.seed(1)
    clara(x, k, samples = 5, rngR = TRUE, pamLike = TRUE)$objective * n
  } else if (variant == "faster") {
    pam(x, k, variant = "faster", medoids = floor((0:(k - 1)) * n / k) + 1, cluster.only = FALSE)$objective[["swap"]] * n
  } else {
    pam(x, k, variant = "original")$objective[["swap"]] * n
  }
}
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
