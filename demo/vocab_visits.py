"""What the LKS teams' visits to companies are about and what their notes say.

Plain data (see :mod:`demo.visits`, which draws from it): the systems' shares of the
visits, the topics and which systems and trades raise them, and the sentences notes are
made of. Notes are about the company, never about a person, and hold no number longer
than a digit or two. Nothing here is random.
"""

from __future__ import annotations

#: Who took part in a visit (in ``SYSTEMS`` order) and how often: about half the visits
#: are made by one system (mostly the business service), half are *sambesøg*, a fifth of
#: all with all three.
SYSTEM_MIX: tuple[tuple[str, float], ...] = (
    ("erhvervsservice", 0.30),
    ("jobcenter", 0.15),
    ("uddannelse", 0.05),
    ("jobcenter;erhvervsservice", 0.17),
    ("erhvervsservice;uddannelse", 0.08),
    ("jobcenter;uddannelse", 0.05),
    ("jobcenter;erhvervsservice;uddannelse", 0.20),
)
#: How a visit was made, for a company's first visit and for a later one.
KINDS: tuple[str, ...] = ("fysisk", "virtuelt", "telefon")
KIND_FIRST: tuple[float, ...] = (0.85, 0.10, 0.05)
KIND_LATER: tuple[float, ...] = (0.55, 0.25, 0.20)

TOPICS: tuple[str, ...] = (
    "rekruttering",
    "opkvalificering",
    "vækstplan",
    "fastholdelse",
    "lærlinge",
    "grøn omstilling",
    "automatisering",
    "digitalisering",
    "generationsskifte",
    "eksport",
    "praktikplads",
    "løntilskud",
    "efteruddannelse",
)
#: Topics each system brings to a visit (weights added to a base of 0.3 for every topic).
SYSTEM_TOPICS: dict[str, dict[str, float]] = {
    "jobcenter": {"rekruttering": 3.0, "fastholdelse": 1.5, "løntilskud": 1.2, "praktikplads": 0.6},
    "erhvervsservice": {
        "vækstplan": 2.5,
        "grøn omstilling": 1.2,
        "automatisering": 1.0,
        "digitalisering": 1.0,
        "generationsskifte": 0.7,
        "eksport": 0.8,
    },
    "uddannelse": {"opkvalificering": 2.5, "lærlinge": 2.0, "efteruddannelse": 1.5, "praktikplads": 0.8},
}
#: Topics each trade raises more often (weights added to the systems').
TRADE_TOPICS: dict[str, dict[str, float]] = {
    "industri": {"automatisering": 1.5, "grøn omstilling": 0.8, "opkvalificering": 0.8},
    "bygge": {"lærlinge": 1.5, "grøn omstilling": 0.8, "rekruttering": 0.5},
    "transport": {"rekruttering": 1.0, "grøn omstilling": 1.0, "efteruddannelse": 0.6},
    "foedevarer": {"automatisering": 0.8, "fastholdelse": 0.8, "eksport": 0.6},
    "omsorg": {"rekruttering": 1.2, "fastholdelse": 1.2, "efteruddannelse": 0.6},
    "it": {"digitalisering": 1.5, "rekruttering": 0.8, "eksport": 0.4},
    "kontor": {"digitalisering": 1.2, "generationsskifte": 0.5},
}
#: The first sentence of a note, by how the visit was made.
OPENINGS: dict[str, tuple[str, ...]] = {
    "fysisk": (
        "Besøg på virksomheden med rundvisning.",
        "Møde med ledelsen på virksomheden.",
        "Rundvisning og snak om virksomhedens planer.",
        "Første møde hos virksomheden.",
    ),
    "virtuelt": (
        "Møde på Teams med ledelsen.",
        "Virtuelt møde om virksomhedens behov.",
    ),
    "telefon": (
        "Telefonmøde med virksomheden.",
        "Telefonmøde om virksomhedens behov.",
    ),
}
#: A sentence about each topic; ``{k}`` is a small number of people (2 to 6).
TOPIC_SENTENCES: dict[str, tuple[str, ...]] = {
    "rekruttering": (
        "Virksomheden mangler {k} faglærte og vil gerne se kandidater.",
        "Har svært ved at rekruttere og overvejer at ansætte ledige med kort opkvalificering.",
        "Forventer at ansætte {k} nye medarbejdere i løbet af det næste halve år.",
    ),
    "opkvalificering": (
        "Ønsker at opkvalificere {k} medarbejdere med AMU-kurser.",
        "Medarbejderne har brug for kurser i nye maskiner og it-systemer.",
    ),
    "vækstplan": (
        "Virksomheden har en vækstplan og vil udvide med en ny afdeling.",
        "Omsætningen er steget, og der er planer om at udvide produktionen.",
        "Interesseret i et forløb om vækstrettet kompetenceudvikling.",
    ),
    "fastholdelse": (
        "Fokus på at fastholde de ansatte; der er stor udskiftning i de faglærte stillinger.",
        "Vil gerne tale om fleksible løsninger for ansatte med nedsat arbejdsevne.",
    ),
    "lærlinge": (
        "Virksomheden vil gerne tage {k} lærlinge næste år.",
        "Har haft gode erfaringer med lærlinge og overvejer flere.",
    ),
    "grøn omstilling": (
        "Arbejder med grøn omstilling og energibesparelser i driften.",
        "Skal omstille vognparken til el og mangler viden om krav og kurser.",
    ),
    "automatisering": (
        "Har investeret i robotter og skal have medarbejdere med teknisk indsigt.",
        "Planlægger mere automatisering af produktionen.",
    ),
    "digitalisering": (
        "Vil digitalisere arbejdsgange og mangler it-kompetencer.",
        "Indfører nyt ERP-system og har brug for oplæring af personalet.",
    ),
    "generationsskifte": ("Ejerskifte er på vej, og virksomheden ønsker sparring om generationsskifte.",),
    "eksport": ("Overvejer eksport til Tyskland og Sverige.", "Vil gerne i gang med salg til nye markeder."),
    "praktikplads": ("Kan tilbyde praktikpladser til elever.", "Vil gerne godkendes som praktikvirksomhed."),
    "løntilskud": ("Åben for at ansætte ledige i løntilskud.", "Spurgte til reglerne for løntilskud."),
    "efteruddannelse": (
        "Ønsker en plan for efteruddannelse af personalet.",
        "Spurgte til kurser i arbejdsmiljø og certifikater.",
    ),
}
#: The last sentence of a note that has a follow-up date.
FOLLOW_UPS: tuple[str, ...] = (
    "Vi sender forslag til relevante kurser.",
    "Jobcentret sender profiler på relevante kandidater.",
    "Aftalt nyt møde efter opfølgningsdatoen.",
    "Erhvervsservice vender tilbage med forslag til sparringsforløb.",
    "Virksomheden vender tilbage, når budgettet er på plads.",
)
