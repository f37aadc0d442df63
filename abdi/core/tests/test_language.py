import pytest
from django.conf import settings


@pytest.mark.django_db
def test_english_browser_still_gets_indonesian(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "id"
    assert "Masuk ke Abdi" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_cookie_selects_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/accounts/login/")
    assert response.headers["Content-Language"] == "en"
