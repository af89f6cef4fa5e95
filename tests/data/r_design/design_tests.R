# Reference values for tests/stats/test_design_tests.py (R survey's design-based tests).
# Run from this folder:  Rscript design_tests.R > design_tests.out
# Produced with R 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1 (Debian r-cran-survey).
suppressMessages(library(survey))
options(digits = 15, survey.lonely.psu = "fail")
d <- read.csv("respondents.csv", stringsAsFactors = FALSE)
d$size <- factor(d$size, levels = c("small", "medium", "large"))
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")), "\n")
des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
show <- function(name, x) cat(name, paste(format(unname(x), digits = 15), collapse = " "), "\n")

# Rao-Scott (second-order, F) tests of independence
for (f in list(~framework + size, ~framework + sector, ~size + sector)) {
  r <- svychisq(f, des, statistic = "F")
  show(paste0("chisq_", paste(all.vars(f), collapse = "_")), c(r$statistic, r$parameter, r$p.value))
}
# two groups: design-based t test of means (svyttest: coefficient = mean(1) - mean(0))
r <- svyttest(leadership ~ framework, des)
show("ttest_leadership_framework", c(r$statistic, r$parameter, r$p.value, r$estimate))
# k groups: Wald F of the group term
m <- svyglm(leadership ~ size, des)
r <- regTermTest(m, ~size)
show("wald_leadership_size", c(r$Ftest, r$df, r$ddf, r$p))
m <- svyglm(employees ~ sector, des)
r <- regTermTest(m, ~sector)
show("wald_employees_sector", c(r$Ftest, r$df, r$ddf, r$p))
# rank tests
r <- svyranktest(leadership ~ framework, des)
show("rank_leadership_framework", c(r$statistic, r$parameter, r$p.value, r$estimate))
r <- svyranktest(leadership ~ size, des)
show("rank_leadership_size", c(r$parameter, r$statistic, r$ddf, r$p.value))
# with missing values: leadership missing for every 7th respondent (na.omit as a subset)
d$lead_na <- ifelse(seq_len(nrow(d)) %% 7 == 0, NA, d$leadership)
des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
r <- svyranktest(lead_na ~ size, des)
show("rank_leadna_size", c(r$parameter, r$statistic, r$ddf, r$p.value))
m <- svyglm(lead_na ~ size, des)
r <- regTermTest(m, ~size)
show("wald_leadna_size", c(r$Ftest, r$df, r$ddf, r$p))
# post-stratified on size: the calibration enters the variances
pop_size <- data.frame(size = c("small", "medium", "large"), Freq = c(250, 190, 101))
ps <- postStratify(des, ~size, pop_size)
r <- svychisq(~framework + sector, ps, statistic = "F")
show("ps_chisq_framework_sector", c(r$statistic, r$parameter, r$p.value))
r <- svyttest(leadership ~ framework, ps)
show("ps_ttest_leadership_framework", c(r$statistic, r$parameter, r$p.value, r$estimate))
