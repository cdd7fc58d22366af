"""How the demo writes skills: as people write them, not as the thesaurus does.

Needs and job seekers list skill *concepts* (the keys of
:data:`demo.vocab_skills.SKILLS`), and each is written as people write it
(:func:`skill_wordings`, shares :data:`NEED_SKILL_MIX` / :data:`SEEKER_SKILL_MIX`): a
wording the skill thesaurus knows, a spelling variant of one (case, hyphen or space,
æ/ø/å typed as ae/oe/aa, a typo, a Danish ending: :func:`spelling_variant`), or a real
synonym that the thesaurus deliberately does not hold
(:data:`demo.vocab_skills.HELD_OUT_SKILLS`, 15 % of the needs' skills and 20 % of the
job seekers'). The generator never reads the thesaurus file; a test checks that its
usual wordings are in it and its held-out ones are not. So the skill matching on demo
data is not perfect by construction: it has to recover concepts from wordings it was
not told about.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from demo import vocab_skills

#: How the needs' skills are written (shares): the concept's usual wording, another wording
#: the thesaurus knows, a spelling variant of one (:func:`spelling_variant`), or a synonym the
#: thesaurus does not know (:data:`demo.vocab_skills.HELD_OUT_SKILLS`).
NEED_SKILL_MIX: dict[str, float] = {"usual": 0.45, "thesaurus": 0.2, "variant": 0.2, "held_out": 0.15}
#: The same for the job seekers (more varied than the needs, as in CVs).
SEEKER_SKILL_MIX: dict[str, float] = {"usual": 0.2, "thesaurus": 0.35, "variant": 0.25, "held_out": 0.2}
#: The kinds of spelling variant :func:`spelling_variant` makes.
VARIANT_KINDS = ("case", "separator", "letters", "typo", "ending")
_MIX_KINDS = ("usual", "thesaurus", "variant", "held_out")
_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
_SEPARATORS = (("-", " "), ("-", ""), ("/", " "), (" (", "("))
#: Last words that already carry an ending (or look as if they did) get no other.
_INFLECTED = ("en", "et", "ne", "s")
#: A neighbouring key on a Danish keyboard, for typos.
_NEIGHBOURS = dict(zip("abcdefghijklmnopqrstuvwxyz", "snvfrghjoklknmpowtdribecux", strict=True))


def skill_wordings(
    keys: Sequence[str], rng: np.random.Generator, *, mix: dict[str, float]
) -> tuple[list[str], list[str]]:
    """A written form of each skill concept key, and what kind of wording it is.

    ``mix`` gives the shares of ``usual``, ``thesaurus``, ``variant`` and ``held_out``
    (see :data:`NEED_SKILL_MIX`). The kinds returned are ``thesaurus`` (a wording of
    :data:`demo.vocab_skills.SKILLS`, which the thesaurus knows; a fifth of them
    lower-cased or capitalised), ``variant:<how>`` (a spelling variant of one, ``how`` in
    :data:`VARIANT_KINDS`) and ``held_out`` (a synonym the thesaurus does not know, cased
    as the others). The same ``rng`` state gives the same wordings.
    """
    unknown = set(mix) - set(_MIX_KINDS)
    if unknown:
        raise ValueError(f"`mix` has the unknown kind(s) {sorted(unknown)}; allowed: {list(_MIX_KINDS)}")
    table = _wording_table()
    concept = np.array([table.index[k] for k in keys], dtype=np.int64)
    m = len(concept)
    p = np.array([mix.get(k, 0.0) for k in _MIX_KINDS], dtype=float)
    kind = rng.choice(len(_MIX_KINDS), size=m, p=p / p.sum())
    u, v, w, case = rng.random((4, m))
    n_usual, n_held = table.n_usual[concept], table.n_held[concept]
    held = (kind == 3) & (n_held > 0)
    variant = (kind == 2) | ((kind == 3) & ~held)
    pos = np.where(
        held,
        table.held_start[concept] + (u * n_held).astype(np.int64),
        table.usual_start[concept] + np.where(kind == 0, 0, (u * n_usual).astype(np.int64)),
    )
    cased = np.where(case < 0.2, table.capital[pos], table.verbatim[pos])
    texts = np.where(case < 0.1, table.lower[pos], cased)
    kinds = np.where(held, "held_out", "thesaurus").astype(object)
    for i in np.flatnonzero(variant):
        texts[i], how = spelling_variant(table.verbatim[pos[i]], v[i], w[i])
        kinds[i] = f"variant:{how}"
    return texts.tolist(), kinds.tolist()


@dataclass(frozen=True)
class _WordingTable:
    """Every wording of :data:`~demo.vocab_skills.SKILLS` and ``HELD_OUT_SKILLS`` as flat arrays."""

    index: dict[str, int]
    verbatim: np.ndarray
    lower: np.ndarray
    capital: np.ndarray
    usual_start: np.ndarray
    n_usual: np.ndarray
    held_start: np.ndarray
    n_held: np.ndarray


@functools.cache
def _wording_table() -> _WordingTable:
    words: list[str] = []
    starts: dict[str, list[int]] = {"usual": [], "held": []}
    counts: dict[str, list[int]] = {"usual": [], "held": []}
    skills, held_out = vocab_skills.SKILLS, vocab_skills.HELD_OUT_SKILLS
    for key in skills:
        for side, wordings in (("usual", skills[key]), ("held", held_out.get(key, ()))):
            starts[side].append(len(words))
            counts[side].append(len(wordings))
            words.extend(wordings)
    verbatim = np.array(words, dtype=object)
    return _WordingTable(
        index={k: i for i, k in enumerate(skills)},
        verbatim=verbatim,
        lower=np.array([t.lower() for t in words], dtype=object),
        capital=np.array([t[:1].upper() + t[1:] for t in words], dtype=object),
        usual_start=np.array(starts["usual"]),
        n_usual=np.array(counts["usual"]),
        held_start=np.array(starts["held"]),
        n_held=np.array(counts["held"]),
    )


def spelling_variant(text: str, u: float, v: float) -> tuple[str, str]:
    """A spelling variant of ``text`` that a careful reader sees as the same words, and its kind.

    ``u`` and ``v`` (uniform in [0, 1)) choose the kind among those that apply to the
    text and where it applies: ``case`` (lower, UPPER or Capitalised), ``separator`` (a
    hyphen as a space or dropped, ``/`` as a space, no space before a parenthesis),
    ``letters`` (æ/ø/å typed as ae/oe/aa), ``typo`` (one letter of the longest word of 5+
    letters dropped, doubled, swapped with the next or replaced by a keyboard neighbour)
    and ``ending`` (a Danish definite or plural ending on a last word of 4+ lower-case
    letters that has none yet).
    """
    options, cased, separators, longest, last = _variant_plan(text)
    if not options:
        return text, "none"
    how = options[int(u * len(options))]
    if how == "case":
        return cased[int(v * len(cased))], how
    if how == "separator":
        a, b = separators[int(v * len(separators))]
        return text.replace(a, b), how
    if how == "letters":
        return text.translate(_DANISH_LETTERS), how
    if how == "ending":
        endings: tuple[str, ...] = ("en", "er", "erne")
        if last.endswith("e"):
            endings = ("n", "r", "rne")
        elif last.endswith("er"):
            endings = ("ne",)
        return text + endings[int(v * len(endings))], how
    return text.replace(longest, _typo(longest, v), 1), how


@functools.cache
def _variant_plan(
    text: str,
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...], str, str]:
    """What :func:`spelling_variant` can do to ``text``: kinds, casings, separators, longest and last word."""
    words = text.split(" ")
    longest = max(words, key=lambda x: sum(ch.isalpha() for ch in x))
    last = words[-1]
    options: list[str] = []
    cased = tuple(c for c in (text.lower(), text.upper(), text[:1].upper() + text[1:].lower()) if c != text)
    if cased:
        options.append("case")
    separators = tuple((a, b) for a, b in _SEPARATORS if a in text)
    if separators:
        options.append("separator")
    if text != text.translate(_DANISH_LETTERS):
        options.append("letters")
    if sum(ch.isalpha() for ch in longest) >= 5:
        options.append("typo")
    if len(last) >= 4 and last.isalpha() and last.islower() and not last.endswith(_INFLECTED):
        options.append("ending")
    return tuple(options), cased, separators, longest, last


def _typo(word: str, v: float) -> str:
    """One slip of the finger inside ``word`` (never its first letter): ``v`` picks where and how."""
    slots = len(word) - 2  # positions 1 .. len-2
    scaled = v * 4 * slots
    how, i = int(scaled // slots), 1 + int(scaled % slots)
    ch = word[i]
    if how == 1:
        return word[:i] + ch + word[i:]
    if how == 2 and word[i + 1] != ch:
        return word[:i] + word[i + 1] + ch + word[i + 2 :]
    if how == 3 and ch.lower() in _NEIGHBOURS:
        near = _NEIGHBOURS[ch.lower()]
        return word[:i] + (near.upper() if ch.isupper() else near) + word[i + 1 :]
    return word[:i] + word[i + 1 :]
