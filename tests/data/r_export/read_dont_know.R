# Independent reader of digianalys' .sav export (issue 15.4): R haven reads the user-missing
# codes, their value labels and the cells. dont_know.sav was written by
# `digianalys export` from the CSV DK_CSV in tests/output/test_export.py.
# Run: Rscript tests/data/r_export/read_dont_know.R > tests/data/r_export/read_dont_know.txt
suppressMessages(library(haven))
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(FALSE), value = TRUE)))
d <- read_sav(file.path(here, "dont_know.sav"), user_na = TRUE)
for (v in names(d)) {
  x <- d[[v]]
  cat("variable:", v, "\n")
  cat("  na_values:", paste(attr(x, "na_values"), collapse = " "), "\n")
  cat("  na_range:", paste(attr(x, "na_range"), collapse = " "), "\n")
  labs <- attr(x, "labels")
  if (!is.null(labs)) cat("  labels:", paste(paste0(labs, "=", names(labs)), collapse = "; "), "\n")
  raw <- unclass(x)
  cat("  values:", paste(ifelse(is.na(raw), "NA", as.character(raw)), collapse = " "), "\n")
  # missing once user-missing codes are turned into NA (haven's zap_missing)
  cat("  missing:", paste(as.integer(is.na(zap_missing(x))), collapse = " "), "\n")
}
