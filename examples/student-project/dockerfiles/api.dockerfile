FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-install-project
COPY src src
RUN uv sync --frozen
CMD ["sh", "-c", "uv run uvicorn quaywatch.api:app --host 0.0.0.0 --port ${PORT:-8080}"]
