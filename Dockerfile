# nhacviec: the bot, its scheduler and its webhook server in one process.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    NHACVIEC_DATABASE_URL=sqlite+aiosqlite:////data/nhacviec.db \
    NHACVIEC_LISTEN=0.0.0.0:8080 \
    MPLCONFIGDIR=/tmp/matplotlib

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY nhacviec ./nhacviec
COPY models ./models
COPY core ./core
COPY importer ./importer
COPY scheduler ./scheduler
COPY services ./services
COPY conversation ./conversation
COPY bot ./bot
COPY reports ./reports
COPY migrations ./migrations
RUN pip install . \
    && useradd --system --uid 10001 --home /data nhacviec \
    && mkdir -p /data && chown nhacviec /data

USER nhacviec
# The SQLite database (the default) lives here; mount a volume to keep it.
VOLUME ["/data"]
WORKDIR /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4)" || exit 1
CMD ["nhacviec", "run"]
