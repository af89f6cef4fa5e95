# Reference values for the post-hoc pairs of compare --inference finite
# (tests/stats/test_design_pairs.py): each pair of groups tested on the subset of the design.
# Run from this folder:  Rscript design_pairs.R > design_pairs.out
suppressMessages(library(survey))
options(digits = 15, survey.lonely.psu = "fail")
d <- read.csv("respondents.csv", stringsAsFactors = FALSE)
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")), "\n")
show <- function(name, x) cat(name, paste(format(unname(x), digits = 15), collapse = " "), "\n")
des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
pairs <- list(c("small", "medium"), c("small", "large"), c("medium", "large"))
for (p in pairs) {
  sub <- subset(des, size %in% p)
  sub <- update(sub, g = factor(size, levels = p))
  # Wald t of the two means (svyttest: coefficient = mean(second) - mean(first))
  r <- svyttest(leadership ~ g, sub)
  show(paste0("t_", p[1], "_", p[2]), c(r$statistic, r$parameter, r$p.value))
  r <- svyranktest(leadership ~ g, sub)
  show(paste0("rank_", p[1], "_", p[2]), c(r$statistic, r$parameter, r$p.value))
  r <- svychisq(~framework + g, sub, statistic = "F")
  show(paste0("chisq_", p[1], "_", p[2]), c(r$statistic, r$parameter, r$p.value))
}
