"""GET /api/v1/nip/{value}/: what a NIP or NI PPPK says, and what is wrong with it."""

import datetime as dt

import pytest

from abdi.employees import rules

pytestmark = pytest.mark.django_db


def check(api, personas, value):
    response = api(personas.outsider.user).get(f"/api/v1/nip/{value}/")
    assert response.status_code == 200
    return response.json()


def test_valid_pns(personas, api):
    nip = rules.build_pns_nip(dt.date(1985, 3, 14), dt.date(2010, 1, 1), "m", 7)
    assert nip == "198503142010011007"
    assert check(api, personas, nip) == {
        "value": nip,
        "valid": True,
        "kind": "pns",
        "birth_date": "1985-03-14",
        "tmt_cpns": "2010-01-01",
        "sex": "m",
        "sequence": 7,
        "errors": [],
    }


def test_valid_pppk(personas, api):
    nip = rules.build_pppk_nip(dt.date(1990, 7, 21), 2022, 1, "f", 15)
    assert nip == "199007212022212015"
    body = check(api, personas, nip)
    assert body == {
        "value": nip,
        "valid": True,
        "kind": "pppk",
        "birth_date": "1990-07-21",
        "appointment_year": 2022,
        "contract_frequency": 1,
        "sex": "f",
        "sequence": 15,
        "errors": [],
    }
    assert "tmt_cpns" not in body


def test_spaces_are_ignored(personas, api):
    body = check(api, personas, "19850314 201001 1 007")
    assert body["valid"] is True
    assert body["value"] == "198503142010011007"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("19850314201001100A", "NIP hanya boleh berisi angka."),
        ("1985031420100110", "NIP harus 18 digit, bukan 16."),
        ("1985031420100110071", "NIP harus 18 digit, bukan 19."),
    ],
)
def test_not_a_nip_at_all(personas, api, value, message):
    body = check(api, personas, value)
    assert body["valid"] is False
    assert body["errors"] == [message]
    assert body["kind"] is None
    assert body["birth_date"] is None
    assert body["sex"] is None
    assert body["sequence"] is None


def test_bad_birth_date(personas, api):
    body = check(api, personas, "198513402010011007")
    assert body["valid"] is False
    assert body["kind"] == "pns"
    assert body["birth_date"] is None
    assert body["errors"] == [
        "Delapan digit pertama (19851340) bukan tanggal lahir yang sah (TTTTBBHH)."
    ]


def test_sex_digit_3(personas, api):
    body = check(api, personas, "198503142010013007")
    assert body["valid"] is False
    assert body["sex"] is None
    assert body["birth_date"] == "1985-03-14"
    assert body["errors"] == ["Digit ke-15 (3) harus 1 (laki-laki) atau 2 (perempuan)."]


def test_several_errors_at_once(personas, api):
    # Month 13 TMT, sex digit 0 and sequence 000.
    body = check(api, personas, "198503142010130000")
    assert body["valid"] is False
    assert len(body["errors"]) == 3


def test_anonymous_denied(anon, personas):
    assert anon.get("/api/v1/nip/198503142010011007/").status_code == 401
