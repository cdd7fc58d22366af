/* Styling of the coverage map (dash-leaflet function props, see dashboard/pages/overblik.py).
   The boundaries are loaded once from /geo/<level>.geojson; a change of measure only sends
   new numbers in the GeoJSON component's `hideout`: {measure, fill: {area_id: colour},
   shown: {area_id: text}}. Text from data goes into text nodes, never into HTML. */
window.lksmatch = Object.assign({}, window.lksmatch, {
    hideout: {},
    areaStyle: function (feature, context) {
        var hideout = (context && context.hideout) || {};
        window.lksmatch.hideout = hideout;
        var fills = hideout.fill || {};
        /* the figure written under the area's name follows the measure shown (WCAG 1.4.1 and
           1.4.11: the figure is on the map, the colour is never needed to read it) */
        var written = (window.lksmatch.labels || {})[feature.properties.area_id];
        if (written) {
            var figure = (hideout.shown || {})[feature.properties.area_id];
            written.textContent = figure !== undefined && figure !== null ? String(figure) : "";
        }
        return {
            color: "#4d4d4d",
            weight: 1,
            opacity: 1,
            fillOpacity: 0.85,
            fillColor: fills[feature.properties.area_id] || "#d9d9d9"
        };
    },
    areaHover: function () {
        return {weight: 3, color: "#000000"};
    },
    areaTooltip: function (feature, layer) {
        /* Keyboard use (WCAG 2.1.1): every area is a focusable button named by the area and its
           figure; Enter or Space does what a click does (the figures of the area appear beside
           the map, as for a click). The table below the map stays the text alternative. */
        var name = function () {  /* the figure of the measure shown now (the hideout changes) */
            var shown = (window.lksmatch.hideout.shown || {})[feature.properties.area_id];
            return feature.properties.area_name + (shown !== undefined && shown !== "" ? ": " + shown : "");
        };
        layer.on("add", function () {
            var props = feature.properties;
            /* The area's name written on the map at a point inside its largest part (WCAG 1.4.1:
               the map names its areas; hover is not needed to know which is which). */
            if (layer._map && typeof props.label_lat === "number" && window.L) {
                var text = document.createElement("span");
                var title = document.createElement("span");
                title.textContent = props.area_name;  /* text nodes, never HTML */
                var figure = document.createElement("span");
                figure.className = "area-figure";
                var shownNow = (window.lksmatch.hideout.shown || {})[props.area_id];
                figure.textContent = shownNow !== undefined && shownNow !== null ? String(shownNow) : "";
                text.appendChild(title);
                text.appendChild(document.createElement("br"));
                text.appendChild(figure);
                window.lksmatch.labels = window.lksmatch.labels || {};
                window.lksmatch.labels[props.area_id] = figure;
                var label = window.L.tooltip({permanent: true, direction: "center", interactive: false,
                                              className: "area-name"})
                    .setLatLng([props.label_lat, props.label_lon]).setContent(text);
                label.addTo(layer._map);
                layer.on("remove", function () { label.remove(); });
            }
            var path = layer.getElement && layer.getElement();
            if (!path) {
                return;
            }
            path.setAttribute("tabindex", "0");
            path.setAttribute("role", "button");
            path.setAttribute("aria-label", name());
            path.addEventListener("focus", function () {
                path.setAttribute("aria-label", name());
            });
            path.addEventListener("keydown", function (event) {
                if (event.key === "Enter" || event.key === " ") {
                    event.preventDefault();
                    var center = layer.getBounds ? layer.getBounds().getCenter() : null;
                    layer.fire("click", {latlng: center}, true);
                }
            });
        });
        window.lksmatch.areaLabel(feature, layer);
    },
    /* The tooltip alone (the candidates' map: its areas are not buttons, nothing to choose). */
    areaLabel: function (feature, layer) {
        layer.bindTooltip(function () {
            var shown = (window.lksmatch.hideout.shown || {})[feature.properties.area_id];
            var box = document.createElement("span");
            var name = document.createElement("strong");
            name.textContent = feature.properties.area_name;
            box.appendChild(name);
            if (shown !== undefined && shown !== "") {
                box.appendChild(document.createTextNode(": " + shown));
            }
            return box;
        }, {sticky: true});
    }
});

/* The table beside the map highlights the column of the chosen measure (a clientside
   callback: no request). Mirrors dashboard.figures.selected_column_class. */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    lksmatch: {
        selectedColumn: function (measure) {
            return /^[a-z_]+$/.test(measure || "") ? "scroll sel-" + measure : "scroll";
        },
        /* A candidate card's pick button moves the focus to the decision form, whose person it has
           just set (keyboard users go on at once: WCAG 2.4.3). Cards drawn anew (no clicks) do not. */
        focusDecision: function (clicks) {
            if ((clicks || []).some(function (n) { return n > 0; })) {
                window.setTimeout(function () {
                    var first = document.querySelector("#match-decision input");
                    if (first) { first.focus(); }
                }, 50);
            }
            return window.dash_clientside.no_update;
        },
        /* The page's language follows the DA/EN toggle (screen readers read by it; WCAG 3.1.1). */
        setLang: function (lang) {
            var value = lang === "en" ? "en" : "da";
            document.documentElement.lang = value;
            return value;
        }
    }
});
