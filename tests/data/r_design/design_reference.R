# Reference values for tests/test_design.py and tests/test_calibration.py (R survey).
# Run from this folder:  Rscript design_reference.R > design_reference.out
# Produced with R 4.2.2 Patched (2022-11-10 r83330), survey 4.1.1 (Debian r-cran-survey).
suppressMessages(library(survey))
options(digits = 15, survey.lonely.psu = "fail")
d <- read.csv("respondents.csv", stringsAsFactors = FALSE)
d$size <- factor(d$size, levels = c("small", "medium", "large"))
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")), "\n")

des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
show <- function(name, x) cat(name, paste(format(x, digits = 15), collapse = " "), "\n")

# 1. stratified design with finite-population correction
m <- svymean(~employees, des, deff = TRUE)
show("mean_employees", c(coef(m), SE(m), confint(m, df = degf(des)), deff(m)))
t <- svytotal(~employees, des)
show("total_employees", c(coef(t), SE(t)))
m <- svymean(~leadership, des, deff = TRUE)
show("mean_leadership", c(coef(m), SE(m), confint(m, df = degf(des)), deff(m)))
p <- svyciprop(~framework, des, method = "logit")
show("share_framework", c(coef(p), SE(p), confint(p)))
for (s in c("statlig", "kommunal", "regional")) {
  sub <- subset(des, sector == s)
  p <- svyciprop(~framework, sub, method = "logit")
  m <- svymean(~leadership, sub, deff = TRUE)
  show(paste0("domain_", s), c(coef(p), SE(p), confint(p), coef(m), SE(m), deff(m)))
}
for (z in c("small", "medium", "large")) {
  sub <- subset(des, size == z)
  m <- svymean(~leadership, sub)
  show(paste0("domain_size_", z), c(coef(m), SE(m)))
}
# without fpc (weights only = N_h / n_h), for comparison
des0 <- svydesign(ids = ~1, strata = ~sector, weights = ~I(N / ave(N, sector, FUN = length)), data = d)
m <- svymean(~leadership, des0)
show("mean_leadership_nofpc", c(coef(m), SE(m)))

# 2. post-stratification on size (on top of the stratified design)
pop_size <- data.frame(size = c("small", "medium", "large"), Freq = c(250, 190, 101))
ps <- postStratify(des, ~size, pop_size)
show("ps_weights", weights(ps))
m <- svymean(~leadership, ps)
show("ps_mean_leadership", c(coef(m), SE(m)))

# 3. raking on sector and size, from weights 1 (no fpc), to convergence
des1 <- svydesign(ids = ~1, weights = ~1, data = d)
pop_sector <- data.frame(sector = c("statlig", "kommunal", "regional"), Freq = c(230, 290, 21))
rk <- rake(des1, list(~sector, ~size), list(pop_sector, pop_size),
           control = list(maxit = 1000, epsilon = 1e-13))
show("rake_weights", weights(rk))
m <- svymean(~leadership, rk)
show("rake_mean_leadership", c(coef(m), SE(m)))

# 4. linear calibration to size counts and total employees, on the stratified design
ht <- coef(svytotal(~employees, des))
show("ht_employees", ht)
cal <- calibrate(des, ~size + employees,
                 population = c(`(Intercept)` = 541, sizemedium = 190, sizelarge = 101,
                                employees = 230000),
                 calfun = "linear")
show("cal_weights", weights(cal))
m <- svymean(~leadership, cal)
show("cal_mean_leadership", c(coef(m), SE(m)))

# 5. trimming the calibrated weights
tr <- trimWeights(cal, lower = 1.5, upper = 4, strict = TRUE)
show("trim_weights", weights(tr))
