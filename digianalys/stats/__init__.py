"""Statistics: one module per analysis (describe, compare, correlation, models, reliability,
population, paired, table1, open_answers) and the pieces they share; every function takes a
Dataset and returns a Result of tidy tables."""
