import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abdi.talent.models import NineBoxCell, ThresholdSet
from abdi.talent.selectors.reference import bands_of, placement_tables, threshold_set
from abdi.talent.services.reference import talent_setting_update, threshold_table_save

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 1)


def save(actor, bands, kind="performance", **extra):
    return threshold_table_save(
        actor=actor,
        kind=kind,
        bands=bands,
        source="Keputusan Kepala BKPSDM",
        confidence="c1",
        effective_from=extra.pop("effective_from", TODAY),
        **extra,
    )


def test_the_nine_box_is_loaded_as_regulations_section_3(db):
    cells = {(c.performance, c.potential): c.box for c in NineBoxCell.objects.all()}
    assert cells == {
        ("above", "low"): 4, ("above", "medium"): 7, ("above", "high"): 9,
        ("meets", "low"): 2, ("meets", "medium"): 5, ("meets", "high"): 8,
        ("below", "low"): 1, ("below", "medium"): 3, ("below", "high"): 6,
    }  # fmt: skip
    assert set(NineBoxCell.objects.filter(in_pool=True).values_list("box", flat=True)) == {7, 8, 9}
    assert "promosi" in NineBoxCell.objects.get(box=9).actions.lower() or "dipromosikan" in (
        NineBoxCell.objects.get(box=9).actions.lower()
    )
    assert NineBoxCell.objects.get(box=4).actions == "Rotasi dan pengembangan kompetensi."


def test_default_tables_carry_source_and_confidence(db):
    for kind in ("performance", "potential"):
        table = threshold_set(kind)
        assert table.source and table.confidence in ("m", "c1")
        assert len(bands_of(table)) == 3
    assert placement_tables().points["sangat_baik"] == D(5)


def test_a_table_with_a_gap_is_refused_naming_the_gap(personas):
    bands = [("below", None, D("3.5")), ("meets", D(4), D("4.5")), ("above", D("4.5"), None)]
    with pytest.raises(ValidationError) as exc:
        save(personas.admin, bands)
    assert "3,50" in exc.value.messages[0] and "4,00" in exc.value.messages[0]
    assert "celah" in exc.value.messages[0]
    assert not ThresholdSet.objects.filter(effective_from=TODAY).exists()


def test_a_table_with_an_overlap_is_refused(personas):
    bands = [("below", None, D(4)), ("meets", D("3.5"), D("4.5")), ("above", D("4.5"), None)]
    with pytest.raises(ValidationError) as exc:
        save(personas.admin, bands)
    assert "tumpang tindih" in exc.value.messages[0]


def test_a_valid_table_replaces_the_bands_of_its_date(personas):
    bands = [("low", None, D(60)), ("medium", D(60), D(80)), ("high", D(80), None)]
    table = save(personas.admin, bands, kind="potential")
    save(personas.admin, bands, kind="potential")
    assert ThresholdSet.objects.filter(kind="potential", effective_from=TODAY).count() == 1
    assert [(b.level, b.lower, b.upper) for b in bands_of(table)] == [
        ("low", None, D(60)),
        ("medium", D(60), D(80)),
        ("high", D(80), None),
    ]
    assert table.history.exists()


def test_only_bkpsdm_edits(personas):
    bands = [("below", None, D("3.5")), ("meets", D("3.5"), D("4.5")), ("above", D("4.5"), None)]
    with pytest.raises(PermissionDenied):
        save(personas.operator, bands)


def test_weights_must_add_up_to_100(personas):
    with pytest.raises(ValidationError):
        talent_setting_update(
            actor=personas.admin,
            potential_score_weight=60,
            jpm_weight=60,
            show_box_to_employee=False,
            risk_horizon_months=24,
        )
    setting = talent_setting_update(
        actor=personas.admin,
        potential_score_weight=100,
        jpm_weight=0,
        show_box_to_employee=True,
        risk_horizon_months=24,
    )
    assert setting.show_box_to_employee
