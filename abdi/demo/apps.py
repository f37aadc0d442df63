from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Builds the demo province (seed_demo) and prints its logins. Sits on top of every app."""

    name = "abdi.demo"
    label = "demo"
