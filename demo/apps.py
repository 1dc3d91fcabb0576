from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo seeding (``manage.py seed_demo``) and the fictional content it uses; it spans every app.

    Nothing else imports this app at run time; tests and benchmarks use its CV renderers for uploads.
    """

    name = "demo"
