"""`digianalys run`: the registry of analyses (one declaration per option, shared with the CLI),
the TOML configuration, the step runner and the report (HTML, Word, tables.xlsx, manifest)."""
