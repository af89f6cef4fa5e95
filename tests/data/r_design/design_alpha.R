# Reference values for tests/stats/test_design_reliability.py: Cronbach's alpha under the
# population design (scales --inference finite).
# Run from this folder:  Rscript design_alpha.R > design_alpha.out
# Data: scale_items.csv, the bundled sample's 2021 respondents (digianalys sample, seed as
# shipped) with the five leadership items and the population size N of their sector.
# The SE is the delta method over svyvar's own linearisation variance of the covariance matrix.
suppressMessages(library(survey))
options(digits = 15, survey.lonely.psu = "fail")
d <- read.csv("scale_items.csv", stringsAsFactors = FALSE)
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")), "\n")
items <- c("lead_strategy", "lead_followup", "lead_agenda", "lead_competence", "lead_resources")
f <- as.formula(paste("~", paste(items, collapse = " + ")))
show <- function(name, x) cat(name, paste(format(unname(x), digits = 15), collapse = " "), "\n")
alpha_se <- function(des) {
  a <- svycralpha(f, des, na.rm = TRUE)
  v <- svyvar(f, des, na.rm = TRUE)
  S <- unclass(v)[seq_along(items), seq_along(items)]
  V <- attr(v, "var")
  k <- length(items)
  A <- sum(diag(S)); B <- sum(S)
  g <- -(k / (k - 1)) * (diag(k) / B - A / B^2)  # d alpha / d S_jk
  se <- sqrt(drop(t(as.vector(g)) %*% V %*% as.vector(g)))
  complete <- complete.cases(d[, items])
  df <- degf(subset(des, complete))
  c(a, se, df, a - qt(0.975, df) * se, a + qt(0.975, df) * se)
}
des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
show("alpha_strata_fpc", alpha_se(des))
# without the finite-population correction (weights N_h / n_h, strata only)
d$w <- d$N / ave(d$N, d$sector, FUN = length)
des <- svydesign(ids = ~1, strata = ~sector, weights = ~w, data = d)
show("alpha_strata_nofpc", alpha_se(des))
