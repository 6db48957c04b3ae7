// The course page's behaviour: sort by a column, show only the groups at risk, and give the
// question cells their links (built on demand from the row's data-url and the cell's line,
// which keeps a page of 1,000 groups small). No network, no eval, no HTML from data.
(function () {
  "use strict";
  var table = document.getElementById("grid");
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  var firstQuestion = Number(table.getAttribute("data-first-question"));
  // Question cells' classes, worst last: sorted in descending order, the worst come first.
  var STATE_RANK = { p: 0, o: 1, f: 2, u: 3 };

  function key(row, column) {
    // Rows without a report have one cell spanning the questions; empty values sort last.
    if (row.classList.contains("none") && column >= firstQuestion) return null;
    var cell = row.cells[column];
    if (!cell) return null;
    var rank = STATE_RANK[cell.className];
    if (rank !== undefined) {
      // A question: by state, then by its count ("-" when no answer was found).
      var digits = cell.textContent.replace(/[^0-9]/g, "");
      return rank * 100000 + (digits ? Number(digits) : -1);
    }
    var value = cell.getAttribute("data-v");
    if (value === null || value === "") return null;
    var number = Number(value);
    if (heads[column].getAttribute("data-type") === "text" || isNaN(number)) return value.toLowerCase();
    return number;
  }

  function sortBy(column) {
    var head = heads[column];
    var text = head.getAttribute("data-type") === "text";
    var current = head.getAttribute("aria-sort");
    // Numbers (errors, failing questions) start with the largest, names with A.
    var ascending = current ? current === "descending" : text;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows).map(function (row) {
      return { row: row, key: key(row, column), index: Number(row.getAttribute("data-i")) };
    });
    rows.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) return a.index - b.index;
        return a.key === null ? 1 : -1; // rows without a value last, either way
      }
      var order = text ? a.key.localeCompare(b.key, undefined, { numeric: true }) : a.key - b.key;
      if (order === 0) return a.index - b.index;
      return ascending ? order : -order;
    });
    var fragment = document.createDocumentFragment();
    rows.forEach(function (item) { fragment.appendChild(item.row); });
    body.appendChild(fragment);
  }

  table.tHead.addEventListener("click", function (event) {
    var head = event.target.closest("th");
    if (head) sortBy(head.cellIndex);
  });
  // Headings sort from the keyboard too (Tab to one, Enter or Space).
  for (var h = 0; h < heads.length; h++) heads[h].tabIndex = 0;
  table.tHead.addEventListener("keydown", function (event) {
    var head = event.target.closest("th");
    if (head && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      sortBy(head.cellIndex);
    }
  });

  var risk = document.getElementById("risk");
  var shown = document.getElementById("shown");
  function filter() {
    table.classList.toggle("risk-only", risk.checked);
    shown.textContent = String(risk.checked ? body.querySelectorAll("tr.risk").length : body.rows.length);
  }
  risk.addEventListener("change", filter);
  filter();

  function link(event) {
    var anchor = event.target.closest && event.target.closest("a[data-l]");
    if (!anchor || anchor.hasAttribute("href")) return;
    var row = anchor.closest("tr");
    anchor.setAttribute("href", row.getAttribute("data-url") + "#L" + anchor.getAttribute("data-l"));
    anchor.setAttribute("target", "_blank");
    anchor.setAttribute("rel", "noopener");
  }
  body.addEventListener("mouseover", link);
  body.addEventListener("focusin", link);
  body.addEventListener("click", link);
})();
