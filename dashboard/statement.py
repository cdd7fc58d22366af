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
<p>lksmatch overholder <strong>delvist</strong> WCAG 2.1 AA. Det, der ikke overholdes endnu, står
nedenfor. Valgknapper og rullelister bygger på Dash' egne komponenter, hvis roller lksmatch retter
på siden (en gruppe af valgknapper med navn; rullelisten nås direkte med Tab).
Siderne kontrolleres med axe-core 4.14 (WCAG 2.1 A/AA) i Chromium ved hver ændring af
lksmatch: en ny fejl kan ikke komme med, og listen holdes ajour, mens fejlene rettes. Hver side
afprøves også ved 200 % forstørrelse (1366×768): ingen side ruller vandret, og kortet kan
betjenes med tastaturet.</p>

<h3>Det, der ikke er tilgængeligt endnu</h3>
<ul>
<li>Kortets lyseste farveklasser har under 3:1 kontrast mod baggrunden. Farven bærer aldrig
tallet alene: hvert område er en knap med områdets navn og tal, som også kan vælges med
tastaturet (Tab og Enter), og alle kortets tal står i tabellen ved siden af (WCAG 1.4.11).</li>
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
