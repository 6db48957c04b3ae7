"""quaywatch: visibility classes of harbour webcam frames (an example project)."""
