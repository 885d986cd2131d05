// The query page: YASGUI on /sparql with our prefixes, and the question library as a menu.
// Question parameters go to /questions/NAME/run, which binds them by the CLI's rules.
(function () {
  "use strict";
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const questions = read("questions-data");
  const prefixes = read("prefixes-data");
  const endpoint = window.location.origin + "/sparql";

  Yasgui.Yasqe.defaults.autocompleters = ["variables"];  // the others ask prefix.cc and LOV online
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
  });
  yasgui.getTab().setQuery(prefixes + "\n" + read("example-data"));

  const select = document.getElementById("question");
  const panel = document.getElementById("question-panel");
  const form = document.getElementById("question-form");
  const status = document.getElementById("question-status");
  const table = document.getElementById("question-results");
  const downloads = document.getElementById("question-downloads");
  let current = null;

  select.addEventListener("change", () => {
    current = questions.find((q) => q.name === select.value) || null;
    panel.hidden = current === null;
    table.replaceChildren();
    downloads.replaceChildren();
    status.textContent = "";
    if (current === null) return;
    document.getElementById("question-description").textContent = current.description;
    const params = document.getElementById("question-params");
    params.replaceChildren();
    for (const param of current.params) {
      const label = document.createElement("label");
      label.textContent = param.name + " (" + param.type + ") ";
      const input = document.createElement("input");
      input.name = param.name;
      input.placeholder = "optional";
      label.appendChild(input);
      params.appendChild(label);
      params.appendChild(document.createElement("br"));
    }
  });

  document.getElementById("question-edit").addEventListener("click", () => {
    if (current !== null) yasgui.getTab().setQuery(current.text);
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (current === null) return;
    const fields = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (String(value).trim()) fields.append(name, value);
    const base = "/questions/" + encodeURIComponent(current.name) + "/run?" + fields.toString();
    status.textContent = "running…";
    table.replaceChildren();
    const response = await fetch(base + (fields.toString() ? "&" : "") + "format=json");
    if (!response.ok) {
      status.textContent = "error " + response.status + ": " + (await response.text());
      return;
    }
    const answer = await response.json();
    const columns = answer.head.vars;
    const head = table.createTHead().insertRow();
    for (const column of columns) head.appendChild(document.createElement("th")).textContent = column;
    const body = table.createTBody();
    for (const binding of answer.results.bindings) {
      const row = body.insertRow();
      for (const column of columns) row.insertCell().textContent = binding[column] ? binding[column].value : "";
    }
    status.textContent = answer.results.bindings.length + " rows";
    downloads.replaceChildren();
    for (const fmt of ["csv", "tsv", "json"]) {
      const link = document.createElement("a");
      link.href = base + (fields.toString() ? "&" : "") + "format=" + fmt;
      link.textContent = fmt.toUpperCase();
      link.style.marginRight = "1em";
      downloads.appendChild(link);
    }
  });
})();
