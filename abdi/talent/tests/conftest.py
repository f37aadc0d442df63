from abdi.talent.testing import talent_world  # noqa: F401
