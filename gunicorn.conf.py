"""gunicorn reads this file from the working directory (``gunicorn hiresscope.wsgi`` in the repository)."""

# API keys (any spelling: ?api_key=, ?api%5Fkey=, hsk%5Flive%5F…) are masked in the access and error logs.
logger_class = "hiresscope.logredact.RedactingGunicornLogger"
