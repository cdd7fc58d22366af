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
        /* The page's language follows the DA/EN toggle (screen readers read by it; WCAG 3.1.1). */
        setLang: function (lang) {
            var value = lang === "en" ? "en" : "da";
            document.documentElement.lang = value;
            return value;
        }
    }
});
