"""Deterministic generator of the bundled sample survey (``digianalys sample``).

A made-up Swedish survey of public-sector organisations about digitalisation, in two waves drawn
from a fictional population frame:

* ``population.xlsx``: the frame (:func:`population_frame`), one row per organisation: made-up
  organisation number (Luhn-valid, third digit ≥ 2, so never a personnummer), made-up name,
  sector as a register writes it, employees and county. Each wave's respondents are drawn from
  it (bigger organisations answer more often; most 2018 respondents answer again in 2021), and
  each organisation keeps persistent latent traits, so the two waves form a panel.
* ``digitalisering-2018.xlsx``: a plain export with one header row; the select-all question is
  one column per option headed "question: option", the option text in ticked cells (so that both
  waves join option by option); a few IT-cost cells are text with a decimal comma ("3,5"); three
  exact duplicate responses.
* ``digitalisering-2021.xlsx``: a SurveyMonkey export with two header rows (question text,
  then sub-item / "Response" / "Open-Ended Response" / option text), matrix and select-all
  question texts merged across their columns, and SurveyMonkey's leading columns.

Both exports carry the organisation number ("Organisationsnummer") as the respondent typed it.

Answers are generated from latent variables (leadership and pace of digitalisation, correlated
within sector, with sector and wave differences) through fixed thresholds, so the effects an
analysis should find are known. :func:`generate` returns the raw frame (the latent truth and
every answer as exported, before duplicates are added); :func:`write_sample` writes the two
workbooks, the frame and ``README.md`` with the planted and the realised truth.

Nothing depends on the clock: the random numbers come from ``numpy.random.default_rng`` seeded
with ``(seed, wave)`` (the frame with ``(seed, 0)``, the choice of respondents with
``(seed, 1)``), workbook properties carry fixed dates and the zip entries fixed timestamps, so
reruns are byte-identical (for a given openpyxl version).
"""

from __future__ import annotations

from pathlib import Path

from ..atomic import write_bytes, write_text
from .frame import frame_bytes
from .parameters import FILENAMES, FRAME_FILENAME, WAVES
from .readme import readme_text
from .workbook import workbook_bytes


def write_sample(out_dir: Path) -> list[Path]:
    """Write both sample workbooks, the population frame and ``README.md`` into ``out_dir``;
    return the paths written.

    Files are written atomically; existing files of the same names are replaced.
    """
    out_dir = Path(out_dir)
    written = []
    for wave in WAVES:
        path = out_dir / FILENAMES[wave]
        write_bytes(path, workbook_bytes(wave))
        written.append(path)
    frame = out_dir / FRAME_FILENAME
    write_bytes(frame, frame_bytes())
    written.append(frame)
    readme = out_dir / "README.md"
    write_text(readme, readme_text())
    written.append(readme)
    return written
