"""Skills as people write them: normalise, split, match fuzzily, weight rare skills more.

Skills are free text (``"svejsning (MIG/MAG)"``, ``"MIG-svejsning"``, ``"Truckkort"``,
``"truckcertifikat (B)"``). Two skills are the same *concept* when

1. both normalise to variants of one thesaurus entry (:data:`SKILL_THESAURUS`: Danish
   synonyms that share no spelling, e.g. ``Truckkort`` = ``truckcertifikat``,
   ``Busførerkort`` = ``kørekort D``); a text that is a near spelling of a thesaurus
   variant (compact edit ratio >= 92) counts as that variant; two *different* thesaurus
   concepts never match however alike they are spelled (``TIG-svejsning`` is not
   ``MIG-svejsning``); or
2. neither is in the thesaurus and they are alike as word bags (rapidfuzz
   ``token_sort_ratio`` >= ``threshold`` on the normalised words, or the edit ratio of the
   compact forms, or one's words (at least two) all appear in the other).

:class:`SkillMatcher` is fitted on a corpus of skill lists (the needs' and the job
seekers' ``skills`` cells): it learns the concepts of the corpus (unknown spellings are
grouped by rule 2) and an IDF weight per concept, so that a rare skill weighs more in
:attr:`SkillMatch.coverage` than one everybody has.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from matching import text as tx

#: Danish skill synonyms: concept key -> ways of writing it. Only words that a spelling
#: comparison cannot relate need to be here; case, hyphens, ``æøå`` and endings are handled
#: by :func:`normalise_skill`.
SKILL_THESAURUS: dict[str, tuple[str, ...]] = {
    "migmag": ("MIG/MAG-svejsning", "MIG-svejsning", "MAG-svejsning", "svejsning (MIG/MAG)", "CO2-svejsning"),
    "tig": ("TIG-svejsning", "svejsning (TIG)", "WIG-svejsning"),
    "cnc_prog": ("CNC-programmering", "programmering af CNC-maskiner", "CNC-programmør"),
    "cnc_drej": ("CNC-drejning", "drejning (CNC)", "CNC-drejer"),
    "cnc_fraes": ("CNC-fræsning", "fræsning (CNC)", "CNC-fræser"),
    "tegning": ("tegningslæsning", "læsning af tekniske tegninger", "tegningsforståelse"),
    "kvalitet": ("kvalitetskontrol", "kvalitetssikring", "QA/QC", "QA", "QC"),
    "hydraulik": ("hydraulik", "hydraulik og pneumatik", "hydrauliske systemer", "pneumatik"),
    "plc": ("PLC-programmering", "PLC (Siemens)", "PLC", "Siemens S7"),
    "vedligehold": (
        "vedligeholdelse af maskiner",
        "maskinvedligehold",
        "forebyggende vedligehold",
        "vedligeholdelse",
    ),
    "maaleteknik": ("måleteknik", "kontrolmåling", "måleteknik og kontrolmåling"),
    "kran": ("kranførercertifikat", "kranbevis", "kran-certifikat (B)", "kranfører"),
    "lean": ("Lean", "LEAN produktion", "lean i produktionen"),
    "montage": ("montage", "montagearbejde", "mekanisk montage"),
    "cad": ("CAD", "CAD (SolidWorks)", "SolidWorks", "3D-CAD", "AutoCAD", "Inventor"),
    "procesoperatoer": ("procesoperatør", "procesovervågning", "styring af produktionsanlæg"),
    "toemrer": ("tømrerarbejde", "tømrerfaglig erfaring", "tømrer- og snedkerarbejde", "tømrer"),
    "el_install": ("el-installation", "el-installationer", "elinstallation", "elinstallatør"),
    "elsikkerhed": ("elsikkerhed (L-AUS)", "L-AUS", "arbejde under spænding", "elsikkerhed"),
    "murer": ("murerarbejde", "murværk", "murer- og pudsearbejde", "murer"),
    "fliser": ("fliselægning", "flisearbejde", "fliser og klinker"),
    "stillads": ("stilladsopstilling", "stilladskursus", "opstilling af systemstillads", "stillads"),
    "tag": ("tagdækning", "tagarbejde", "tagdækning og tagrenovering"),
    "vvs": ("vvs-installation", "VVS", "vvs-arbejde", "VVS-montør"),
    "beton": ("betonarbejde", "beton og forskalling", "støbning af beton", "forskalling"),
    "maling": ("malerarbejde", "maling og spartling", "overfladebehandling", "maler"),
    "byggesikkerhed": ("sikkerhed på byggepladsen", "byggepladssikkerhed", "arbejdsmiljø på byggepladsen"),
    "gravemaskine": (
        "gravemaskine",
        "gravemaskinecertifikat",
        "betjening af gravemaskine",
        "gravemaskinefører",
    ),
    "lift": ("lift og teleskoplæsser", "liftcertifikat", "teleskoplæsser", "liftkursus"),
    "energireno": ("energirenovering", "energioptimering af bygninger", "efterisolering"),
    "truck": (
        "truckcertifikat",
        "truckkort",
        "truckcertifikat (B)",
        "gaffeltruckcertifikat",
        "truckcert.",
        "gaffeltruck",
        "truckførerbevis",
    ),
    "korekort_ce": ("kørekort C/CE", "kørekort C", "CE-kørekort", "kørekort kat. C+E", "lastbilkørekort"),
    "korekort_d": ("kørekort D", "busførerkort", "kørekort kat. D", "buskørekort"),
    "eu_efterudd": (
        "EU-efteruddannelse (chauffør)",
        "chaufføruddannelse (EU)",
        "kvalifikationsbevis",
        "chaufføruddannelse",
    ),
    "adr": ("ADR-bevis", "ADR", "farligt gods (ADR)", "farligt gods"),
    "lagerstyring": ("lagerstyring", "lagerstyringssystemer", "WMS", "lagerstyringssystem"),
    "pluk": ("pluk og pak", "ordreplukning", "plukning med håndterminal", "plukning"),
    "ruteplan": ("ruteplanlægning", "disponering", "ruteplanlægning og disponering", "disponent"),
    "godshaandtering": ("godshåndtering", "varemodtagelse", "godsmodtagelse"),
    "fartskriver": ("digital fartskriver", "fartskriver", "køre- og hviletidsregler"),
    "sap": ("SAP", "SAP (lager)", "SAP ERP"),
    "hygiejne": ("fødevarehygiejne", "hygiejnebevis", "hygiejne i fødevarevirksomheder", "hygiejnekursus"),
    "udbening": ("udbening og opskæring", "udbening", "opskæring af kød"),
    "slagtning": ("slagtning", "slagteriarbejde", "slagtelinje"),
    "pakkemaskine": ("pakkemaskiner", "betjening af pakkemaskiner", "pakkeri"),
    "haccp": ("egenkontrol (HACCP)", "HACCP", "egenkontrol"),
    "rengoering": ("rengøring af produktionsudstyr", "industriel rengøring", "CIP-rengøring"),
    "bagning": ("bagning", "industribagning", "bageri"),
    "mejeri": ("mejeriproduktion", "mejeri", "ostefremstilling"),
    "storkoekken": ("madlavning i storkøkken", "storkøkken", "produktionskøkken"),
    "personlig_pleje": ("personlig pleje", "personlig hygiejne og pleje", "pleje"),
    "forflytning": ("forflytning", "forflytningsteknik", "forflytninger"),
    "medicin": ("medicinhåndtering", "medicinadministration", "medicin-håndtering", "medicingivning"),
    "demens": ("demens", "demensomsorg", "demenskendskab"),
    "hygiejne_smitte": ("hygiejne og smitteforebyggelse", "smitteforebyggelse", "infektionshygiejne"),
    "dokumentation": ("dokumentation (FSIII)", "Fælles Sprog III", "FSIII", "dokumentation i omsorgssystem"),
    "rehab": ("rehabilitering", "rehabiliterende tilgang", "hverdagsrehabilitering"),
    "palliation": ("palliation", "palliativ pleje", "lindrende pleje"),
    "sygepleje": ("sygepleje", "klinisk sygepleje", "sygeplejefaglig vurdering"),
    "python": ("Python", "Python-programmering"),
    "java": ("Java", "Java-udvikling"),
    "csharp": ("C#/.NET", ".NET", "C#", "dotnet"),
    "javascript": ("JavaScript", "JS/TypeScript", "TypeScript", "JS"),
    "sql": ("SQL", "databaser (SQL)", "databaser"),
    "cloud": ("cloud (Azure)", "Azure", "Microsoft Azure"),
    "netvaerk": ("netværk", "netværksadministration", "netværk (Cisco)", "Cisco"),
    "itsikkerhed": ("IT-sikkerhed", "informationssikkerhed", "cybersikkerhed"),
    "itsupport": ("IT-support", "brugersupport", "helpdesk", "servicedesk"),
    "agil": ("agil udvikling", "Scrum", "agile metoder"),
    "m365": ("Microsoft 365", "Office 365", "M365-administration", "M365"),
    "bogfoering": ("bogføring", "bogholderi", "bogføring og afstemning"),
    "economic": ("e-conomic", "e-conomic (regnskabsprogram)"),
    "excel": ("Excel", "Microsoft Excel", "regneark (Excel)", "regneark"),
    "word": ("Word", "Microsoft Word", "tekstbehandling"),
    "loen": ("løn og personale", "lønadministration", "lønbehandling"),
    "debitor": ("debitorbogholderi", "fakturering", "fakturering og rykkere"),
    "kreditor": ("kreditorbogholderi", "kreditorer", "betalingsstyring"),
    "moms": ("momsafregning", "moms", "moms og afgifter"),
    "dokumenthaandtering": ("dokumenthåndtering", "journalisering", "arkivering"),
    "moede": ("mødeplanlægning", "kalenderstyring", "koordinering af møder"),
    "erp": ("Dynamics 365", "Navision", "Microsoft Dynamics"),
    "salg": ("salg", "B2B-salg", "kundepleje og salg"),
    "korekort_b": ("kørekort B", "kørekort (B)", "kørekort kat. B", "bilkørekort"),
    "engelsk": ("engelsk", "engelsk (mundtligt og skriftligt)", "engelsk på arbejdspladsen"),
    "kundeservice": ("kundeservice", "kundekontakt", "kundebetjening"),
    "foerstehjaelp": ("førstehjælp", "førstehjælpskursus", "hjerte-lunge-redning"),
}

#: Words that carry no meaning of their own in a skill ("kørekort kat. B").
_SKILL_STOPWORDS = tx.STOPWORDS | {"kat"}
_THESAURUS_CUTOFF = 92.0


@functools.lru_cache(maxsize=65536)
def normalise_skill(text: str) -> str:
    """The comparable form of one skill: folded, stop words dropped, each word stemmed.

    ``"Svejsning (MIG/MAG)"`` → ``"svejsning mig mag"``; ``"El-installationer"`` →
    ``"el installation"``; ``"Kørekort kat. B"`` → ``"koerekort b"``.
    """
    words = [w for w in tx.fold(text).split() if w not in _SKILL_STOPWORDS]
    return " ".join(tx.stem(w) for w in words)


def split_skills(cell: object) -> list[str]:
    """The skills of a ``;``-separated cell, stripped, empty parts and repeats dropped.

    ``None``, NaN and ``""`` give ``[]``.
    """
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return []
    out: list[str] = []
    for part in str(cell).split(";"):
        part = " ".join(part.split())
        if part and part not in out:
            out.append(part)
    return out


@dataclass(frozen=True)
class SkillMatch:
    """How a person's skills cover a need's skills (wording of each side kept)."""

    matched: list[tuple[str, str]]
    """(required skill, the person's skill that covers it), in the need's order."""
    missing: list[str]
    """Required skills the person lacks, in the need's wording and order."""
    coverage: float
    """IDF-weighted share of the required skills covered (1.0 when none are required)."""


def _similar(a: str, b: str, threshold: float) -> bool:
    """Rule 2 of the module docstring, for two normalised texts outside the thesaurus."""
    if not a or not b:
        return False
    if a == b or fuzz.token_sort_ratio(a, b) >= threshold:
        return True
    if fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")) >= threshold:
        return True
    wa, wb = set(a.split()), set(b.split())
    small, large = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return len(small) >= 2 and small <= large


class SkillMatcher:
    """Fuzzy skill matching with IDF weights learnt from a corpus of skill lists.

    Parameters
    ----------
    thesaurus
        Concept key -> written variants; default :data:`SKILL_THESAURUS`.
    threshold
        rapidfuzz similarity (0–100) at which two spellings outside the thesaurus count
        as one skill.

    Attributes
    ----------
    idf_ : dict of str to float
        Smoothed inverse document frequency of each concept of the corpus
        (``log((1 + n) / (1 + df)) + 1``); a concept never seen weighs as the rarest.
    n_documents_ : int
        Number of skill lists in the corpus.
    """

    def __init__(
        self, *, thesaurus: Mapping[str, Sequence[str]] | None = None, threshold: float = 90.0
    ) -> None:
        self.thesaurus = dict(SKILL_THESAURUS if thesaurus is None else thesaurus)
        self.threshold = threshold
        self._variant: dict[str, str] = {}
        for key, variants in self.thesaurus.items():
            for variant in (key, *variants):
                norm = normalise_skill(variant)
                self._variant.setdefault(norm, key)
                self._variant.setdefault(norm.replace(" ", ""), key)
        self._variant_keys = list(self._variant)
        self._concept: dict[str, str] = {}
        self._raw: dict[str, str] = {}
        self._unknown: list[str] = []
        self.idf_: dict[str, float] = {}
        self.n_documents_ = 0

    # --- concepts ---------------------------------------------------------------------------

    def concept(self, skill: str) -> str:
        """The concept id of one written skill (``t:<key>`` thesaurus, ``u:<text>`` other)."""
        found = self._raw.get(skill)
        if found is None:
            norm = normalise_skill(skill)
            found = self._concept.get(norm)
            if found is None:
                found = self._resolve(norm)
                self._concept[norm] = found
            self._raw[skill] = found
        return found

    def _resolve(self, norm: str) -> str:
        compact = norm.replace(" ", "")
        key = self._variant.get(norm) or self._variant.get(compact)
        if key is None and compact:
            best = process.extractOne(
                compact, self._variant_keys, scorer=fuzz.ratio, score_cutoff=_THESAURUS_CUTOFF
            )
            key = self._variant[best[0]] if best is not None else None
        if key is not None:
            return f"t:{key}"
        for other in self._unknown:
            if _similar(norm, other, self.threshold):
                return f"u:{other}"
        self._unknown.append(norm)
        return f"u:{norm}"

    def concepts(self, skills: Iterable[str]) -> list[str]:
        """The concept ids of a list of written skills (same order, repeats kept)."""
        return [self.concept(s) for s in skills]

    # --- fitting and weights ----------------------------------------------------------------

    def fit(self, corpus: Iterable[str | Sequence[str]]) -> SkillMatcher:
        """Learn the corpus' concepts and their IDF weights; ``corpus`` holds cells or lists."""
        df: Counter[str] = Counter()
        n = 0
        cache: dict[str, frozenset[str]] = {}
        for doc in corpus:
            if isinstance(doc, str) or doc is None or (isinstance(doc, float) and math.isnan(doc)):
                cell = "" if doc is None or isinstance(doc, float) else doc
                found = cache.get(cell)
                if found is None:
                    found = frozenset(self.concepts(split_skills(cell)))
                    cache[cell] = found
            else:
                found = frozenset(self.concepts(doc))
            df.update(found)
            n += 1
        self.n_documents_ = n
        self.idf_ = {c: math.log((1 + n) / (1 + k)) + 1.0 for c, k in df.items()}
        return self

    def weight(self, concept: str) -> float:
        """The IDF weight of a concept id (unseen: as rare as possible)."""
        found = self.idf_.get(concept)
        return found if found is not None else math.log(1 + self.n_documents_) + 1.0

    # --- matching ---------------------------------------------------------------------------

    def match(self, required: Sequence[str], have: Sequence[str]) -> SkillMatch:
        """Which of ``required`` the skills ``have`` cover, and the IDF-weighted coverage."""
        have_by_concept: dict[str, str] = {}
        for skill in have:
            have_by_concept.setdefault(self.concept(skill), skill)
        matched: list[tuple[str, str]] = []
        missing: list[str] = []
        total = covered = 0.0
        seen: set[str] = set()
        for skill in required:
            concept = self.concept(skill)
            if concept in seen:
                continue
            seen.add(concept)
            w = self.weight(concept)
            total += w
            if concept in have_by_concept:
                matched.append((skill, have_by_concept[concept]))
                covered += w
            else:
                missing.append(skill)
        return SkillMatch(matched, missing, covered / total if total else 1.0)

    def teaches(self, offer_skills: Sequence[str], missing: Sequence[str]) -> list[str]:
        """The skills of ``missing`` (their wording, their order) that an offer teaches."""
        taught = {self.concept(s) for s in offer_skills}
        return [s for s in missing if self.concept(s) in taught]

    # --- arrays for the feature builder -----------------------------------------------------

    def vocabulary(self) -> list[str]:
        """The fitted concept ids, sorted (the columns of :meth:`indicator`)."""
        return sorted(self.idf_)

    def indicator(self, cells: Sequence[object], vocabulary: Sequence[str]) -> np.ndarray:
        """A boolean (len(cells), len(vocabulary)) matrix: which concepts each cell lists.

        Concepts outside ``vocabulary`` are ignored.
        """
        column = {c: j for j, c in enumerate(vocabulary)}
        out = np.zeros((len(cells), len(vocabulary)), dtype=bool)
        cache: dict[str, list[int]] = {}
        for i, cell in enumerate(cells):
            key = "" if cell is None or isinstance(cell, float) else str(cell)
            cols = cache.get(key)
            if cols is None:
                cols = sorted({column[c] for c in self.concepts(split_skills(key)) if c in column})
                cache[key] = cols
            out[i, cols] = True
        return out
