"""Readable model-term labels (stats/term_labels.py) and the model table's label column."""

from __future__ import annotations

from digianalys.output.i18n import tr
from digianalys.stats.term_labels import references, term_label

LABELS = {"sector": "Sektor", "employees": "Antal anställda", "pace": "Takt"}


def test_terms_read_as_labels_in_both_languages():
    refs = references(["C(sector): kommunal"])
    assert refs == {"sector": "kommunal"}
    assert tr(term_label("Intercept", LABELS, refs), "sv") == "Konstant"
    assert tr(term_label("Intercept", LABELS, refs), "en") == "Constant"
    got = term_label("C(sector)[T.regional]", LABELS, refs)
    assert tr(got, "sv") == "Sektor: regional (jämfört med kommunal)"
    assert tr(got, "en") == "Sektor: regional (compared with kommunal)"
    explicit = 'C(sector, Treatment(reference="statlig"))[T.regional]'
    assert tr(term_label(explicit, LABELS, {}), "sv") == "Sektor: regional (jämfört med statlig)"
    assert term_label("np.log(employees)", LABELS, refs) == "log(Antal anställda)"
    assert term_label("pace", LABELS, refs) == "Takt"
    assert term_label("pace:employees", LABELS, refs) == "Takt:Antal anställda"


def test_model_table_has_the_labels(example_run):
    from digianalys.dataset import load
    from digianalys.stats.models import model

    ds = load(example_run / "dataset")
    coef = model(ds, "pace ~ leadership + C(sector) + np.log(employees)").main
    shown = [tr(x, "sv") for x in coef["label"]]
    assert shown[0] == "Konstant"
    assert any("(jämfört med kommunal)" in s for s in shown)
    assert not any("C(" in s or "np." in s for s in shown)
