"""Survey-tool metadata (issue 15): Qualtrics' StartDate, Status, Finished … are kept, marked
``metadata: true`` in the codebook, left out of default analyses but usable in --where, and
preview/test responses are counted in the ingest report."""

from __future__ import annotations

from pathlib import Path

from digianalys.codebook import Codebook
from digianalys.dataset import load
from digianalys.ingest.metadata import is_metadata
from digianalys.ingest.pipeline import ingest
from digianalys.stats.data import default_variables
from digianalys.stats.describe import describe
from digianalys.where import apply_where

DATA = Path(__file__).resolve().parents[1] / "data" / "realdata"


def test_headers_of_the_survey_tools():
    for header in ("StartDate", "Duration (in seconds)", "Status", "ResponseSet", "Finished",
                   "Respondent ID", "Collector ID", "Start time", "Tidstämpel"):  # fmt: skip
        assert is_metadata(header), header
    for header in ("Q1", "Hur ofta?", "Status of the project in your organisation"):
        assert not is_metadata(header), header


def test_qualtrics_metadata_left_out_of_default_analyses(tmp_path):
    out = tmp_path / "ds"
    ingest([DATA / "qualtricstools_sample_survey_insights.csv"], out)
    ds = load(out)
    meta = {v.name for v in ds.codebook.variables if v.metadata}
    assert {"startdate", "enddate", "status", "finished"} <= meta
    assert not meta & set(default_variables(ds))
    # still there for --where, and the flag survives a codebook round trip
    kept, subset = apply_where(ds, "finished == 1")
    assert subset is not None and subset.n_before == len(ds.data)
    again = Codebook.from_dict(ds.codebook.to_dict())
    assert {v.name for v in again.variables if v.metadata} == meta
    report = (out / "ingest-report.md").read_text(encoding="utf-8")
    assert "5 preview or test responses" in report
    # describe without variables: the metadata are not among them
    res = describe(ds)
    assert not meta & set(res.main["variable"])
