#!/usr/bin/env Rscript
# The reference figures for apps/api/src/modules/studies/statistics.ts, computed by R (base + stats, and
# jsonlite to read and write JSON) on the same fixtures. Usage: Rscript reference.R fixtures.json > out.json
# apps/api/test/statistics/r-reference.test.ts runs this at test time and compares every figure to 1e-9.
# The output has exactly the shape the test builds from statistics.ts: one object per dataset name.
suppressPackageStartupMessages(library(jsonlite))

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript reference.R fixtures.json")
fx <- fromJSON(args[[1]], simplifyVector = FALSE)
num <- function(l) as.numeric(unlist(l))
interval <- function(ci) list(lower = ci[[1]], upper = ci[[2]])
by_name <- function(items, f) setNames(lapply(items, f), vapply(items, function(i) i$name, ""))

samples <- by_name(fx$samples, function(s) {
  x <- num(s$x)
  out <- list(
    n = length(x), mean = mean(x), sd = if (length(x) >= 2) sd(x) else NA, median = median(x),
    ci95 = interval(t.test(x, conf.level = 0.95)$conf.int),
    ci90 = interval(t.test(x, conf.level = 0.90)$conf.int)
  )
  if (!is.null(s$w)) {
    w <- num(s$w)
    out$weightedMean <- weighted.mean(x, w)
    # Reliability weights: cov.wt's "unbiased" method with the weights normalized to sum 1.
    out$weightedSd <- sqrt(cov.wt(cbind(x), wt = w / sum(w), method = "unbiased")$cov[1, 1])
  }
  out
})

proportions <- by_name(fx$proportions, function(p) {
  values <- factor(unlist(p$values), levels = unique(unlist(p$values)))
  w <- if (is.null(p$weights)) rep(1, length(values)) else num(p$weights)
  counts <- xtabs(w ~ values)
  props <- prop.table(counts)
  list(total = sum(counts), categories = lapply(levels(values), function(v) {
    list(value = v, count = counts[[v]], proportion = props[[v]])
  }))
})

# Bootstrap CI of the median on the supplied resamples (0-based indices in the fixtures, hence + 1).
# Percentile: quantile type 7 of the resample medians at alpha/2 and 1 - alpha/2.
# BCa, Efron & Tibshirani (1993) 14.3: z0 = qnorm(#{theta* < theta} / B); acceleration from the jackknife,
# a = sum(d^3) / (6 * sum(d^2)^1.5) with d = mean(theta_(i)) - theta_(i) (0 when every d is 0);
# alpha_k = pnorm(z0 + (z0 + z_k) / (1 - a (z0 + z_k))); interval = type-7 quantiles at alpha_1, alpha_2.
bootstrap <- by_name(fx$bootstrap, function(b) {
  x <- num(b$x)
  level <- b$level
  alpha <- 1 - level
  idx <- lapply(b$indices, function(i) num(i) + 1)
  theta <- median(x)
  stars <- vapply(idx, function(i) median(x[i]), 0)
  q <- function(p) quantile(stars, p, type = 7, names = FALSE)
  z0 <- qnorm(sum(stars < theta) / length(stars))
  jack <- vapply(seq_along(x), function(i) median(x[-i]), 0)
  d <- mean(jack) - jack
  a <- if (sum(d^2) > 0) sum(d^3) / (6 * sum(d^2)^1.5) else 0
  adjust <- function(z) pnorm(z0 + (z0 + z) / (1 - a * (z0 + z)))
  list(
    median = theta, B = length(stars),
    percentile = list(lower = q(alpha / 2), upper = q(1 - alpha / 2)),
    bca = list(lower = q(adjust(qnorm(alpha / 2))), upper = q(adjust(qnorm(1 - alpha / 2))), z0 = z0, acceleration = a)
  )
})

tables <- by_name(fx$tables, function(t) {
  m <- do.call(rbind, lapply(t$table, num))
  m <- m[rowSums(m) > 0, colSums(m) > 0, drop = FALSE] # all-zero rows and columns dropped, as statistics.ts does
  test <- suppressWarnings(chisq.test(m, correct = FALSE))
  list(
    statistic = unname(test$statistic), df = unname(test$parameter), p = test$p.value,
    cramersV = sqrt(unname(test$statistic) / (sum(m) * (min(dim(m)) - 1))), rows = nrow(m), columns = ncol(m)
  )
})

pairs <- by_name(fx$pairs, function(p) {
  x <- num(p$x)
  y <- num(p$y)
  nx <- length(x)
  ny <- length(y)
  tt <- t.test(x, y)
  m <- nx + ny - 2
  sp <- sqrt(((nx - 1) * var(x) + (ny - 1) * var(y)) / m)
  J <- exp(lgamma(m / 2) - lgamma((m - 1) / 2)) / sqrt(m / 2) # Hedges' exact small-sample correction
  wt <- wilcox.test(x, y, exact = FALSE, correct = TRUE)
  W <- unname(wt$statistic)
  list(
    welch = list(
      difference = unname(tt$estimate[1] - tt$estimate[2]), t = unname(tt$statistic), df = unname(tt$parameter),
      p = tt$p.value, ci = interval(tt$conf.int), hedgesG = J * (mean(x) - mean(y)) / sp
    ),
    mannWhitney = list(u = W, p = wt$p.value, rankBiserial = 2 * W / (nx * ny) - 1)
  )
})

groups <- by_name(fx$groups, function(g) {
  kt <- kruskal.test(lapply(g$groups, num))
  list(statistic = unname(kt$statistic), df = unname(kt$parameter), p = kt$p.value)
})

holm <- by_name(fx$pValues, function(p) as.list(p.adjust(num(p$p), "holm")))

out <- list(
  r = R.version.string, samples = samples, proportions = proportions, bootstrap = bootstrap, tables = tables,
  pairs = pairs, groups = groups, holm = holm
)
cat(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", null = "null"), "\n")
