"""Safety shields: a code scanner, REST shields and the others the run config sets up, behind one seam."""

from .api import Safety, create_safety

__all__ = ["Safety", "create_safety"]
