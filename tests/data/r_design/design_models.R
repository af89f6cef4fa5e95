# Reference values for tests/stats/test_design_models.py: regression models and correlations
# under the population design (model / correlate --inference finite) = R survey's svyglm.
# Run from this folder:  Rscript design_models.R > design_models.out
suppressMessages(library(survey))
options(digits = 15, survey.lonely.psu = "fail")
d <- read.csv("respondents.csv", stringsAsFactors = FALSE)
d$size <- factor(d$size, levels = c("small", "medium", "large"))
d$lead_na <- ifelse(seq_len(nrow(d)) %% 7 == 0, NA, d$leadership)
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")), "\n")
show <- function(name, x) cat(name, paste(format(unname(x), digits = 15), collapse = " "), "\n")
table_of <- function(name, m) {
  s <- coef(summary(m))
  ci <- confint(m, method = "Wald")
  for (i in seq_len(nrow(s))) {
    show(paste0(name, "[", i, "]"), c(s[i, ], ci[i, ]))
  }
  show(paste0(name, "_df"), df.residual(m))
}
des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
# OLS: estimate, SE, t, p, CI low, CI high per coefficient (intercept, medium, large, log(employees))
table_of("ols", svyglm(leadership ~ size + log(employees), des))
# missing outcome values: the model's rows are a domain of the whole design
table_of("ols_na", svyglm(lead_na ~ size + employees, des))
# logit (quasibinomial, as svyglm's documentation advises for survey weights)
table_of("logit", svyglm(framework ~ leadership + size, des, family = quasibinomial()))
# post-stratified on size
pop_size <- data.frame(size = c("small", "medium", "large"), Freq = c(250, 190, 101))
ps <- postStratify(des, ~size, pop_size)
table_of("ps_ols", svyglm(leadership ~ log(employees) + framework, ps))
# Wald F for a multi-level term
show("wald_size", unlist(regTermTest(svyglm(leadership ~ size + log(employees), des), ~size)[c("Ftest", "df", "ddf", "p")]))
