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
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)))
source(file.path(here, "_timing.R"))
report_timing(fit, repeat_n)
