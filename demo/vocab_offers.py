"""The region's education providers (campuses, trades) and AMU-style courses.

Plain data (see :mod:`demo.offers`, which draws from it). Nothing here is random.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    """An education provider of the region: its campuses (postal code, kommunekode) and trades."""

    name: str
    campuses: tuple[tuple[str, str], ...]
    trades: tuple[str, ...]


PROVIDERS: tuple[Provider, ...] = (
    Provider(
        "AARHUS TECH",
        (("8260", "751"), ("8200", "751")),
        ("industri", "bygge", "transport", "foedevarer", "it"),
    ),
    Provider(
        "Mercantec", (("8800", "791"),), ("industri", "bygge", "transport", "foedevarer", "it", "kontor")
    ),
    Provider("Tradium", (("8900", "730"),), ("industri", "bygge", "transport", "it", "kontor")),
    Provider(
        "Learnmark Horsens", (("8700", "615"),), ("industri", "bygge", "transport", "foedevarer", "kontor")
    ),
    Provider(
        "Herningsholm Erhvervsskole", (("7400", "657"),), ("industri", "bygge", "transport", "foedevarer")
    ),
    Provider("Skive College", (("7800", "779"),), ("industri", "bygge", "foedevarer", "kontor")),
    Provider(
        "UddannelsesCenter Ringkøbing Skjern",
        (("6950", "760"), ("6900", "760")),
        ("industri", "bygge", "transport", "kontor"),
    ),
    Provider(
        "Erhvervsskolen Nordvestjylland",
        (("7500", "661"), ("7600", "671"), ("7620", "665")),
        ("industri", "bygge", "transport", "kontor"),
    ),
    Provider("Viden Djurs", (("8500", "707"),), ("industri", "bygge", "foedevarer", "kontor")),
    Provider("Jordbrugets UddannelsesCenter Århus", (("8330", "751"),), ("transport",)),
    Provider("Social- og Sundhedsskolen Midt", (("8800", "791"), ("8600", "740")), ("omsorg",)),
    Provider("SOSU Østjylland", (("8000", "751"), ("8900", "730")), ("omsorg",)),
    Provider("Aarhus Business College", (("8000", "751"),), ("kontor", "it")),
    Provider(
        "VIA University College",
        (("8200", "751"), ("8700", "615"), ("7400", "657"), ("8800", "791")),
        ("omsorg", "it", "kontor"),
    ),
)


@dataclass(frozen=True)
class Course:
    """An AMU-style course (or an EUD / other programme) that teaches some skills."""

    title: str
    code: str
    """An illustrative 5-digit number in the AMU style (not an official AMU number); empty for EUD/other."""
    kind: str
    days: int
    trade: str
    skills: tuple[str, ...]


COURSES: tuple[Course, ...] = (
    # industry
    Course("Svejsning af tyndplader – MAG", "40211", "AMU", 5, "industri", ("migmag",)),
    Course("MIG/MAG-svejsning af stumpsømme, plade", "40212", "AMU", 10, "industri", ("migmag", "tegning")),
    Course("TIG-svejsning af rustfrit stål", "40225", "AMU", 5, "industri", ("tig",)),
    Course("CNC-drejning, grundlæggende", "44310", "AMU", 5, "industri", ("cnc_drej", "cnc_prog")),
    Course("CNC-fræsning, programmering", "44318", "AMU", 5, "industri", ("cnc_fraes", "cnc_prog")),
    Course("Tegningslæsning for metalarbejdere", "44102", "AMU", 3, "industri", ("tegning",)),
    Course("Hydraulik, grundlæggende", "44520", "AMU", 5, "industri", ("hydraulik",)),
    Course("PLC – grundlæggende programmering", "44612", "AMU", 5, "industri", ("plc",)),
    Course("Måleteknik og kontrolmåling", "44133", "AMU", 3, "industri", ("maaleteknik", "kvalitet")),
    Course("Kranførerbevis, kategori B", "47140", "AMU", 10, "industri", ("kran",)),
    Course("Lean i produktionen", "45301", "AMU", 2, "industri", ("lean",)),
    Course("Forebyggende vedligehold af maskiner", "44540", "AMU", 5, "industri", ("vedligehold",)),
    Course("Procesoperatør – styring af anlæg", "45210", "AMU", 5, "industri", ("procesoperatoer",)),
    Course(
        "Industritekniker, voksenlærling", "", "EUD", 180, "industri", ("cnc_prog", "tegning", "maaleteknik")
    ),
    Course("Smed, EUD for voksne", "", "EUD", 160, "industri", ("migmag", "tig", "tegning")),
    # construction
    Course("Opstilling af systemstillads", "47310", "AMU", 3, "bygge", ("stillads",)),
    Course("Arbejdsmiljø og sikkerhed på byggepladsen", "47301", "AMU", 2, "bygge", ("byggesikkerhed",)),
    Course("Flisemontage på vægge og gulve", "47420", "AMU", 5, "bygge", ("fliser",)),
    Course("Energirenovering af klimaskærmen", "47520", "AMU", 3, "bygge", ("energireno",)),
    Course("Liftkursus og teleskoplæsser", "47601", "AMU", 3, "bygge", ("lift",)),
    Course("Gravemaskine – grundlæggende betjening", "47620", "AMU", 10, "bygge", ("gravemaskine",)),
    Course("Elsikkerhed – L-AUS", "48110", "AMU", 2, "bygge", ("elsikkerhed",)),
    Course("Tagdækning med tagpap", "47440", "AMU", 5, "bygge", ("tag",)),
    Course("Varmepumper – installation og service", "48220", "AMU", 5, "bygge", ("vvs", "energireno")),
    Course("Forskalling og betonstøbning", "47460", "AMU", 5, "bygge", ("beton",)),
    Course("Tømrer, voksenlærling", "", "EUD", 200, "bygge", ("toemrer", "stillads")),
    Course("Murer, EUD for voksne", "", "EUD", 180, "bygge", ("murer", "fliser")),
    # transport and logistics
    Course("Truckcertifikat B", "47592", "AMU", 5, "transport", ("truck",)),
    Course("Kørekort til lastbil, kategori C/CE", "47801", "AMU", 20, "transport", ("korekort_ce",)),
    Course(
        "EU-efteruddannelse for chauffører", "47810", "AMU", 5, "transport", ("eu_efterudd", "fartskriver")
    ),
    Course("ADR – grundkursus, farligt gods", "47820", "AMU", 3, "transport", ("adr",)),
    Course("Lagerstyring og lagerdrift", "47710", "AMU", 5, "transport", ("lagerstyring", "sap")),
    Course("Pluk og pak med håndterminaler", "47720", "AMU", 2, "transport", ("pluk",)),
    Course("Transportplanlægning og disponering", "47730", "AMU", 5, "transport", ("ruteplan",)),
    Course("Godshåndtering og varemodtagelse", "47740", "AMU", 3, "transport", ("godshaandtering",)),
    Course("Kørekort til bus, kategori D", "47830", "AMU", 20, "transport", ("korekort_d",)),
    # food
    Course("Hygiejne i fødevarevirksomheder", "48910", "AMU", 1, "foedevarer", ("hygiejne",)),
    Course("Udbening og opskæring af svin", "48920", "AMU", 10, "foedevarer", ("udbening",)),
    Course("Egenkontrol og HACCP i fødevareproduktion", "48930", "AMU", 2, "foedevarer", ("haccp",)),
    Course(
        "Betjening af pakkemaskiner i fødevareindustrien", "48940", "AMU", 3, "foedevarer", ("pakkemaskine",)
    ),
    Course(
        "Rengøring og desinfektion af produktionsudstyr", "48950", "AMU", 2, "foedevarer", ("rengoering",)
    ),
    Course("Industribagning, grundlæggende", "48960", "AMU", 5, "foedevarer", ("bagning",)),
    Course(
        "Mejeriproduktion – proces og kvalitet",
        "48970",
        "AMU",
        5,
        "foedevarer",
        ("mejeri", "procesoperatoer"),
    ),
    Course("Madlavning i storkøkken", "48980", "AMU", 5, "foedevarer", ("storkoekken",)),
    # care
    Course("Personlig hygiejne og smitteforebyggelse", "40140", "AMU", 2, "omsorg", ("hygiejne_smitte",)),
    Course("Forflytning og ergonomi i plejen", "40150", "AMU", 2, "omsorg", ("forflytning",)),
    Course("Medicinhåndtering for social- og sundhedspersonale", "40160", "AMU", 3, "omsorg", ("medicin",)),
    Course("Demens – viden og omsorg", "40170", "AMU", 5, "omsorg", ("demens",)),
    Course("Dokumentation med Fælles Sprog III", "40180", "AMU", 2, "omsorg", ("dokumentation",)),
    Course("Rehabilitering i hverdagen", "40190", "AMU", 3, "omsorg", ("rehab",)),
    Course("Palliativ indsats – lindrende pleje", "40195", "AMU", 3, "omsorg", ("palliation",)),
    Course("Førstehjælp på arbejdspladsen", "40010", "AMU", 1, "omsorg", ("foerstehjaelp",)),
    Course(
        "Social- og sundhedshjælper, EUD for voksne",
        "",
        "EUD",
        200,
        "omsorg",
        ("personlig_pleje", "forflytning", "hygiejne_smitte"),
    ),
    Course(
        "Social- og sundhedsassistent, EUD for voksne",
        "",
        "EUD",
        300,
        "omsorg",
        ("medicin", "personlig_pleje", "dokumentation"),
    ),
    Course("Diplommodul: Klinisk sygepleje", "", "other", 20, "omsorg", ("sygepleje", "palliation")),
    # IT
    Course("Python – programmering for begyndere", "", "other", 5, "it", ("python",)),
    Course("IT-sikkerhed for medarbejdere", "45610", "AMU", 2, "it", ("itsikkerhed",)),
    Course("Netværksadministration, grundlæggende", "45620", "AMU", 5, "it", ("netvaerk",)),
    Course("Microsoft 365 – administration", "45630", "AMU", 3, "it", ("m365",)),
    Course("Cloud-grundlag med Microsoft Azure", "", "other", 3, "it", ("cloud",)),
    Course("Agil projektledelse med Scrum", "", "other", 2, "it", ("agil",)),
    Course("SQL – databaser og forespørgsler", "", "other", 3, "it", ("sql",)),
    Course("IT-support – brugersupport og fejlfinding", "45640", "AMU", 5, "it", ("itsupport",)),
    Course("JavaScript og webudvikling", "", "other", 5, "it", ("javascript",)),
    # office
    Course("Bogføring – grundlæggende", "45810", "AMU", 3, "kontor", ("bogfoering",)),
    Course("Regneark – Excel for øvede", "45820", "AMU", 2, "kontor", ("excel",)),
    Course("Løn og personaleadministration", "45830", "AMU", 3, "kontor", ("loen",)),
    Course("Debitor- og kreditorstyring", "45840", "AMU", 3, "kontor", ("debitor", "kreditor")),
    Course("Moms og afgifter i praksis", "45850", "AMU", 2, "kontor", ("moms",)),
    Course("Kundeservice og kommunikation", "45860", "AMU", 2, "kontor", ("kundeservice",)),
    Course(
        "Digital dokumenthåndtering og journalisering", "45870", "AMU", 2, "kontor", ("dokumenthaandtering",)
    ),
    Course("e-conomic – bogføring i praksis", "45880", "AMU", 2, "kontor", ("economic", "bogfoering")),
    Course("Engelsk på arbejdspladsen", "45890", "AMU", 5, "kontor", ("engelsk",)),
    Course("Salg og kundepleje (B2B)", "45900", "AMU", 3, "kontor", ("salg",)),
)
