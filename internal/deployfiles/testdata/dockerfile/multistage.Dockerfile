# syntax=docker/dockerfile:1
ARG PYTHON_VERSION=3.12
ARG APP_HOME=/app

FROM python:${PYTHON_VERSION}-slim AS python

FROM python AS build
ENV PIP_NO_CACHE_DIR=1
COPY requirements/ /requirements/
RUN pip wheel --wheel-dir /wheels -r /requirements/production.txt

FROM python AS runtime
ARG APP_HOME
ARG BUILD_ENVIRONMENT=production
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BUILD_ENV=${BUILD_ENVIRONMENT}
ENV DJANGO_SETTINGS_MODULE="config.settings.production" HOME_DIR=$APP_HOME
ENV LEGACY_FORM a value with spaces
WORKDIR ${APP_HOME}
COPY --from=build /wheels /wheels/
COPY --chown=django:django . ${APP_HOME}
ADD https://example.com/file.tar.gz /tmp/
RUN <<EOT
set -e
pip install --no-index --find-links=/wheels/ /wheels/*
EOT
USER django
EXPOSE 8000 9000/udp
ENTRYPOINT ["/entrypoint"]
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]
