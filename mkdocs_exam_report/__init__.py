"""Check the DTU 02476 MLOps exam report like the course's checker does, and more: as a MkDocs
plugin (``exam-report``) and as a command line (``exam-report check``)."""

__version__ = "0.1.0"
