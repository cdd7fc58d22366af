/* Accessible names and roles that Dash 4's own components get wrong (WCAG 4.1.2), fixed in the page.

   dcc.RadioItems and dcc.Checklist render a role="listbox" whose role="option" labels each hold
   a native radio or checkbox: an interactive control inside another (axe: nested-interactive),
   in a listbox without a name (aria-input-field-name). The native inputs already are the right
   controls - they are focusable, named by their label and work with the arrow keys and Space -
   so the repair takes the wrong roles away: the list becomes a radiogroup (a group for a
   checklist) named by the <label for="its id"> on the page, and the options plain labels.
   React sets aria-selected again whenever the choice changes; the observer removes it again.

   dcc.Dropdown puts an invisible, aria-hidden proxy input in the tab order that hands the focus
   on to the dropdown's button (axe: aria-hidden-focus: a screen reader meets a focusable element
   it is told does not exist). The repair takes the proxy out of the tab order and puts the button
   itself in it: Tab reaches the same button, which opens with Enter or the arrow keys and
   searches as you type, as before. The button gives the proxy its tab stop back on blur; the
   observer takes it away again.

   Nothing here changes what a component does or sends: only ARIA attributes and tab stops. */
(function () {
    /* only the radio groups and checklists: a dropdown's open list is a real listbox of options */
    var LIST = ".dash-radioitems[role=listbox], .dash-checklist[role=listbox]";
    var OPTION = [".dash-radioitems > .dash-options-list-option[role]",
                  ".dash-radioitems > .dash-options-list-option[aria-selected]",
                  ".dash-checklist > .dash-options-list-option[role]",
                  ".dash-checklist > .dash-options-list-option[aria-selected]"].join(", ");

    function nameOf(list) {
        if (list.hasAttribute("aria-labelledby") || list.hasAttribute("aria-label") || !list.id) {
            return;
        }
        var label = document.querySelector('label[for="' + CSS.escape(list.id) + '"]');
        if (label) {
            if (!label.id) {
                label.id = list.id + "-label";
            }
            list.setAttribute("aria-labelledby", label.id);
        }
    }

    function repairList(list) {
        var checklist = list.classList.contains("dash-checklist");
        list.setAttribute("role", checklist ? "group" : "radiogroup");
        nameOf(list);
    }

    function repairOption(option) {
        option.removeAttribute("role");
        option.removeAttribute("aria-selected");
    }

    var PROXY = ".dash-dropdown-focus-target";

    function repairDropdown(proxy) {
        if (proxy.tabIndex !== -1) {
            proxy.tabIndex = -1;
        }
        var button = proxy.nextElementSibling;
        if (button && button.classList.contains("dash-dropdown") && !button.disabled && button.tabIndex !== 0) {
            button.tabIndex = 0;
        }
    }

    function repair(root) {
        if (!root.querySelectorAll) {
            return;
        }
        if (root.matches && root.matches(PROXY)) {
            repairDropdown(root);
        }
        var before = root.previousElementSibling;
        if (root.matches && root.matches(".dash-dropdown") && before && before.matches(PROXY)) {
            repairDropdown(before);
        }
        root.querySelectorAll(PROXY).forEach(repairDropdown);
        if (root.matches && root.matches(LIST)) {
            repairList(root);
        }
        root.querySelectorAll(LIST).forEach(repairList);
        if (root.matches && root.matches(OPTION)) {
            repairOption(root);
        }
        root.querySelectorAll(OPTION).forEach(repairOption);
    }

    var observer = new MutationObserver(function (records) {
        records.forEach(function (record) {
            if (record.type === "attributes") {
                repair(record.target);
            } else {
                record.addedNodes.forEach(repair);
            }
        });
    });
    function start() {
        repair(document.body);
        observer.observe(document.body, {
            childList: true, subtree: true, attributes: true, attributeFilter: ["role", "aria-selected", "tabindex"]
        });
    }
    if (document.body) {
        start();
    } else {
        document.addEventListener("DOMContentLoaded", start);
    }
})();
