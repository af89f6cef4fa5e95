"""Catalogue of the texts about SPSS files: key → (English, Swedish)."""

from __future__ import annotations

SPSS_CATALOGUE: dict[str, tuple[str, str]] = {
    "spss_user_missing": (
        "variable '{column}': {n} user-missing values (SPSS missing values {codes}) read as "
        "don't know",
        "variabeln '{column}': {n} användardefinierat saknade värden (SPSS missing values "
        "{codes}) lästa som vet ej",
    ),
}
