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

# ---- correlations (correlate --inference finite)
# r from svyvar's covariance matrix; its SE by the delta method over svyvar's linearisation
# variance; the test of r = 0 is svyglm's slope t test (the same t for y ~ x and for the
# standardised variables); the interval Fisher's z with the SE and svyglm's df.
corr_ref <- function(name, fx, fy, des) {
  v <- svyvar(as.formula(paste("~", fx, "+", fy)), des, na.rm = TRUE)
  S <- unclass(v)[1:2, 1:2]; V <- attr(v, "var")
  r <- S[1, 2] / sqrt(S[1, 1] * S[2, 2])
  g <- c(-r / (2 * S[1, 1]), 1 / sqrt(S[1, 1] * S[2, 2]) / 2, 1 / sqrt(S[1, 1] * S[2, 2]) / 2,
         -r / (2 * S[2, 2]))  # d r / d vec(S), the off-diagonal split over its two copies
  se <- sqrt(drop(t(g) %*% V %*% g))
  m <- svyglm(as.formula(paste(fy, "~", fx)), des)
  df <- df.residual(m)
  p <- coef(summary(m))[2, 4]
  q <- qt(0.975, df)
  show(name, c(r, se, p, df, tanh(atanh(r) - q * se / (1 - r^2)), tanh(atanh(r) + q * se / (1 - r^2))))
}
# weighted mid-ranks (the estimated population distribution function, as svyranktest's ranks):
# weight of smaller values plus half the weight of tied values
wrank <- function(y, w) sapply(y, function(v) sum(w[y < v]) + sum(w[y == v]) / 2)
des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
corr_ref("corr_pearson", "employees", "leadership", des)
corr_ref("corr_pearson_na", "employees", "lead_na", des)
d$w0 <- weights(des)
d$rank_emp <- wrank(d$employees, d$w0)
d$rank_lead <- wrank(d$leadership, d$w0)
des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
corr_ref("corr_spearman", "rank_emp", "rank_lead", des)
ps <- postStratify(des, ~size, pop_size)
corr_ref("corr_ps_pearson", "employees", "leadership", ps)
des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
corr_ref("corr_pearson_framework", "framework", "leadership", des)
