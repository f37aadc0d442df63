"""The suite's property tests must not depend on how busy the machine is."""

from hypothesis import HealthCheck, settings


def test_the_ci_profile_has_no_timing_checks_and_a_fixed_seed():
    active = settings.default
    assert active.deadline is None
    assert HealthCheck.too_slow in active.suppress_health_check
    assert active.derandomize is True
