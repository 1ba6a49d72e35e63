# Shared by the R anchors (medoids.R, mclust.R): times fit() repeat_n times after one warm-up and prints the JSON
# line the bench runner reads: times (ms), quality (the last fit's value), maxRssKB (VmHWM).
report_timing <- function(fit, repeat_n) {
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
}
