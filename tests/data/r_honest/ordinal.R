# Reference for tests/stats/test_models.py: proportional-odds logit with MASS::polr.
# Run from this folder: Rscript ordinal.R > ordinal.out   (R 4.2.2, MASS 7.3-58.2)
suppressMessages(library(MASS))
options(digits = 15)
d <- read.csv("ordinal.csv")
d$y <- factor(d$y, ordered = TRUE)
d$g <- factor(d$g, levels = c("kommunal", "regional", "statlig"))
m <- polr(y ~ x + g, data = d, method = "logistic", Hess = TRUE,
          control = list(reltol = 1e-14, maxit = 10000))
cat("coef", format(coef(m), digits = 15), "\n")
cat("zeta", format(m$zeta, digits = 15), "\n")
cat("loglik", format(as.numeric(logLik(m)), digits = 15), "\n")
cat("se", format(sqrt(diag(vcov(m))), digits = 15), "\n")
