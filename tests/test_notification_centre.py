"""The notification centre (issue 13): the bell's unread count in one query, the list, mark one
or all read, open the item; notifications stored by key and shown in the reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from abdi.core.models import Notification
from abdi.core.notifications import Text, notify, unread_count

pytestmark = pytest.mark.django_db


def approved(user):
    return notify(
        user=user,
        verb="skp_approved",
        message=Text(
            gettext_noop("SKP %(year)s Anda (versi %(v)d) disetujui."), {"year": 2026, "v": 1}
        ),
        url="/performance/",
    )


def test_text_is_stored_by_key_and_read_in_each_language(personas):
    n = approved(personas.employee.user)
    assert n.message == "SKP 2026 Anda (versi 1) disetujui."  # Indonesian, for e-mail
    assert n.message_key == "SKP %(year)s Anda (versi %(v)d) disetujui."
    stored = Notification.objects.get(pk=n.pk)
    with translation.override("en"):
        assert stored.text == "Your 2026 SKP (version 1) was approved."
    with translation.override("id"):
        assert stored.text == "SKP 2026 Anda (versi 1) disetujui."


def test_nested_texts_and_lazy_labels_translate_too(personas):
    import datetime as dt

    from abdi.performance.models import period_label_text

    n = notify(
        user=personas.employee.user,
        verb="evaluation_released",
        message=Text(
            gettext_noop("Hasil evaluasi kinerja periode %(code)s sudah dirilis: %(predikat)s."),
            {
                "code": period_label_text("quarter", dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
                "predikat": gettext_lazy("Baik"),
            },
        ),
    )
    assert "Triwulan III 2026" in n.message and "Baik" in n.message
    with translation.override("en"):
        text = Notification.objects.get(pk=n.pk).text
    assert "Baik (good)" in text


def test_rows_without_a_key_keep_their_text(personas):
    n = Notification.objects.create(user=personas.employee.user, verb="x", message="Pesan lama")
    with translation.override("en"):
        assert n.text == "Pesan lama"


def test_bell_list_open_and_read_all(personas, login, django_assert_max_num_queries):
    user = personas.employee.user
    first, second = approved(user), approved(user)
    assert unread_count(user) == 2
    with django_assert_max_num_queries(1):
        unread_count(user)
    client = login(user)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="bell"' in home and "Notifikasi: 2 belum dibaca" in home
    page = client.get(reverse("core:notifications")).content.decode()
    assert page.count("SKP 2026 Anda (versi 1) disetujui.") == 2
    response = client.post(reverse("core:notification_open", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == "/performance/"
    assert unread_count(user) == 1
    client.post(reverse("core:notifications_read_all"))
    assert unread_count(user) == 0
    # Another user's notification is not found.
    other = login(personas.supervisor.user)
    assert other.post(reverse("core:notification_open", args=[second.pk])).status_code == 404


def test_notification_list_in_english(personas, login):
    approved(personas.employee.user)
    client = login(personas.employee.user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("core:notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your 2026 SKP (version 1) was approved." in page
