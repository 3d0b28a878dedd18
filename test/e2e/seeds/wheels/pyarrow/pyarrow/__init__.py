"""STAND-IN for pyarrow (flyimgc e2e test wheel, no PyPI here): a marker, not pyarrow."""
import numpy

__version__ = "14.0.1+standin"
STANDIN = True
