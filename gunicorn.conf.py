"""gunicorn reads this file from the working directory (``gunicorn hiresscope.wsgi`` in the repository)."""

# API keys in query strings (b2d's ?api_key=) are masked in the access log.
logger_class = "hiresscope.logredact.RedactingGunicornLogger"
