"""Login-related pages: Django's own views, with the lockout lifted once a password is reset."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from abdi.core.throttle import hit


class PasswordResetView(auth_views.PasswordResetView):
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        # Counted before the form is read: every request may send an e-mail, valid or not.
        allowed, retry_after = hit(request, "password-reset", settings.ABDI_PASSWORD_RESET_RATE)
        if allowed:
            return super().post(request, *args, **kwargs)
        form = self.get_form()
        form.is_valid()
        form.add_error(
            None,
            _("Terlalu banyak permintaan dari alamat ini. Coba lagi dalam %(minutes)d menit.")
            % {"minutes": max(1, round(retry_after / 60))},
        )
        response = self.render_to_response(self.get_context_data(form=form), status=429)
        response["Retry-After"] = str(retry_after)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever proves they own the mailbox is no longer locked out by earlier wrong guesses.
        axes_reset(username=form.user.get_username())
        return response
