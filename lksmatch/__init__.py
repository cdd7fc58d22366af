"""lksmatch: match local companies' competence needs with job seekers and education offers."""

__version__ = "0.1.0"
