"""Skill concepts of the demo region and how people write them.

Plain data: the wordings the skill thesaurus knows, the synonyms it deliberately does
not know, and the skills anyone may have (see :mod:`demo.wordings`, which writes them).
Nothing here is random.
"""

from __future__ import annotations

#: Skill concepts: key -> wordings that the skill thesaurus (``store/data/skill_thesaurus.csv``)
#: knows, the first the usual one (a test checks that each is there). The demo writes them
#: verbatim, as spelling variants of them (case, hyphens, æ/ø/å typed as ae/oe/aa, typos,
#: endings: :func:`demo.wordings.spelling_variant`) and, for a share of the skills, as a
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
#: copy them into the thesaurus: ``tests/demo_region/test_generate.py`` checks that none is there.
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
