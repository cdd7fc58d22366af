/* Uploading an import file (dashboard/pages/admin_upload.py), with a progress bar.

   The file goes straight to the JSON API (POST /api/v1/imports/<kind>, multipart, with the header
   X-Requested-With: lksmatch), never through a Dash callback (which would carry it as base64 in
   JSON). While it is sent the <progress> shows the share sent; while the server checks and imports
   it the bar is indeterminate. The server's answer (counts, or the problem report) is handed to
   the page with dash_clientside.set_props, and a Python callback renders it.

   The file input is a plain <input type="file"> put into its slot on the page (Dash has no file
   input of its own; dcc.Upload reads the whole file into the browser's memory as base64). */
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    lksmatch_admin: {
        /* The access report's "Udskriv": the browser's print (the print style leaves out the app's
           header, links and forms: dashboard/assets/lksmatch.css, @media print). */
        printPage: function (clicks) {
            if (clicks) {
                window.print();
            }
            return clicks || 0;
        }
    }
});

(function () {
    var FORM = "admin-upload-form";
    var SLOT = "admin-upload-file-slot";

    function addInput(slot) {
        if (slot.querySelector("input[type=file]")) {
            return;
        }
        var input = document.createElement("input");
        input.type = "file";
        input.id = slot.dataset.inputId;
        input.name = "file";
        input.accept = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        input.required = true;
        input.setAttribute("aria-describedby", slot.dataset.describedby || "");
        slot.appendChild(input);
    }

    function scan() {
        var slot = document.getElementById(SLOT);
        if (slot) {
            addInput(slot);
        }
    }

    new MutationObserver(scan).observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener("DOMContentLoaded", scan);

    function say(status, message) {
        status.textContent = message;
    }

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!form || form.id !== FORM) {
            return;
        }
        event.preventDefault();
        var kind = form.querySelector("select").value;
        var input = form.querySelector("input[type=file]");
        var file = input && input.files && input.files[0];
        var status = document.getElementById("admin-upload-status");
        var bar = document.getElementById("admin-upload-progress");
        var button = form.querySelector("button[type=submit]");
        if (!file) {
            say(status, form.dataset.nofile);
            if (input) {
                input.focus();
            }
            return;
        }
        var body = new FormData();
        body.append("file", file, file.name);
        var request = new XMLHttpRequest();
        request.open("POST", form.dataset.action + encodeURIComponent(kind));
        request.setRequestHeader("X-Requested-With", "lksmatch");
        request.responseType = "text";
        bar.hidden = false;
        bar.value = 0;
        button.disabled = true;
        say(status, form.dataset.sending.replace("{pct}", "0"));
        request.upload.onprogress = function (e) {
            if (e.lengthComputable && e.total > 0) {
                var share = e.loaded / e.total;
                bar.value = share;
                say(status, form.dataset.sending.replace("{pct}", String(Math.round(share * 100))));
            }
        };
        request.upload.onload = function () {
            bar.removeAttribute("value");  /* indeterminate: the server checks and imports */
            say(status, form.dataset.importing);
        };
        function done(answer) {
            button.disabled = false;
            bar.hidden = true;
            say(status, "");
            window.dash_clientside.set_props("admin-upload-result", {data: answer});
        }
        request.onload = function () {
            var parsed = null;
            try {
                parsed = JSON.parse(request.responseText);
            } catch (ignored) {
                parsed = null;
            }
            done({status: request.status, body: parsed, name: file.name, kind: kind, at: Date.now()});
        };
        request.onerror = function () {
            done({status: 0, body: null, name: file.name, kind: kind, at: Date.now()});
        };
        request.send(body);
    });
})();
