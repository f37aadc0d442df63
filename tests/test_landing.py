"""Signing in leads a leadership account to the leadership dashboard and everyone else home."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "target"),
    [
        ("leader", "insights:dashboard"),
        ("admin", "home"),
        ("employee", "home"),
        ("supervisor", "home"),
        ("nobody", "home"),
    ],
)
def test_landing_after_sign_in(personas, login, role, target):
    response = login(personas.user(role)).get(reverse("landing"))
    assert response.status_code == 302
    assert response.url == reverse(target)


def test_the_login_form_sends_a_leader_to_the_dashboard(personas, client, password):
    response = client.post(
        reverse("accounts:login"), {"username": personas.leader.username, "password": password}
    )
    assert response.status_code == 302
    assert client.get(response.url).url == reverse("insights:dashboard")
