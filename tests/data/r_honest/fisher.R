# Reference values for tests/test_honest_results.py (Fisher's exact test with odds ratio).
# Rows = groups (a, b), columns = (yes, no): the odds of "yes" in a over b.
options(digits = 15)
cat(R.version.string, "\n")
f <- fisher.test(matrix(c(2, 5, 10, 7), 2))
cat("sparse: p", f$p.value, "or", f$estimate, "ci", f$conf.int, "\n")
z <- fisher.test(matrix(c(0, 5, 12, 7), 2))
cat("zero: p", z$p.value, "or", z$estimate, "ci", z$conf.int, "\n")
