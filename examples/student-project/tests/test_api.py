from fastapi.testclient import TestClient

from quaywatch.api import app

client = TestClient(app)


def test_health():
    assert client.get("/health").json() == {"status": "ok"}
