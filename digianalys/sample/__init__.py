"""The bundled sample survey (``digianalys sample``): a made-up Swedish survey of public-sector
organisations in two waves drawn from a fictional population frame, with a planted truth.

Modules: :mod:`.parameters` (design and planted truth), :mod:`.frame` (population frame and
panel), :mod:`.responses` (answers from latent variables), :mod:`.workbook` (the exports as
workbooks), :mod:`.truth` (the truth as realised), :mod:`.readme` (README.md),
:mod:`.generate` (writes everything: :func:`write_sample`).
"""

from __future__ import annotations

from .frame import frame_bytes, luhn_digit, population_frame, respondents
from .generate import write_sample
from .parameters import (
    INFRA_OPTIONS,
    LEADERSHIP_ITEMS,
    N_RESPONDENTS,
    POPULATION,
    Q_INFRA,
    Q_ITCOST,
    Q_ORGTYPE,
    SECTORS,
    SEED,
)
from .responses import generate
from .truth import realised_truth
from .workbook import workbook_bytes

__all__ = [
    "INFRA_OPTIONS",
    "LEADERSHIP_ITEMS",
    "N_RESPONDENTS",
    "POPULATION",
    "Q_INFRA",
    "Q_ITCOST",
    "Q_ORGTYPE",
    "SECTORS",
    "SEED",
    "frame_bytes",
    "generate",
    "luhn_digit",
    "population_frame",
    "realised_truth",
    "respondents",
    "workbook_bytes",
    "write_sample",
]
