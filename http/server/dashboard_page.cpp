#include "http/server/dashboard_page.hpp"

namespace ws::http::server {

std::string_view dashboard_page() {
  static constexpr std::string_view page = R"html(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>White Spirit: the farm</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 0; background: #f4f5f7; color: #1d2330; }
  header { background: #1d2330; color: #fff; padding: 10px 16px; display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  main { padding: 12px 16px; }
  h2 { font-size: 15px; margin: 18px 0 8px; }
  .summary span { margin-right: 12px; white-space: nowrap; }
  .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 10px; }
  .card { background: #fff; border-radius: 6px; padding: 10px 12px; border-left: 6px solid #999; overflow-wrap: anywhere; }
  .card.ready { border-color: #2e9e4f; } .card.busy { border-color: #2f6fd6; }
  .card.offline, .card.recovering { border-color: #d33c3c; } .card.connecting, .card.identifying { border-color: #d9a100; }
  .card .state { font-weight: 600; text-transform: uppercase; font-size: 12px; }
  .card dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 8px; margin: 6px 0 0; }
  .card dt { color: #667; } .card dd { margin: 0; }
  .warning { color: #b3261e; margin: 4px 0 0; }
  table { border-collapse: collapse; background: #fff; width: 100%; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e5ea; }
  .scroll { overflow-x: auto; }
  .failed, .unknown { color: #b3261e; } #error { color: #b3261e; }
</style>
</head>
<body>
<header><h1>White Spirit</h1><span id="version"></span><span id="updated"></span><span id="error"></span></header>
<main>
  <div class="summary" id="summary"></div>
  <h2>Registers</h2>
  <div class="cards" id="registers"></div>
  <h2>Queues</h2>
  <div class="scroll"><table><thead><tr><th>INN</th><th>group</th><th>waiting</th><th>running</th><th>ready</th><th>registers</th></tr></thead><tbody id="routes"></tbody></table></div>
  <h2>Latest receipts and corrections</h2>
  <div class="scroll"><table><thead><tr><th>accepted</th><th>kind</th><th>outcome</th><th>status</th><th>register</th><th>document</th></tr></thead><tbody id="latest"></tbody></table></div>
</main>
<script>
"use strict";
function text(value) { return value === null || value === undefined ? "" : String(value); }
function cell(row, value, cls) { const td = row.insertCell(); td.textContent = text(value); if (cls) td.className = cls; return td; }
function age(seconds) {
  if (seconds === null || seconds === undefined) return "unknown";
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60);
  return h + " h " + m + " min";
}
function days(seconds) { return Math.floor(seconds / 86400); }
function ofd_backlog(r) {
  if (r.ofd_unsent_documents === null) return "unknown";
  if (r.ofd_unsent_documents === 0) return "none";
  const oldest = r.ofd_oldest_unsent_age_seconds;
  return r.ofd_unsent_documents + " unsent" + (oldest === null ? "" :
         ", oldest " + (oldest >= 86400 ? days(oldest) + " days" : age(oldest)));
}
function fn_expiry(r) {
  const left = r.fn_expires_in_seconds;
  if (left === null) return "unknown";
  return left <= 0 ? "expired" : "in " + days(left) + " days";
}
function card(r) {
  const div = document.createElement("div");
  div.className = "card " + r.state;
  div.dataset.port = r.port;
  div.dataset.serial = r.serial;
  div.dataset.state = r.state;
  div.dataset.ofdUnsent = text(r.ofd_unsent_documents);
  div.dataset.fnExpiresInDays = r.fn_expires_in_seconds === null ? "" : String(days(r.fn_expires_in_seconds));
  const head = document.createElement("div");
  head.innerHTML = "<span class='state'></span> <b class='serial'></b>";
  head.querySelector(".state").textContent = r.state;
  head.querySelector(".serial").textContent = r.serial || r.port;
  div.appendChild(head);
  const dl = document.createElement("dl");
  const rows = [["port", r.port], ["firm INN", r.inn], ["groups", r.groups.join(", ") || "(none)"],
                ["shift", r.shift_open ? "open, " + age(r.shift_age_seconds) : "closed"],
                ["clock", r.clock_offset_seconds === null ? "unknown" : r.clock_offset_seconds + " s off"],
                ["OFD backlog", ofd_backlog(r)], ["FN expires", fn_expiry(r)],
                ["last FD", r.last_document], ["restarts", r.restarts]];
  for (const [name, value] of rows) {
    const dt = document.createElement("dt"); dt.textContent = name; dl.appendChild(dt);
    const dd = document.createElement("dd"); dd.textContent = text(value); dl.appendChild(dd);
  }
  div.appendChild(dl);
  for (const w of r.warnings) {
    const p = document.createElement("p"); p.className = "warning"; p.textContent = "⚠ " + w; div.appendChild(p);
  }
  return div;
}
function render(farm) {
  document.getElementById("version").textContent = "version " + farm.version;
  document.getElementById("updated").textContent = "updated " + new Date().toLocaleTimeString();
  const counts = {};
  for (const r of farm.registers) counts[r.state] = (counts[r.state] || 0) + 1;
  const summary = document.getElementById("summary");
  summary.replaceChildren();
  for (const [state, n] of Object.entries(counts)) {
    const s = document.createElement("span"); s.textContent = state + ": " + n; summary.appendChild(s);
  }
  const w = document.createElement("span"); w.textContent = "jobs waiting: " + farm.waiting + ", running: " + farm.running;
  summary.appendChild(w);
  document.getElementById("registers").replaceChildren(...farm.registers.map(card));
  const routes = document.getElementById("routes");
  routes.replaceChildren();
  for (const q of farm.routes) {
    const row = routes.insertRow();
    cell(row, q.inn); cell(row, q.group); cell(row, q.waiting); cell(row, q.running); cell(row, q.ready); cell(row, q.known);
  }
  const latest = document.getElementById("latest");
  latest.replaceChildren();
  for (const e of farm.latest) {
    const row = latest.insertRow();
    cell(row, e.accepted_at); cell(row, e.kind); cell(row, e.state, e.state); cell(row, e.status);
    cell(row, e.kkt_sn); cell(row, e.document_number);
  }
}
async function refresh() {
  try {
    const answer = await fetch("dashboard.json", {cache: "no-store"});
    if (!answer.ok) throw new Error("HTTP " + answer.status);
    render(await answer.json());
    document.getElementById("error").textContent = "";
  } catch (e) {
    document.getElementById("error").textContent = "cannot read the farm: " + e.message;
  }
}
refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
)html";
  return page;
}

}  // namespace ws::http::server
