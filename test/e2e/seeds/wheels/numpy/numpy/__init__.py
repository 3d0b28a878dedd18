"""STAND-IN for numpy (flyimgc e2e test wheel, no PyPI here): a marker, not numpy."""
__version__ = "1.26.4+standin"
STANDIN = True
