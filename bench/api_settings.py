"""Settings for bench/api.py: the application's own, with a URLconf that adds one minimal DRF view."""

from hiresscope.settings import *  # noqa: F403

ROOT_URLCONF = "bench.api_urls"
