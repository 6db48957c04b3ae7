FROM ghcr.io/astral-sh/uv:python3.12-bookworm-slim
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-install-project
COPY src src
COPY configs configs
RUN uv sync --frozen
ENTRYPOINT ["uv", "run", "python", "-m", "quaywatch.train"]
