// corridor dashboard: calls the JSON API and draws the figures it returns with plotly.js.
"use strict";

const state = { scenario: null, detail: null, values: [], overrides: {} };

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(method, path, body) {
  const init = { method, headers: {}, credentials: "same-origin" };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const data = await response.json();
  if (!response.ok) {
    const problems = (data.problems || []).join("\n");
    const detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
    throw new Error(problems ? detail + "\n" + problems : detail);
  }
  return data;
}

async function loadScenarios(select) {
  const list = await api("GET", "/api/scenarios");
  const box = document.getElementById("scenario");
  const neg = document.getElementById("negotiation");
  box.replaceChildren();
  neg.replaceChildren(el("option", { value: "" }, "(the scenario's own)"));
  for (const s of [...list.bundled, ...list.uploaded]) {
    box.appendChild(el("option", { value: s.name }, `${s.name} — ${s.title}`));
    neg.appendChild(el("option", { value: s.name }, s.name));
  }
  box.value = select || state.scenario || (list.bundled[0] && list.bundled[0].name);
  await chooseScenario(box.value);
}

// (input id, API parameter): numbers the dashboard lets the user change
const NUMBER_PARAMETERS = [
  ["lng-price", "lng_price_usd_per_mmbtu"],
  ["transit-fee", "transit_fee_musd_per_yr"],
  ["volume", "volume_bcm_per_yr"],
  ["disruption", "disruption_probability"],
];

async function chooseScenario(name) {
  state.scenario = name;
  const detail = await api("GET", `/api/scenarios/${encodeURIComponent(name)}`);
  state.detail = detail;
  for (const [id, key] of NUMBER_PARAMETERS) {
    const box = document.getElementById(id);
    const value = detail.defaults[key];
    box.value = value === null || value === undefined ? "" : String(Number(value.toFixed(4)));
    box.dataset.default = box.value;
    box.disabled = value === null || value === undefined;
  }
  const routes = document.getElementById("routes");
  routes.replaceChildren(el("legend", {}, "Routes"));
  for (const link of detail.links) {
    const label = el("label", { title: `${link.from} → ${link.to}, control {${link.control}}` });
    const box = el("input", { type: "checkbox", value: link.id, "data-link": link.id });
    box.checked = true;
    label.append(box, ` ${link.id}`);
    routes.appendChild(label);
  }
  const neg = document.getElementById("negotiation");
  if (!detail.has_negotiation && neg.value === "") {
    const other = [...neg.options].find((o) => o.value === "six-party-2011");
    if (other) neg.value = other.value;
  }
  const metrics = document.getElementById("sweep-metrics");
  metrics.placeholder = detail.sweep.grammar;
  metrics.title = `metrics: ${detail.sweep.grammar}`;
  // the scenario's default metric, unless the user typed their own
  if (metrics.value === "" || metrics.value === metrics.dataset.default) metrics.value = detail.sweep.metric;
  metrics.dataset.default = detail.sweep.metric;
  document.getElementById("sweep-points").max = String(detail.sweep.max_points);
  const values = await api("GET", `/api/scenarios/${encodeURIComponent(name)}/values`);
  state.values = values.values;
  renderValues();
  document.getElementById("status").textContent = detail.title;
}

// --- the Values panel: every value of the file, editable; an edit becomes an override ---

function overrideText(row, text) {
  // a string cell is sent as a TOML string; numbers ("2", "15 USD/MMBtu"), booleans and
  // arrays as typed, as after `corridor --set PATH=`
  return row.kind === "string" ? JSON.stringify(text) : text.trim();
}

function renderValues() {
  state.overrides = {};
  const body = document.querySelector("#values-table tbody");
  body.replaceChildren();
  for (const row of state.values) {
    const tr = el("tr", { "data-path": row.path });
    const input = el("input", { type: "text", class: "value", "data-path": row.path });
    input.value = String(row.value);
    input.dataset.default = input.value;
    input.addEventListener("input", () => editValue(row, input, tr));
    const cell = el("td");
    cell.appendChild(input);
    const range = (v) => (v === null || v === undefined ? "" : String(v));
    const origin = row.source || (row.assumption ? `assumption: ${row.assumption}` : "");
    const sweepCell = el("td");
    if (row.kind === "number") {
      const pick = el("button", { type: "button", class: "sweep-this", "data-sweep": row.path,
        title: "sweep this value" }, "sweep");
      pick.onclick = () => pickSweep(row);
      sweepCell.appendChild(pick);
    }
    tr.append(el("td", { class: "path" }, row.path), cell, el("td", {}, row.unit || ""),
      el("td", {}, range(row.low)), el("td", {}, range(row.high)),
      el("td", { class: "origin" }, origin), sweepCell);
    body.appendChild(tr);
  }
  document.getElementById("values-error").textContent = "";
  filterValues();
  countChanged();
}

function editValue(row, input, tr) {
  if (input.value === input.dataset.default) {
    delete state.overrides[row.path];
    tr.classList.remove("changed");
    delete input.dataset.changed;
  } else {
    state.overrides[row.path] = overrideText(row, input.value);
    tr.classList.add("changed");
    input.dataset.changed = "1";
  }
  countChanged();
}

function countChanged() {
  const n = Object.keys(state.overrides).length;
  document.getElementById("values-count").textContent = n ? `${n} changed` : "";
}

function filterValues() {
  const words = document.getElementById("values-search").value.toLowerCase().split(/\s+/)
    .filter((w) => w);
  let shown = 0;
  for (const tr of document.querySelectorAll("#values-table tbody tr")) {
    const text = (tr.querySelector(".path").textContent + " " +
      tr.querySelector(".origin").textContent).toLowerCase();
    const match = words.every((w) => text.includes(w));
    tr.hidden = !match;
    shown += match ? 1 : 0;
  }
  document.getElementById("values-shown").textContent =
    `${shown} of ${state.values.length} values`;
}

function parameters() {
  const params = {};
  for (const [id, key] of NUMBER_PARAMETERS) {
    const box = document.getElementById(id);
    // only changed values are sent: an unchanged box leaves the scenario as written
    if (!box.disabled && box.value !== "" && box.value !== box.dataset.default) {
      params[key] = Number(box.value);
    }
  }
  params.removed_links = [...document.querySelectorAll("#routes input[type=checkbox]")]
    .filter((box) => !box.checked).map((box) => box.value);
  const neg = document.getElementById("negotiation").value;
  if (neg && state.detail && !state.detail.has_negotiation) params.negotiation_scenario = neg;
  if (Object.keys(state.overrides).length) params.overrides = { ...state.overrides };
  return params;
}

// the same settings on the file as written: no overrides, no changed numbers or routes
function fileParameters(params) {
  const base = { ...params };
  for (const key of ["overrides", "drop", "removed_links", ...NUMBER_PARAMETERS.map((p) => p[1])]) {
    delete base[key];
  }
  return base;
}

// --- the Sweep box: one value of the file over START:STOP:N, as `corridor sweep` ---

function pickSweep(row) {
  // the file's range when it gives one, else the value to twice the value
  const value = Number(row.value);
  const start = row.low ?? value;
  const stop = row.high ?? (value === 0 ? 1 : 2 * value);
  document.getElementById("sweep-path").value = row.path;
  document.getElementById("sweep-start").value = String(start);
  document.getElementById("sweep-stop").value = String(stop);
  // "1": a share or factor, nothing to say
  document.getElementById("sweep-unit").textContent = row.unit && row.unit !== "1" ? `in ${row.unit}` : "";
  const panel = document.getElementById("sweep-panel");
  panel.open = true;
  panel.scrollIntoView({ block: "nearest" });
}

function sweepRequest() {
  const text = (id) => document.getElementById(id).value.trim();
  const axis = `${text("sweep-path")}=${text("sweep-start")}:${text("sweep-stop")}:${text("sweep-points")}`;
  const metrics = text("sweep-metrics").split(",").map((m) => m.trim()).filter((m) => m);
  return { axis, metrics };
}

async function submitSweep() {
  const error = document.getElementById("sweep-error");
  error.textContent = "";
  await submit("sweep", { sweep: sweepRequest() }, error);
}

async function submit(analysis, extra, errorBox) {
  const error = document.getElementById("request-error");
  const valuesError = document.getElementById("values-error");
  error.textContent = "";
  valuesError.textContent = "";
  const params = { ...parameters(), ...(extra || {}) };
  if (analysis === "sweep") {
    // a sweep's metrics name their games and talks; routes are left out by dropping paths
    delete params.negotiation_scenario;
    if (!params.removed_links.length) delete params.removed_links;
  }
  const compare = document.getElementById("compare").checked;
  let jobs;
  try {
    const variant = await api("POST", "/api/jobs", { scenario: state.scenario, analysis, parameters: params });
    const base = compare
      ? await api("POST", "/api/jobs", { scenario: state.scenario, analysis, parameters: fileParameters(params) })
      : null;
    jobs = [variant, base];
  } catch (exc) {
    error.textContent = exc.message;
    if (errorBox) errorBox.textContent = exc.message;
    else if (params.overrides) valuesError.textContent = exc.message;
    return;
  }
  const [done, base] = await Promise.all(jobs.map((job) => job && finished(job.id)));
  const status = document.getElementById("status");
  const failed = [done, base].find((job) => job && job.status !== "done");
  if (failed) {
    status.textContent = `${failed.analysis} on ${failed.scenario}: ${failed.status} — ${failed.message}`;
    return;
  }
  status.textContent = `${done.analysis} on ${done.scenario}: done`;
  renderPanel(done.result, base && base.result);
}

async function finished(id) {
  for (;;) {
    const job = await api("GET", `/api/jobs/${id}`);
    await refreshJobs();
    if (job.status !== "queued" && job.status !== "running") return job;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function renderJobs(jobs) {
  const list = document.getElementById("jobs");
  list.replaceChildren();
  for (const job of jobs) {
    const item = el("li", { "data-job": job.id, "data-status": job.status });
    item.append(`${job.analysis} on ${job.scenario}: ${job.status} `);
    if (job.status === "queued" || job.status === "running") {
      const bar = el("progress", { max: "1", value: String(job.progress) });
      const stop = el("button", { "data-cancel": job.id }, "cancel");
      stop.onclick = () => api("DELETE", `/api/jobs/${job.id}`).then(refreshJobs);
      item.append(bar, " ", stop);
    } else if (job.message) {
      item.append(el("span", { class: "note" }, `(${job.message})`));
    }
    list.appendChild(item);
  }
}

async function refreshJobs() {
  renderJobs(await api("GET", "/api/jobs"));
}

function plainCell(v) {
  return v === null ? "—" : typeof v === "number" ? v.toLocaleString("en", { maximumFractionDigits: 3 }) : String(v);
}

// the server's human headers and formatted cells (as the report's) when it sends them;
// the raw columns and rows stay for the CSV download
function renderTable(table) {
  const node = el("table");
  const head = el("tr");
  table.columns.forEach((c, i) => head.appendChild(el("th", { title: c }, table.headers ? table.headers[i] : c)));
  node.appendChild(el("thead")).appendChild(head);
  const body = node.appendChild(el("tbody"));
  (table.cells || table.rows.map((row) => row.map(plainCell))).forEach((row) => {
    const tr = el("tr");
    for (const text of row) tr.appendChild(el("td", {}, text));
    body.appendChild(tr);
  });
  return node;
}

// the summary as a reader sees it: the plain sentences, then the numbers with their names
function renderSummary(section, panel) {
  const box = el("div", { id: "summary", class: "summary" });
  if (panel.sentences && panel.sentences.length) {
    const list = el("ul", { id: "summary-sentences" });
    for (const s of panel.sentences) list.appendChild(el("li", { "data-summary": s.about }, s.text));
    box.appendChild(list);
  }
  if (panel.summary_rows && panel.summary_rows.length) {
    const numbers = el("dl", { id: "summary-numbers" });
    for (const [label, value] of panel.summary_rows) numbers.append(el("dt", {}, label), el("dd", {}, value));
    box.appendChild(numbers);
  }
  section.appendChild(box);
  // the raw numbers, for the comparison with the file and for scripts: data, not shown
  section.appendChild(el("script", { type: "application/json", id: "summary-data" }, JSON.stringify(panel.summary)));
}

// --- CSV of a table, built here from the table JSON the job returned ---

function csvCell(v) {
  const text = v === null || v === undefined ? "" : String(v);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvText(table) {
  return [table.columns, ...table.rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
}

function csvLink(panelTitle, table) {
  const name = `${slug(panelTitle)}--${slug(table.title)}.csv`;
  const href = "data:text/csv;charset=utf-8," + encodeURIComponent(csvText(table));
  return el("a", { class: "csv", download: name, href }, "Download CSV");
}

// --- base against variant: the numbers of two panels' summaries side by side ---

function flatten(value, prefix, out) {
  if (typeof value === "number") out.set(prefix, value);
  else if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

function comparisonTable(variant, base) {
  const a = flatten(base, "", new Map());
  const b = flatten(variant, "", new Map());
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const rows = keys.map((k) => {
    const x = a.has(k) ? a.get(k) : null;
    const y = b.has(k) ? b.get(k) : null;
    return [k, x, y, x === null || y === null ? null : y - x];
  });
  return { title: "Compared with the file", columns: ["summary", "file", "variant", "difference"], rows };
}

function appendTable(section, panelTitle, table, id) {
  section.appendChild(el("h3", {}, table.title));
  const node = renderTable(table);
  if (id) node.id = id;
  section.appendChild(node);
  section.appendChild(el("p", {}, "")).appendChild(csvLink(panelTitle, table));
}

function renderPanel(panel, base) {
  const results = document.getElementById("results");
  results.replaceChildren();
  const section = el("section", { id: `panel-${panel.key}`, "data-panel": panel.key });
  section.appendChild(el("h2", {}, panel.title));
  renderSummary(section, panel);
  if (base) {
    const table = comparisonTable(panel.summary, base.summary);
    section.appendChild(el("script", { type: "application/json", id: "base-summary" }, JSON.stringify(base.summary)));
    appendTable(section, panel.title, table, "comparison");
    table.rows.forEach((row, i) => {
      if (row[3] !== null && Math.abs(row[3]) > 1e-9) {
        section.querySelector(`#comparison tbody tr:nth-child(${i + 1})`).classList.add("differs");
      }
    });
  }
  for (const note of panel.notes) section.appendChild(el("p", { class: "note" }, note));
  results.appendChild(section);
  for (const item of panel.figures) {
    const div = el("div", { class: "figure", "data-figure": item.name });
    section.appendChild(div);
    // topojsonURL: the map's coastlines come from this server (shipped with corridor), not a CDN
    Plotly.newPlot(div, item.figure.data, item.figure.layout,
      { responsive: true, displaylogo: false, topojsonURL: "/static/geo/" })
      .then(() => { div.dataset.rendered = "1"; });
  }
  for (const table of panel.tables) appendTable(section, panel.title, table);
}

async function uploadFile(file) {
  const error = document.getElementById("upload-error");
  error.textContent = "";
  try {
    const text = await file.text();
    const detail = await api("POST", "/api/scenarios", { filename: file.name, toml: text });
    await loadScenarios(detail.name);
  } catch (exc) {
    error.textContent = exc.message;
  }
}

async function start() {
  const buttons = document.getElementById("analysis-buttons");
  for (const name of await api("GET", "/api/analyses")) {
    const button = el("button", { "data-analysis": name, id: `run-${name}` }, name);
    button.onclick = () => submit(name);
    buttons.appendChild(button);
  }
  document.getElementById("scenario").onchange = (e) => chooseScenario(e.target.value);
  document.getElementById("values-search").addEventListener("input", filterValues);
  document.getElementById("values-reset").onclick = renderValues;
  document.getElementById("run-sweep").onclick = submitSweep;
  document.getElementById("upload").onchange = (e) => e.target.files[0] && uploadFile(e.target.files[0]);
  await loadScenarios();
  await refreshJobs();
  document.body.dataset.ready = "1";
}

start().catch((exc) => {
  document.getElementById("request-error").textContent = exc.message;
});
