"""Fetch the raw webcam frames and prepare them for training."""

from pathlib import Path

CLASSES = ("clear", "haze", "fog")


def frames(folder: Path) -> list[Path]:
    """The frames of ``folder``, in a fixed order."""
    return sorted(p for p in folder.glob("*/*") if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
