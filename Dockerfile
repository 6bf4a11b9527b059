# ConflictMap as one container: the Streamlit app with its map assets and gazetteer index baked
# into the image (built once here, not per visitor).
#
#   docker build -t conflictmap .
#   docker run -p 8501:8501 -v conflictmap-data:/data conflictmap                # SQLite in /data
#   docker run -p 8501:8501 -e DATABASE_URL=postgresql://user:pass@db/conflictmap \
#              -e CONFLICTMAP_PUBLIC_BASE_URL=https://maps.example.org conflictmap
#
# Checked without a Docker engine by `python3 scripts/replay_dockerfile.py` (as root): it replays
# these instructions in a Debian bookworm chroot and starts the CMD (see README, Deployment).
FROM python:3.11-slim-bookworm

# npm fetches the map's JavaScript and the boundary packages during the build (scripts/install.sh).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Requirements first: the dependency layer is reused while only the code changes.
COPY requirements.txt ./
RUN python3.11 -m venv .venv \
    && .venv/bin/pip install --no-cache-dir -r requirements.txt \
    && sha256sum requirements.txt | cut -d' ' -f1 > .venv/.requirements.sha256
COPY . .
# npm pack's cache (~110 MB) is of no use in the image; removed in the same layer.
RUN bash scripts/install.sh \
    && rm -rf /root/.npm

# A deployment: maps open through their share links; the database lives outside the image.
ENV CONFLICTMAP_WORKSPACE=shared \
    DATABASE_URL=sqlite:////data/conflictmap.sqlite
VOLUME /data
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s \
    CMD .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD [".venv/bin/streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", \
     "--server.headless=true"]
