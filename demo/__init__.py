"""The demo-region generator, used by the ``demo`` and ``demo-data`` commands only.

It is pure: it takes reference frames (the national boundary files, ESCO occupations
and their Danish labels) and returns frames (the six import files of PRODUCT.md, as
text), and it never opens a file or a database. The same ``seed``, ``scale`` and
``today`` always give identical frames.

Modules: :mod:`demo.generate` (:func:`generate_demo`, the import columns and sizes),
:mod:`demo.places`, :mod:`demo.occupations`, :mod:`demo.wordings` (how skills are
written), :mod:`demo.companies`, :mod:`demo.needs`, :mod:`demo.jobseekers`,
:mod:`demo.offers`, :mod:`demo.outcomes` (the generating model), :mod:`demo.visits`
(visits and the needs found on them), :mod:`demo.common` (small shared helpers), and the
plain vocabularies ``demo.vocab_*`` (places, companies, occupations, skills, offers,
visits). It may import :mod:`lksmatch.errors`, :mod:`lksmatch.config`, :mod:`geo`,
:mod:`matching`, :mod:`stats` and :mod:`store.models`, nothing else of the product.
"""

from demo.generate import BASE_SIZES, COLUMNS, demo_sizes, generate_demo
from demo.needs import OUTCOMES_PER_NEED
from demo.vocab_occupations import EDUCATION_LEVELS
from demo.vocab_places import POPULATION_2024
from demo.vocab_skills import HELD_OUT_SKILLS, SKILLS
from demo.wordings import NEED_SKILL_MIX, SEEKER_SKILL_MIX, VARIANT_KINDS, skill_wordings, spelling_variant

__all__ = [
    "BASE_SIZES",
    "COLUMNS",
    "EDUCATION_LEVELS",
    "HELD_OUT_SKILLS",
    "NEED_SKILL_MIX",
    "OUTCOMES_PER_NEED",
    "POPULATION_2024",
    "SEEKER_SKILL_MIX",
    "SKILLS",
    "VARIANT_KINDS",
    "demo_sizes",
    "generate_demo",
    "skill_wordings",
    "spelling_variant",
]
