// status.js — fills the start page from /health and /api/v1/version.
"use strict";

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text;
  if (className) td.className = className;
  row.appendChild(td);
}

async function showStatus() {
  const summary = document.getElementById("summary");
  try {
    const response = await fetch("/health", { headers: { Accept: "application/json" } });
    const health = await response.json();
    summary.textContent = health.status === "ok"
      ? "Rotunda is running and every component is healthy."
      : "Rotunda is running, but some components need attention (" + health.status + ").";
    const components = [];
    if (health.database) components.push(["database", health.database]);
    for (const [name, value] of Object.entries(health.mail ? { mail: health.mail } : {}))
      components.push([name, value]);
    for (const plugin of health.plugins || []) components.push(["plugin " + plugin.id, plugin]);
    if (components.length) {
      const body = document.querySelector("#components tbody");
      for (const [name, component] of components) {
        const row = document.createElement("tr");
        cell(row, name);
        cell(row, component.state, component.state === "ok" ? "state-ok" : component.state === "disabled" ? "state-off" : "state-bad");
        cell(row, component.reason || "");
        body.appendChild(row);
      }
      document.getElementById("components").hidden = false;
    }
  } catch (error) {
    summary.textContent = "Rotunda did not answer: " + error.message;
  }
  try {
    const version = await (await fetch("/api/v1/version")).json();
    document.getElementById("version").textContent = version.name + " " + version.version;
  } catch (error) {
    // The footer stays empty; the status section already reports the failure.
  }
}

showStatus();
