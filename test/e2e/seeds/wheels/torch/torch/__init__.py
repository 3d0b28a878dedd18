"""STAND-IN for torch (flyimgc e2e test wheel, no PyPI here): a marker, not torch."""
__version__ = "2.1.2+standin"
STANDIN = True
