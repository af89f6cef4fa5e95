# Reference value for tests/test_honest_results.py: linearisation SE of a weighted correlation
# (weights-only design): svyvar, then svycontrast on r = s_xy / sqrt(s_xx s_yy).
# Writes corr_ci.csv (the data) and prints r and its SE.
suppressMessages(library(survey))
options(digits = 15)
cat(R.version.string, "survey", as.character(packageVersion("survey")), "\n")
set.seed(1); n <- 60; x <- rnorm(n); y <- 0.5 * x + rnorm(n); w <- runif(n, 0.5, 2)
d <- svydesign(ids = ~1, weights = ~w, data = data.frame(x, y, w))
v <- svyvar(~x + y, d)
m <- as.vector(v)
names(m) <- c("xx", "yx", "xy", "yy")
s <- structure(m, var = attr(v, "var"), statistic = "var", class = "svystat")
cc <- svycontrast(s, quote(xy / sqrt(xx * yy)))
cat("r", coef(cc), "se", SE(cc), "\n")
write.csv(data.frame(x, y, w), "corr_ci.csv", row.names = FALSE)
