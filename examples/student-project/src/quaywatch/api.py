"""The inference API that Cloud Run serves."""

from fastapi import FastAPI, UploadFile
from prometheus_client import Counter, make_asgi_app

app = FastAPI(title="quaywatch")
app.mount("/metrics", make_asgi_app())
PREDICTIONS = Counter("quaywatch_predictions", "Frames classified")


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}


@app.post("/predict")
async def predict(file: UploadFile) -> dict:
    PREDICTIONS.inc()
    return {"file": file.filename, "visibility": "clear"}
