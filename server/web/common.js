// common.js — what every page of the browser UI shares: calls to /api/v1 with the
// session cookie and its CSRF token, and building elements from server text (as
// text, never as markup).
"use strict";

const session = { csrf: "", user: null };

async function api(path, options = {}) {
  const headers = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.method && options.method !== "GET") headers["X-CSRF-Token"] = session.csrf;
  const response = await fetch(path, {
    method: options.method || "GET", headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const type = response.headers.get("Content-Type") || "";
  return { status: response.status, body: type.includes("json") ? await response.json() : null };
}

/// Loads the current session; false when nobody is signed in. Throws when the
/// server cannot answer (a network failure, or a 5xx), so a page does not send
/// someone to sign in again because the server is down.
async function loadSession() {
  const found = await api("/api/v1/auth/session");
  if (found.status >= 500) throw new Error("the server answered " + found.status);
  if (found.status !== 200) return false;
  session.csrf = found.body.csrfToken;
  session.user = found.body.user;
  return true;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function button(label, onClick) {
  const b = element("button", label);
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

function table(headings, rows) {
  const t = element("table");
  const head = t.createTHead().insertRow();
  for (const h of headings) { const th = element("th", h); th.scope = "col"; head.appendChild(th); }
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const value of row) {
      const td = element("td");
      if (value instanceof Node) td.appendChild(value);
      else td.textContent = value === null || value === undefined ? "" : String(value);
      tr.appendChild(td);
    }
  }
  return t;
}

/// The problem+json detail of a refusal, with its field errors.
function explain(answer) {
  const problem = answer.body || {};
  const fields = (problem.errors || []).map((e) => e.field + " " + e.message).join("; ");
  return (problem.detail || "failed (" + answer.status + ")") + (fields ? " (" + fields + ")" : "");
}
