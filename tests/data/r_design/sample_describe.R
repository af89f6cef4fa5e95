# Reference values for tests/stats/test_sample_design.py: issue 13's "done when" on the bundled
# sample — describe --by sector under the population design (2021 respondents, strata sector
# with their population sizes) equals R survey's svymean / svyciprop.
# Run from this folder:  Rscript sample_describe.R > sample_describe.out
# sample_2021.csv: the sample's 2021 export as ingested with examples/digitalisering-codebook.yaml.
suppressMessages(library(survey))
options(digits = 15, survey.lonely.psu = "fail")
d <- read.csv("sample_2021.csv", stringsAsFactors = FALSE)
cat("R:", R.version.string, " survey:", as.character(packageVersion("survey")), "\n")
show <- function(name, x) cat(name, paste(format(unname(x), digits = 15), collapse = " "), "\n")
des <- svydesign(ids = ~1, strata = ~sector, fpc = ~N, data = d)
for (s in c("statlig", "kommunal", "regional")) {
  sub <- subset(des, sector == s)
  for (v in c("leadership", "pace")) {
    f <- as.formula(paste("~", v))
    m <- svymean(f, sub, na.rm = TRUE, deff = TRUE)
    ci <- confint(m, df = degf(subset(des, sector == s & !is.na(get(v)))))
    show(paste0(v, "_", s), c(coef(m), SE(m), ci, deff(m)))
  }
  p <- svyciprop(~framework, subset(des, sector == s & !is.na(framework)), method = "logit")
  show(paste0("framework_", s), c(coef(p), attr(p, "ci")))
}
