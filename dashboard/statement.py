"""The accessibility statement (tilgængelighedserklæring) and the page frame that links it.

Danish public bodies publish one for every web solution (lov om tilgængelighed af offentlige
organers websteder og mobilapplikationer, implementing directive 2016/2102; EN 301 549 /
WCAG 2.1 AA). It says honestly what does not conform yet; keep it in step with the
accessibility issue and the browser suite's axe-core audit.
"""

from __future__ import annotations

#: Where the statement is served (public: no session needed).
STATEMENT_PATH = "/tilgaengelighed"
#: The date the statement was last reviewed.
REVIEWED = "3. december 2026"

#: The footer of every page (the Dash pages and the plain login and statement pages).
FOOTER = (
    '<footer class="site-footer"><a href="' + STATEMENT_PATH + '">Tilgængelighedserklæring</a>'
    " · lksmatch — Region Midtjyllands lokale kompetencesamarbejder</footer>"
)

#: Dash's page template with the page language (WCAG 3.1.1) and the footer.
INDEX_STRING = (
    """<!DOCTYPE html>
<html lang="da">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        """
    + FOOTER
    + """
        <footer class="dash-internals">
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""
)

STATEMENT_HTML = f"""
<p>Region Midtjylland og de lokale kompetencesamarbejder (LKS) ønsker, at alle kan bruge lksmatch,
også med tastatur alene, skærmlæser eller høj forstørrelse. lksmatch skal overholde
webtilgængelighedsloven og standarden EN 301 549 (WCAG 2.1 niveau AA).</p>

<h3>Overholdelse</h3>
<p>lksmatch overholder WCAG 2.1 AA, så vidt det er afprøvet: hver side og hver tilstand, man når
(valgt behov, kandidater og kurser, formularer med fejl, administrationens sider), kontrolleres
med axe-core 4.14 (WCAG 2.1 A/AA) i Chromium ved hver ændring af lksmatch, og en ny fejl kan ikke
komme med; de vigtigste arbejdsgange afprøves med tastaturet alene; hver side afprøves ved 200 %
forstørrelse (1366×768) uden vandret rulning.</p>
<p>Valgknapper og rullelister bygger på Dash' egne komponenter, hvis roller lksmatch retter på
siden (en navngiven gruppe af valgknapper; rullelisten nås direkte med Tab). Kortet skriver hvert
områdes navn og tal i området, hvert område er en knap med navn og tal (Tab og Enter), og alle
tal står også i tabellen: farven er aldrig nødvendig for at læse et tal, heller ikke i de lyseste
farveklasser, hvis kontrast mod baggrunden er under 3:1 (WCAG 1.4.1 og 1.4.11).</p>

<h3>Det, der ikke er afprøvet endnu</h3>
<ul>
<li>En afprøvning med brugere af skærmlæser (NVDA, JAWS, VoiceOver) er ikke gennemført; den
automatiske kontrol og tastaturtestene dækker ikke alt, en skærmlæser oplever.</li>
</ul>

<h3>Sådan melder du et problem</h3>
<p>Oplever du et problem med tilgængeligheden, så skriv til lksmatch-administratoren i din region
eller dit LKS. Skriv, hvilken side og hvad du ville gøre; vi svarer og retter fejlen eller
hjælper dig på anden vis.</p>

<h3>Klagemulighed</h3>
<p>Får du ikke et tilfredsstillende svar, kan du klage til Digitaliseringsstyrelsen, der fører
tilsyn med webtilgængelighed: <a href="https://www.was.digst.dk/">was.digst.dk</a>.</p>

<p class="note">Erklæringen er senest gennemgået den {REVIEWED}.</p>
"""
