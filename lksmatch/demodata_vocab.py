"""Danish vocabularies for the demo region (see :mod:`lksmatch.demodata`).

Everything here is plain data: populations, the region's trades, their occupations
(tied to ESCO / ISCO-08), skills (wordings the skill thesaurus knows, and synonyms it
deliberately does not know), company name parts, education providers and AMU-style
courses. Nothing here is random; the generator draws from it with a seeded generator.
"""

from __future__ import annotations

from dataclasses import dataclass

from store import models

#: Population of Region Midtjylland's 19 municipalities on 1 January 2024.
#: Source: Danmarks Statistik, Statistikbanken table FOLK1A ("Folketal den 1. i kvartalet
#: efter område, køn, alder og civilstand"), quarter 2024K1, total of both sexes and all ages.
#: Aarhus (367,095) is checked against published figures (361,544 on 1 January 2023 plus the
#: 5,551 growth of 2023). The other 18 are approximations to the nearest 100 that could not be
#: checked against Statistikbanken from this (offline) workplace; their sum, 1.36 million, is
#: consistent with the region's published total (1,320,678 in 2019, growing ~8,000 a year).
#: Only the proportions are used (how many companies and job seekers each municipality gets),
#: so an error of a few per cent changes the demo, not the product. Check them at
#: statistikbanken.dk/FOLK1A before using the demo for anything but a demonstration.
POPULATION_2024: dict[str, int] = {
    "751": 367_095,  # Aarhus
    "740": 100_400,  # Silkeborg
    "730": 100_200,  # Randers
    "615": 97_900,  # Horsens
    "791": 97_800,  # Viborg
    "657": 90_000,  # Herning
    "746": 64_000,  # Skanderborg
    "661": 59_000,  # Holstebro
    "760": 55_800,  # Ringkøbing-Skjern
    "710": 50_200,  # Favrskov
    "766": 47_300,  # Hedensted
    "779": 45_600,  # Skive
    "706": 43_300,  # Syddjurs
    "756": 41_800,  # Ikast-Brande
    "707": 36_900,  # Norddjurs
    "727": 23_400,  # Odder
    "671": 20_500,  # Struer
    "665": 19_200,  # Lemvig
    "741": 3_700,  # Samsø
}

#: The main towns' postal codes per municipality: a larger share of the companies and
#: people of a municipality live there than the area alone would give.
MAIN_TOWNS: dict[str, tuple[str, ...]] = {
    "615": ("8700",),
    "657": ("7400",),
    "661": ("7500",),
    "665": ("7620",),
    "671": ("7600",),
    "706": ("8400", "8410", "8543"),
    "707": ("8500",),
    "710": ("8370", "8382", "8450"),
    "727": ("8300",),
    "730": ("8900", "8920", "8930", "8940", "8960"),
    "740": ("8600",),
    "741": ("8305",),
    "746": ("8660", "8680", "8464"),
    "751": ("8000", "8200", "8210", "8220", "8230", "8240", "8260", "8270"),
    "756": ("7430", "7330"),
    "760": ("6950", "6900", "6880"),
    "766": ("8722", "7130", "7160"),
    "779": ("7800",),
    "791": ("8800", "8850"),
}

#: The contract's education levels, lowest first (the index is the level used internally).
EDUCATION_LEVELS: tuple[str, ...] = models.EDUCATION_LEVELS


@dataclass(frozen=True)
class Trade:
    """One of the region's trades: how common it is and what its companies are called."""

    key: str
    company_weight: float
    seeker_weight: float
    nouns: tuple[tuple[str, str], ...]
    """Company-name nouns, each with the DB07 industry code it implies."""
    central: bool
    """True for trades whose companies sit in town centres (offices), not on industrial estates."""
    growth_rate: float
    """Share of the trade's companies that are growth companies (vækstvirksomheder)."""


TRADES: tuple[Trade, ...] = (
    Trade(
        "industri",
        0.22,
        0.17,
        (
            ("Maskinfabrik", "282900"),
            ("Stål", "251100"),
            ("Staalindustri", "251100"),
            ("Metal", "256200"),
            ("Smedie", "251100"),
            ("Industri", "289900"),
            ("Plast", "222900"),
            ("CNC-Teknik", "256200"),
            ("Maskinværksted", "256200"),
            ("Landbrugsmaskiner", "283000"),
        ),
        False,
        0.3,
    ),
    Trade(
        "bygge",
        0.20,
        0.14,
        (
            ("Tømrer", "433200"),
            ("Byg", "412000"),
            ("Tømrer & Snedker", "433200"),
            ("El-Service", "432100"),
            ("El", "432100"),
            ("VVS", "432200"),
            ("Murerfirma", "412000"),
            ("Entreprise", "412000"),
            ("Malerfirma", "433400"),
            ("Anlæg", "431200"),
        ),
        False,
        0.2,
    ),
    Trade(
        "transport",
        0.12,
        0.15,
        (
            ("Transport", "494100"),
            ("Vognmandsforretning", "494100"),
            ("Logistik", "521000"),
            ("Fragt", "494100"),
            ("Spedition", "522900"),
            ("Lager & Logistik", "521000"),
            ("Distribution", "494100"),
        ),
        False,
        0.2,
    ),
    Trade(
        "foedevarer",
        0.10,
        0.10,
        (
            ("Slagteri", "101100"),
            ("Pølsefabrik", "101300"),
            ("Bageri", "107100"),
            ("Mejeri", "105100"),
            ("Fødevarer", "108900"),
            ("Kødindustri", "101300"),
            ("Storkøkken", "562900"),
        ),
        False,
        0.2,
    ),
    Trade(
        "omsorg",
        0.10,
        0.16,
        (
            ("Hjemmepleje", "881000"),
            ("Omsorg", "881000"),
            ("Plejeservice", "881000"),
            ("Sundhed & Omsorg", "869000"),
            ("Plejehjem", "873000"),
        ),
        True,
        0.15,
    ),
    Trade(
        "it",
        0.11,
        0.08,
        (
            ("IT", "620200"),
            ("Data", "631100"),
            ("Software", "620100"),
            ("Digital", "620100"),
            ("Systems", "620200"),
            ("IT-Partner", "620200"),
            ("Solutions", "620100"),
        ),
        True,
        0.45,
    ),
    Trade(
        "kontor",
        0.15,
        0.20,
        (
            ("Revision", "692000"),
            ("Regnskab", "692000"),
            ("Administration", "821100"),
            ("Bogføring", "692000"),
            ("Rådgivning", "702200"),
            ("Kontorservice", "821100"),
            ("Consult", "702200"),
            ("Handel", "469000"),
        ),
        True,
        0.2,
    ),
)

#: Where a company's needs fall outside its own trade (an office job in a factory…).
CROSS_TRADE_WEIGHTS: dict[str, float] = {"kontor": 0.5, "transport": 0.3, "it": 0.2}

#: Skill concepts: key -> wordings that the skill thesaurus (``store/data/skill_thesaurus.csv``)
#: knows, the first the usual one (a test checks that each is there). The demo writes them
#: verbatim, as spelling variants of them (case, hyphens, æ/ø/å typed as ae/oe/aa, typos,
#: endings: :func:`lksmatch.demodata.spelling_variant`) and, for a share of the skills, as a
#: synonym from :data:`HELD_OUT_SKILLS` that the thesaurus does not know.
SKILLS: dict[str, tuple[str, ...]] = {
    # industry
    "migmag": ("svejsning (MIG/MAG)", "MIG-svejsning", "MAG-svejsning", "MIG/MAG-svejsning"),
    "tig": ("TIG-svejsning", "svejsning (TIG)"),
    "cnc_prog": ("CNC-programmering", "programmering af CNC-maskiner", "CNC-programmør"),
    "cnc_drej": ("CNC-drejning", "drejning (CNC)"),
    "cnc_fraes": ("CNC-fræsning", "fræsning (CNC)"),
    "tegning": ("tegningslæsning", "læsning af tekniske tegninger", "Tegningsforståelse"),
    "kvalitet": ("kvalitetskontrol", "Kvalitetssikring", "QA/QC"),
    "hydraulik": ("hydraulik", "Hydraulik og pneumatik", "hydrauliske systemer"),
    "plc": ("PLC-programmering", "PLC (Siemens)"),
    "vedligehold": ("vedligeholdelse af maskiner", "Maskinvedligehold", "forebyggende vedligehold"),
    "maaleteknik": ("måleteknik", "Kontrolmåling", "måleteknik og kontrolmåling"),
    "kran": ("kranførercertifikat", "Kranbevis", "kran-certifikat (B)"),
    "lean": ("Lean", "LEAN produktion", "lean i produktionen"),
    "montage": ("montage", "Montagearbejde", "mekanisk montage"),
    "cad": ("CAD (SolidWorks)", "SolidWorks", "3D-CAD", "AutoCAD"),
    "procesoperatoer": ("procesoperatør", "Procesovervågning", "styring af produktionsanlæg"),
    # construction
    "toemrer": ("tømrerarbejde", "Tømrerfaglig erfaring", "tømrer- og snedkerarbejde"),
    "el_install": ("el-installation", "El-installationer", "elinstallation"),
    "elsikkerhed": ("elsikkerhed (L-AUS)", "L-AUS", "arbejde under spænding"),
    "murer": ("murerarbejde", "Murværk", "murer- og pudsearbejde"),
    "fliser": ("fliselægning", "Flisearbejde", "fliser og klinker"),
    "stillads": ("stilladsopstilling", "Stilladskursus", "opstilling af systemstillads"),
    "tag": ("tagdækning", "Tagarbejde", "tagdækning og tagrenovering"),
    "vvs": ("vvs-installation", "VVS", "vvs-arbejde"),
    "beton": ("betonarbejde", "Beton og forskalling", "støbning af beton"),
    "maling": ("malerarbejde", "Maling og spartling", "overfladebehandling"),
    "byggesikkerhed": ("sikkerhed på byggepladsen", "Byggepladssikkerhed", "arbejdsmiljø på byggepladsen"),
    "gravemaskine": ("gravemaskine", "Gravemaskinecertifikat", "betjening af gravemaskine"),
    "lift": ("lift og teleskoplæsser", "Liftcertifikat", "teleskoplæsser"),
    "energireno": ("energirenovering", "Energioptimering af bygninger", "efterisolering"),
    # transport
    "truck": ("truckcertifikat", "Truckkort", "truckcertifikat (B)", "gaffeltruckcertifikat", "truckcert."),
    "korekort_ce": ("kørekort C/CE", "Kørekort C", "CE-kørekort", "kørekort kat. C+E"),
    "korekort_d": ("kørekort D", "Busførerkort", "kørekort kat. D"),
    "eu_efterudd": ("EU-efteruddannelse (chauffør)", "Chaufføruddannelse (EU)", "kvalifikationsbevis"),
    "adr": ("ADR-bevis", "ADR", "farligt gods (ADR)"),
    "lagerstyring": ("lagerstyring", "Lagerstyringssystemer", "WMS"),
    "pluk": ("pluk og pak", "Ordreplukning", "plukning med håndterminal"),
    "ruteplan": ("ruteplanlægning", "Disponering", "ruteplanlægning og disponering"),
    "godshaandtering": ("godshåndtering", "Varemodtagelse", "godsmodtagelse"),
    "fartskriver": ("digital fartskriver", "Fartskriver", "køre- og hviletidsregler"),
    "sap": ("SAP", "SAP (lager)"),
    # food
    "hygiejne": ("fødevarehygiejne", "Hygiejnebevis", "hygiejne i fødevarevirksomheder", "Hygiejnekursus"),
    "udbening": ("udbening og opskæring", "Udbening", "opskæring af kød"),
    "slagtning": ("slagtning", "Slagteriarbejde", "slagtelinje"),
    "pakkemaskine": ("pakkemaskiner", "Betjening af pakkemaskiner", "pakkeri"),
    "haccp": ("egenkontrol (HACCP)", "HACCP", "egenkontrol"),
    "rengoering": ("rengøring af produktionsudstyr", "Industriel rengøring", "CIP-rengøring"),
    "bagning": ("bagning", "Industribagning", "bageri"),
    "mejeri": ("mejeriproduktion", "Mejeri", "ostefremstilling"),
    "storkoekken": ("madlavning i storkøkken", "Storkøkken", "produktionskøkken"),
    # care
    "personlig_pleje": ("personlig pleje", "Personlig hygiejne og pleje", "pleje"),
    "forflytning": ("forflytning", "Forflytningsteknik", "forflytninger"),
    "medicin": ("medicinhåndtering", "Medicinadministration", "medicin-håndtering"),
    "demens": ("demens", "Demensomsorg", "demenskendskab"),
    "hygiejne_smitte": ("hygiejne og smitteforebyggelse", "Smitteforebyggelse", "infektionshygiejne"),
    "dokumentation": ("dokumentation (FSIII)", "Fælles Sprog III", "dokumentation i omsorgssystem"),
    "rehab": ("rehabilitering", "Rehabiliterende tilgang", "hverdagsrehabilitering"),
    "palliation": ("palliation", "Palliativ pleje", "lindrende pleje"),
    "sygepleje": ("sygepleje", "Klinisk sygepleje", "sygeplejefaglig vurdering"),
    # IT
    "python": ("Python", "Python-programmering"),
    "java": ("Java", "Java-udvikling"),
    "csharp": ("C#/.NET", ".NET", "C#"),
    "javascript": ("JavaScript", "JS/TypeScript", "TypeScript"),
    "sql": ("SQL", "databaser (SQL)"),
    "cloud": ("cloud (Azure)", "Azure", "Microsoft Azure"),
    "netvaerk": ("netværk", "Netværksadministration", "netværk (Cisco)"),
    "itsikkerhed": ("IT-sikkerhed", "Informationssikkerhed", "cybersikkerhed"),
    "itsupport": ("IT-support", "Brugersupport", "helpdesk"),
    "agil": ("agil udvikling", "Scrum", "agile metoder"),
    "m365": ("Microsoft 365", "Office 365", "M365-administration"),
    # office
    "bogfoering": ("bogføring", "Bogholderi", "bogføring og afstemning"),
    "economic": ("e-conomic", "e-conomic (regnskabsprogram)"),
    "excel": ("Excel", "Microsoft Excel", "regneark (Excel)"),
    "word": ("Word", "Microsoft Word", "tekstbehandling"),
    "loen": ("løn og personale", "Lønadministration", "lønbehandling"),
    "debitor": ("debitorbogholderi", "Fakturering", "fakturering og rykkere"),
    "kreditor": ("kreditorbogholderi", "Kreditorer", "betalingsstyring"),
    "moms": ("momsafregning", "Moms", "moms og afgifter"),
    "dokumenthaandtering": ("dokumenthåndtering", "Journalisering", "arkivering"),
    "moede": ("mødeplanlægning", "Kalenderstyring", "koordinering af møder"),
    "erp": ("Dynamics 365", "Navision", "Microsoft Dynamics"),
    "salg": ("salg", "B2B-salg", "kundepleje og salg"),
    # general
    "korekort_b": ("kørekort B", "Kørekort (B)", "kørekort kat. B"),
    "engelsk": ("engelsk", "Engelsk (mundtligt og skriftligt)", "engelsk på arbejdspladsen"),
    "kundeservice": ("kundeservice", "Kundekontakt", "kundebetjening"),
    "foerstehjaelp": ("førstehjælp", "Førstehjælpskursus", "hjerte-lunge-redning"),
}

#: NOT IN THE THESAURUS, ON PURPOSE. Real Danish synonyms (and near-synonyms people write
#: in CVs and job ads) of the :data:`SKILLS` concepts that ``store/data/skill_thesaurus.csv``
#: deliberately does not hold. The demo writes a share of its skills this way, so that the
#: ranking benchmark measures how matching copes with wordings it was not told about, and
#: ``benchmarks/skills.py`` measures the fuzzy fallback on them. Some share words with a
#: thesaurus wording (``TIG-svejsecertifikat``), most do not (``argonsvejsning``). Never
#: copy them into the thesaurus: ``tests/test_demodata.py`` checks that none is there.
HELD_OUT_SKILLS: dict[str, tuple[str, ...]] = {
    # industry
    "migmag": ("halvautomatisk svejsning", "svejsecertifikat MIG/MAG"),
    "tig": ("argonsvejsning", "TIG-svejsecertifikat"),
    "cnc_prog": ("CAM-programmering", "Heidenhain-programmering"),
    "cnc_drej": ("CNC-drejebænk", "drejning på CNC-drejebænk"),
    "cnc_fraes": ("CNC-fræsemaskine", "5-akset fræsning"),
    "tegning": ("læse arbejdstegninger", "forståelse af måltegninger"),
    "kvalitet": ("kvalitetsinspektion", "ISO 9001"),
    "hydraulik": ("hydraulisk fejlfinding", "trykluftsystemer"),
    "plc": ("TIA Portal", "automatik og styringer"),
    "vedligehold": ("reparation af maskiner", "drift og vedligehold"),
    "maaleteknik": ("CMM-måling", "måling med skydelære og mikrometer"),
    "kran": ("mobilkran", "traverskran"),
    "lean": ("5S", "kontinuerlige forbedringer"),
    "montage": ("samlearbejde", "montering af komponenter"),
    "cad": ("Creo", "Siemens NX"),
    "procesoperatoer": ("anlægsoperatør", "operatør i procesindustrien"),
    # construction
    "toemrer": ("bygningstømrer", "træarbejde på byggeplads"),
    "el_install": ("elektrikerarbejde", "installation af el"),
    "elsikkerhed": ("elsikkerhedskursus", "sikkerhed ved elarbejde"),
    "murer": ("opmuring", "murerfaglig erfaring"),
    "fliser": ("klinkelægning", "vådrumsarbejde"),
    "stillads": ("stilladsmontør", "stilladsbygning"),
    "tag": ("tagpap", "tagdækker"),
    "vvs": ("blikkenslagerarbejde", "rørlægning"),
    "beton": ("betonstøbning", "armering"),
    "maling": ("bygningsmaling", "malerfagligt arbejde"),
    "byggesikkerhed": ("sikkerhedskursus for byggeriet", "arbejdsmiljøuddannelse (bygge)"),
    "gravemaskine": ("entreprenørmaskiner", "maskinfører i anlæg"),
    "lift": ("bomlift", "liftbevis"),
    "energireno": ("isoleringsarbejde", "energiforbedring af boliger"),
    # transport
    "truck": ("truckførercertifikat", "reachtruck"),
    "korekort_ce": ("stort kørekort", "kørekort til lastbil"),
    "korekort_d": ("kørekort til bus", "rutebilkørekort"),
    "eu_efterudd": ("EU-kompetencebevis", "chaufførens efteruddannelse"),
    "adr": ("ADR-certifikat", "transport af farligt gods"),
    "lagerstyring": ("lageradministration", "styring af lagerbeholdning"),
    "pluk": ("ordrepluk", "plukker"),
    "ruteplan": ("kørselsplanlægning", "transportplanlægning"),
    "godshaandtering": ("lagerarbejde", "ind- og udlevering af gods"),
    "fartskriver": ("tachograf", "køre-hviletid"),
    "sap": ("SAP EWM", "SAP S/4HANA"),
    # food
    "hygiejne": ("hygiejnecertifikat", "fødevaresikkerhed"),
    "udbening": ("udbener", "forarbejdning af kød"),
    "slagtning": ("slagteri", "slagtearbejde"),
    "pakkemaskine": ("emballering", "pakning"),
    "haccp": ("kritiske kontrolpunkter", "fødevaresikkerhedssystem"),
    "rengoering": ("produktionsrengøring", "rengøring i fødevareindustrien"),
    "bagning": ("brødproduktion", "bager"),
    "mejeri": ("mejerist", "osteproduktion"),
    "storkoekken": ("kantinedrift", "køkkenmedhjælp"),
    # care
    "personlig_pleje": ("hjemmepleje", "personlig omsorg"),
    "forflytning": ("brug af personløfter", "lift og forflytning"),
    "medicin": ("medicindispensering", "dosering af medicin"),
    "demens": ("Alzheimers", "omsorg for demente"),
    "hygiejne_smitte": ("infektionsforebyggelse", "smitteberedskab"),
    "dokumentation": ("journalføring", "Nexus"),
    "rehab": ("genoptræning", "træning i hverdagen"),
    "palliation": ("terminal pleje", "hospiceerfaring"),
    "sygepleje": ("patientpleje", "sygeplejefaglig erfaring"),
    # IT
    "python": ("Django", "Python 3"),
    "java": ("Spring Boot", "Java EE"),
    "csharp": ("ASP.NET", "Blazor"),
    "javascript": ("React", "Node.js"),
    "sql": ("PostgreSQL", "MS SQL Server"),
    "cloud": ("cloud computing", "Azure-administration"),
    "netvaerk": ("CCNA", "LAN/WAN"),
    "itsikkerhed": ("cyber security", "ISO 27001"),
    "itsupport": ("førstelinjesupport", "supporter"),
    "agil": ("kanban", "SAFe"),
    "m365": ("SharePoint", "Office-pakken"),
    # office
    "bogfoering": ("regnskab", "kontering"),
    "economic": ("Visma e-conomic", "regnskabsprogrammet e-conomic"),
    "excel": ("pivottabeller", "regnearksprogram"),
    "word": ("MS Word", "tekstbehandlingsprogram"),
    "loen": ("lønkørsel", "lønregnskab"),
    "debitor": ("debitorstyring", "udfakturering"),
    "kreditor": ("kreditorstyring", "leverandørbetalinger"),
    "moms": ("momsindberetning", "skat og moms"),
    "dokumenthaandtering": ("ESDH", "dokumentstyring"),
    "moede": ("kalenderplanlægning", "sekretærarbejde"),
    "erp": ("Business Central", "ERP-systemer"),
    "salg": ("salgsarbejde", "opsøgende salg"),
    # general
    "korekort_b": ("almindeligt kørekort", "personbilkørekort"),
    "engelsk": ("engelskkundskaber", "English"),
    "kundeservice": ("kundehåndtering", "telefonbetjening"),
    "foerstehjaelp": ("livreddende førstehjælp", "hjertestarter"),
}

#: Skills anyone may have, whatever their trade.
GENERAL_SKILLS: tuple[str, ...] = ("korekort_b", "engelsk", "kundeservice", "foerstehjaelp", "excel")


@dataclass(frozen=True)
class Occupation:
    """An occupation of the region's trade mix, tied to ESCO and ISCO-08."""

    key: str
    trade: str
    isco: str
    """ISCO-08 unit group (4 digits)."""
    esco: str | None
    """English preferred label of the ESCO v1.1.1 occupation; ``None`` = only the ISCO group."""
    da: tuple[str, ...]
    """Danish titles as people write them in job ads and CVs (beyond the ESCO labels)."""
    en: tuple[str, ...]
    skills: tuple[str, ...]
    """Skill-concept keys, the most characteristic first."""
    level: int
    """Typical education level (index into :data:`EDUCATION_LEVELS`)."""
    weight: float
    """Relative frequency within the trade."""


OCCUPATIONS: tuple[Occupation, ...] = (
    # industry and manufacturing
    Occupation(
        "cnc",
        "industri",
        "7223",
        "computer numerical control machine operator",
        ("CNC-operatør", "cnc operatør", "CNC-tekniker", "CNC-drejer"),
        ("CNC operator", "CNC machinist"),
        ("cnc_prog", "cnc_drej", "cnc_fraes", "tegning", "maaleteknik", "kvalitet"),
        2,
        3.0,
    ),
    Occupation(
        "welder",
        "industri",
        "7212",
        "welder",
        ("Svejser (MIG/MAG)", "MIG/MAG-svejser", "smed/svejser"),
        ("welder", "MIG/MAG welder"),
        ("migmag", "tig", "tegning", "kran", "kvalitet"),
        2,
        3.0,
    ),
    Occupation(
        "ind_mechanic",
        "industri",
        "7233",
        "industrial machinery mechanic",
        ("Industrimekaniker", "industri mekaniker", "maskinmontør"),
        ("industrial mechanic", "maintenance mechanic"),
        ("vedligehold", "hydraulik", "plc", "tegning", "montage"),
        2,
        3.0,
    ),
    Occupation(
        "smith",
        "industri",
        "7213",
        "container equipment assembler",
        ("smed", "klejnsmed", "pladesmed", "konstruktionssmed"),
        ("steel fabricator", "sheet metal worker"),
        ("migmag", "tegning", "kran", "montage"),
        2,
        2.0,
    ),
    Occupation(
        "assembler",
        "industri",
        "8211",
        "industrial machinery assembler",
        ("Montør", "montør til produktion", "mekanisk montør"),
        ("assembly worker", "machine assembler"),
        ("montage", "tegning", "lean", "kvalitet"),
        0,
        2.0,
    ),
    Occupation(
        "plastics",
        "industri",
        "8142",
        "injection moulding operator",
        ("Procesoperatør", "maskinoperatør (plast)", "plastoperatør"),
        ("process operator", "injection moulding operator"),
        ("procesoperatoer", "lean", "kvalitet", "vedligehold"),
        0,
        1.5,
    ),
    Occupation(
        "prod_tech",
        "industri",
        "3115",
        "production engineering technician",
        ("Produktionstekniker", "produktionsteknolog"),
        ("production technician",),
        ("plc", "lean", "kvalitet", "cad", "tegning"),
        3,
        1.0,
    ),
    Occupation(
        "ind_electrician",
        "industri",
        "7411",
        "industrial electrician",
        ("Automatiktekniker", "elektriker (industri)", "Industrielektriker"),
        ("industrial electrician",),
        ("el_install", "plc", "vedligehold", "elsikkerhed"),
        2,
        1.5,
    ),
    # construction
    Occupation(
        "carpenter",
        "bygge",
        "7115",
        "carpenter",
        ("Tømrer", "tømrersvend", "Tømrer/snedker"),
        ("carpenter", "joiner"),
        ("toemrer", "stillads", "byggesikkerhed", "tag", "energireno", "korekort_b"),
        2,
        4.0,
    ),
    Occupation(
        "electrician",
        "bygge",
        "7411",
        "electrician",
        ("El-installatør", "elektrikersvend", "Installationselektriker"),
        ("electrician",),
        ("el_install", "elsikkerhed", "byggesikkerhed", "korekort_b"),
        2,
        3.0,
    ),
    Occupation(
        "bricklayer",
        "bygge",
        "7112",
        "bricklayer",
        ("Murer", "murersvend", "Murer/flisemontør"),
        ("bricklayer", "mason"),
        ("murer", "fliser", "beton", "stillads", "byggesikkerhed"),
        2,
        2.5,
    ),
    Occupation(
        "plumber",
        "bygge",
        "7126",
        "plumber",
        ("VVS'er", "VVS-montør", "vvs montør"),
        ("plumber",),
        ("vvs", "byggesikkerhed", "energireno", "korekort_b"),
        2,
        2.0,
    ),
    Occupation(
        "painter",
        "bygge",
        "7131",
        "construction painter",
        ("Maler", "malersvend", "bygningsmaler"),
        ("painter", "decorator"),
        ("maling", "byggesikkerhed", "lift"),
        2,
        1.5,
    ),
    Occupation(
        "builder",
        "bygge",
        "9313",
        "building construction worker",
        ("Byggearbejder", "struktør", "arbejdsmand (byg)"),
        ("construction worker", "labourer"),
        ("beton", "byggesikkerhed", "stillads", "lift"),
        0,
        2.0,
    ),
    Occupation(
        "excavator",
        "bygge",
        "8342",
        "excavator operator",
        ("Maskinfører", "entreprenørmaskinfører", "gravemaskinefører"),
        ("excavator operator", "plant operator"),
        ("gravemaskine", "byggesikkerhed", "korekort_b", "korekort_ce"),
        2,
        1.5,
    ),
    # transport and logistics
    Occupation(
        "truck_driver",
        "transport",
        "8332",
        None,
        ("lastbilchauffør", "Chauffør (C/CE)", "vognmandschauffør", "chauffør"),
        ("truck driver", "HGV driver", "lorry driver"),
        ("korekort_ce", "eu_efterudd", "fartskriver", "adr", "godshaandtering"),
        2,
        4.0,
    ),
    Occupation(
        "warehouse",
        "transport",
        "9333",
        "warehouse worker",
        ("Lagermedarbejder", "lager- og logistikmedarbejder", "lagerarbejder"),
        ("warehouse worker", "warehouse operative"),
        ("truck", "pluk", "lagerstyring", "godshaandtering", "sap"),
        0,
        4.0,
    ),
    Occupation(
        "forklift",
        "transport",
        "8344",
        "forklift operator",
        ("Truckfører", "truckfører", "gaffeltruckfører"),
        ("forklift driver", "forklift operator"),
        ("truck", "godshaandtering", "pluk", "lagerstyring"),
        0,
        2.0,
    ),
    Occupation(
        "dispatcher",
        "transport",
        "4323",
        "freight transport dispatcher",
        ("Kørselsleder", "kørselsleder", "Disponent", "trafikleder (gods)"),
        ("dispatcher", "transport planner"),
        ("ruteplan", "kundeservice", "excel", "fartskriver", "sap"),
        2,
        1.5,
    ),
    Occupation(
        "delivery_driver",
        "transport",
        "8322",
        "car and van delivery driver",
        ("Varebilschauffør", "budchauffør", "chauffør (varebil)"),
        ("delivery driver", "van driver"),
        ("korekort_b", "kundeservice", "ruteplan", "godshaandtering"),
        0,
        1.5,
    ),
    Occupation(
        "bus_driver",
        "transport",
        "8331",
        "bus driver",
        ("Buschauffør", "buschauffør", "rutebuschauffør"),
        ("bus driver",),
        ("korekort_d", "eu_efterudd", "kundeservice", "foerstehjaelp"),
        2,
        1.0,
    ),
    # food
    Occupation(
        "meat_cutter",
        "foedevarer",
        "7511",
        "meat cutter",
        ("Slagter", "slagteriarbejder", "Udbener"),
        ("butcher", "meat cutter"),
        ("udbening", "slagtning", "hygiejne", "haccp"),
        2,
        3.0,
    ),
    Occupation(
        "slaughterer",
        "foedevarer",
        "7511",
        "slaughterer",
        ("Industrislagter", "slagteriarbejder"),
        ("slaughterer",),
        ("slagtning", "udbening", "hygiejne"),
        2,
        1.5,
    ),
    Occupation(
        "food_operator",
        "foedevarer",
        "8160",
        "food production operator",
        ("Produktionsmedarbejder (fødevarer)", "fødevareoperatør", "procesoperatør i fødevareindustrien"),
        ("food production operator", "production worker (food)"),
        ("hygiejne", "pakkemaskine", "procesoperatoer", "haccp", "rengoering", "lean"),
        0,
        4.0,
    ),
    Occupation(
        "dairy",
        "foedevarer",
        "8160",
        "dairy processing operator",
        ("Mejerist", "mejeriarbejder"),
        ("dairy operator",),
        ("mejeri", "hygiejne", "procesoperatoer", "rengoering", "haccp"),
        2,
        1.5,
    ),
    Occupation(
        "baker",
        "foedevarer",
        "7512",
        "baker",
        ("Bager", "industribager", "bagersvend"),
        ("baker",),
        ("bagning", "hygiejne", "haccp"),
        2,
        1.5,
    ),
    Occupation(
        "cook",
        "foedevarer",
        "5120",
        "industrial cook",
        ("Kok", "køkkenmedarbejder", "ernæringsassistent"),
        ("cook", "kitchen assistant"),
        ("storkoekken", "hygiejne", "haccp"),
        2,
        1.5,
    ),
    # care
    Occupation(
        "sosu_helper",
        "omsorg",
        "5322",
        "home care aide",
        ("SOSU-hjælper", "Social og sundhedshjælper", "social- og sundhedshjælper"),
        ("home care aide", "home carer"),
        (
            "personlig_pleje",
            "forflytning",
            "hygiejne_smitte",
            "demens",
            "dokumentation",
            "rehab",
            "korekort_b",
        ),
        2,
        5.0,
    ),
    Occupation(
        "sosu_assistant",
        "omsorg",
        "5321",
        "healthcare assistant",
        ("SOSU-assistent", "Social- og sundhedsassistent", "sosu assistent"),
        ("healthcare assistant",),
        (
            "medicin",
            "personlig_pleje",
            "forflytning",
            "hygiejne_smitte",
            "dokumentation",
            "palliation",
            "demens",
        ),
        2,
        4.0,
    ),
    Occupation(
        "nurse",
        "omsorg",
        "2221",
        "nurse responsible for general care",
        ("Sygeplejerske", "sygeplejerske (hjemmeplejen)", "autoriseret sygeplejerske"),
        ("nurse", "registered nurse"),
        ("sygepleje", "medicin", "dokumentation", "palliation", "hygiejne_smitte"),
        4,
        2.5,
    ),
    # IT
    Occupation(
        "developer",
        "it",
        "2512",
        "software developer",
        ("Softwareudvikler", "udvikler (.NET)", "Python-udvikler", "systemudvikler"),
        ("software developer", "software engineer", "backend developer"),
        ("python", "csharp", "java", "sql", "agil", "cloud", "javascript"),
        4,
        4.0,
    ),
    Occupation(
        "web_developer",
        "it",
        "2513",
        "web developer",
        ("Webudvikler", "frontend-udvikler"),
        ("web developer", "frontend developer"),
        ("javascript", "sql", "agil", "python"),
        4,
        2.0,
    ),
    Occupation(
        "it_support",
        "it",
        "3512",
        "ICT help desk agent",
        ("IT-supporter", "IT-supportmedarbejder", "Supporter", "helpdesk-medarbejder"),
        ("IT support", "helpdesk agent"),
        ("itsupport", "m365", "netvaerk", "itsikkerhed", "kundeservice"),
        3,
        3.0,
    ),
    Occupation(
        "sysadmin",
        "it",
        "2522",
        "ICT system administrator",
        ("Systemadministrator", "IT-driftstekniker", "driftsansvarlig IT"),
        ("system administrator", "sysadmin"),
        ("netvaerk", "itsikkerhed", "cloud", "m365"),
        3,
        2.0,
    ),
    # office
    Occupation(
        "bookkeeper",
        "kontor",
        "3313",
        "bookkeeper",
        ("Bogholder", "Regnskabsassistent", "bogholder (deltid)"),
        ("bookkeeper", "accounts assistant"),
        ("bogfoering", "economic", "excel", "moms", "debitor", "kreditor", "loen", "erp"),
        2,
        4.0,
    ),
    Occupation(
        "admin_assistant",
        "kontor",
        "3343",
        "administrative assistant",
        ("Kontorassistent", "administrativ medarbejder", "sekretær"),
        ("administrative assistant", "office assistant"),
        ("excel", "word", "dokumenthaandtering", "kundeservice", "moede", "m365"),
        2,
        4.0,
    ),
    Occupation(
        "office_clerk",
        "kontor",
        "4110",
        "office clerk",
        ("Kontorfuldmægtig", "kontormedarbejder", "kontorelev"),
        ("office clerk",),
        ("word", "excel", "dokumenthaandtering", "kundeservice", "debitor"),
        2,
        2.0,
    ),
    Occupation(
        "billing_clerk",
        "kontor",
        "4311",
        "billing clerk",
        ("Bogholderiassistent", "debitorbogholder"),
        ("billing clerk", "accounts receivable clerk"),
        ("debitor", "economic", "excel", "kreditor"),
        2,
        1.5,
    ),
    Occupation(
        "customer_service",
        "kontor",
        "4225",
        "customer service representative",
        ("Kundeservicemedarbejder", "kundekonsulent", "kundeservice"),
        ("customer service representative", "customer service agent"),
        ("kundeservice", "m365", "engelsk", "salg"),
        1,
        2.0,
    ),
    Occupation(
        "sales",
        "kontor",
        "3322",
        "commercial sales representative",
        ("Sælger", "salgskonsulent", "key account manager"),
        ("sales representative", "account manager"),
        ("salg", "kundeservice", "engelsk", "korekort_b"),
        2,
        1.5,
    ),
)

#: ESCO Danish alternative labels that name a different job than the concept (never used as titles).
DA_ALT_DENY: frozenset[str] = frozenset(
    {
        "driftsleder på lager",
        "gørtler",
        "undervandssvejser",
        "elmontør",
        "kontordame",
        "svejser",
        "konditor",
        "bagermester",
        "køkkenchef i storkøkken",
        "repræsentant",
        "sundhedsplejerske",
        "børnesundhedsplejerske",
    }
)

#: Title templates for a need (``{t}`` = the Danish title as written).
HIRE_TITLES: tuple[str, ...] = (
    "{t}",
    "{t}",
    "Erfaren {t}",
    "{t} søges",
    "{t} – fuldtid",
    "{t} til fast stilling",
    "{t} (vikariat)",
    "Voksenlærling som {t}",
)
UPSKILL_TITLES: tuple[str, ...] = (
    "Opkvalificering: {t}",
    "Efteruddannelse af medarbejdere – {t}",
    "Kompetenceløft, {t}",
    "{t} – nye kompetencer",
)

SURNAMES: tuple[str, ...] = (
    "Nielsen",
    "Jensen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Thomsen",
    "Christiansen",
    "Poulsen",
    "Johansen",
    "Møller",
    "Mortensen",
    "Knudsen",
    "Jakobsen",
    "Mikkelsen",
    "Frandsen",
    "Lund",
    "Holm",
    "Bach",
    "Dahl",
    "Skov",
    "Kjær",
    "Vestergaard",
    "Østergaard",
    "Nørgaard",
    "Bundgaard",
    "Bisgaard",
    "Damgaard",
    "Søgaard",
    "Overgaard",
    "Kirkegaard",
    "Lauridsen",
    "Iversen",
    "Bertelsen",
    "Thygesen",
    "Graversen",
    "Riis",
    "Brask",
    "Hedegaard",
)
REGION_WORDS: tuple[str, ...] = (
    "Vestjysk",
    "Midtjysk",
    "Østjysk",
    "Jysk",
    "Nordvestjysk",
    "Gudenå",
    "Limfjords",
    "Djurs",
    "Salling",
    "Hede",
    "Fjord",
    "Kyst",
    "Skov",
    "Søhøjlandets",
)
#: Company suffixes and their weights (most Danish SMEs are ApS).
COMPANY_FORMS: tuple[tuple[str, float], ...] = (
    (" ApS", 0.56),
    (" A/S", 0.18),
    (" I/S", 0.05),
    ("", 0.18),
    (" K/S", 0.015),
    (" P/S", 0.015),
)
INDUSTRIAL_STREETS: tuple[str, ...] = (
    "Industrivej",
    "Erhvervsvej",
    "Håndværkervej",
    "Fabriksvej",
    "Smedevej",
    "Værkstedsvej",
    "Transportvej",
    "Industriparken",
    "Mekanikervej",
    "Tømrervej",
    "Murervej",
    "Lagervej",
    "Logistikvej",
    "Blomstervej",
)
CENTRAL_STREETS: tuple[str, ...] = (
    "Vestergade",
    "Søndergade",
    "Østergade",
    "Nørregade",
    "Torvet",
    "Jernbanegade",
    "Banegårdsgade",
    "Kirkegade",
    "Bredgade",
    "Skolegade",
    "Parkvej",
    "Stationsvej",
    "Havnegade",
    "Grønnegade",
)


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
