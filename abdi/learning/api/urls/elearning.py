"""API routes of the learning app: elearning. Joined in api/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
