// corridor dashboard: calls the JSON API and draws the figures it returns with plotly.js.
"use strict";

const state = { scenario: null, detail: null, polling: {} };

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
  document.getElementById("status").textContent = detail.title;
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
  return params;
}

async function submit(analysis) {
  const error = document.getElementById("request-error");
  error.textContent = "";
  try {
    const job = await api("POST", "/api/jobs", {
      scenario: state.scenario, analysis, parameters: parameters(),
    });
    poll(job.id);
  } catch (exc) {
    error.textContent = exc.message;
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

async function poll(id) {
  const job = await api("GET", `/api/jobs/${id}`);
  await refreshJobs();
  if (job.status === "queued" || job.status === "running") {
    setTimeout(() => poll(id), 250);
    return;
  }
  const status = document.getElementById("status");
  if (job.status === "done") {
    status.textContent = `${job.analysis} on ${job.scenario}: done`;
    renderPanel(job.result);
  } else {
    status.textContent = `${job.analysis} on ${job.scenario}: ${job.status} — ${job.message}`;
  }
}

function renderTable(table) {
  const node = el("table");
  const head = el("tr");
  for (const c of table.columns) head.appendChild(el("th", {}, c));
  node.appendChild(el("thead")).appendChild(head);
  const body = node.appendChild(el("tbody"));
  for (const row of table.rows) {
    const tr = el("tr");
    for (const v of row) {
      const text = v === null ? "—" : typeof v === "number" ? v.toLocaleString("en", { maximumFractionDigits: 3 }) : String(v);
      tr.appendChild(el("td", {}, text));
    }
    body.appendChild(tr);
  }
  return node;
}

function renderPanel(panel) {
  const results = document.getElementById("results");
  results.replaceChildren();
  const section = el("section", { id: `panel-${panel.key}`, "data-panel": panel.key });
  section.appendChild(el("h2", {}, panel.title));
  const summary = el("pre", { id: "summary", class: "note" }, JSON.stringify(panel.summary));
  section.appendChild(summary);
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
  for (const table of panel.tables) {
    section.appendChild(el("h3", {}, table.title));
    section.appendChild(renderTable(table));
  }
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
  document.getElementById("upload").onchange = (e) => e.target.files[0] && uploadFile(e.target.files[0]);
  await loadScenarios();
  await refreshJobs();
  document.body.dataset.ready = "1";
}

start().catch((exc) => {
  document.getElementById("request-error").textContent = exc.message;
});
