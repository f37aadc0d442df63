import datetime as dt

from abdi.core.calendar import add_working_days, national_holidays


def test_national_holidays_include_independence_day_and_new_year():
    days = national_holidays([2026])
    assert dt.date(2026, 8, 17) in days  # Hari Kemerdekaan
    assert dt.date(2026, 1, 1) in days
    assert dt.date(2026, 8, 18) not in days


def test_national_holidays_answer_a_fresh_set_each_time():
    # non_working_days adds the agency's collective leave to the set it gets: that must never
    # leak into the next request's holidays.
    first = national_holidays([2026, 2027])
    first.add(dt.date(2026, 3, 4))
    first.discard(dt.date(2026, 8, 17))
    again = national_holidays([2027, 2026])
    assert dt.date(2026, 3, 4) not in again
    assert dt.date(2026, 8, 17) in again


def test_a_deadline_skips_the_weekend_and_independence_day():
    # Received Friday 14 August 2026: Sat/Sun are not working days, Monday 17 August is a
    # national holiday; working day 1 is Tuesday 18 August, day 3 is Thursday 20 August.
    assert add_working_days(dt.date(2026, 8, 14), 3, national_holidays([2026])) == dt.date(
        2026, 8, 20
    )
