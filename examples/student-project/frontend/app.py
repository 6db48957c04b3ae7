"""The Streamlit frontend: upload a frame, see its visibility class."""

import os

import requests
import streamlit as st

API = os.environ.get("QUAYWATCH_API", "http://localhost:8080")

frame = st.file_uploader("A webcam frame", type=["jpg", "jpeg", "png"])
if frame is not None:
    st.json(requests.post(f"{API}/predict", files={"file": frame}, timeout=30).json())
