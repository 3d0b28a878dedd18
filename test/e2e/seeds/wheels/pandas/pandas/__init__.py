"""STAND-IN for pandas (flyimgc e2e test wheel, no PyPI here): a marker, not pandas."""
import numpy

__version__ = "2.1.4+standin"
STANDIN = True
