# Reference values for tests/test_honest_results.py: design-based weighted share CI
# (svyciprop, method "logit", weights-only design).
suppressMessages(library(survey))
options(digits = 15)
cat(R.version.string, "survey", as.character(packageVersion("survey")), "\n")
y <- c(1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0)
w <- c(1, 2, 1.5, 0.5, 3, 1, 2, 1, 0.7, 1.3, 2.2, 0.4, 1.1, 1.9, 0.8, 2.5, 1, 1.6, 0.9, 1.2)
d <- svydesign(ids = ~1, weights = ~w, data = data.frame(y = y, w = w))
ci <- svyciprop(~y, d, method = "logit")
cat("logit: share", coef(ci), "ci", attr(ci, "ci"), "\n")
