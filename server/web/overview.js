// overview.js — sign in, and see one's organizations as the API shows them: a
// facility's services, capacity and agreements; a school's partners, agreements
// and students. Everything is read through /api/v1 with the session cookie;
// text from the server is always inserted as text, never as markup.
"use strict";

let csrf = "";

async function api(path, options = {}) {
  const headers = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  if (options.method && options.method !== "GET") headers["X-CSRF-Token"] = csrf;
  const response = await fetch(path, {
    method: options.method || "GET", headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const type = response.headers.get("Content-Type") || "";
  return { status: response.status, body: type.includes("json") ? await response.json() : null };
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function table(headings, rows) {
  const t = element("table");
  const head = t.createTHead().insertRow();
  for (const h of headings) { const th = element("th", h); th.scope = "col"; head.appendChild(th); }
  const body = t.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const value of row) tr.appendChild(element("td", value === null || value === undefined ? "" : String(value)));
  }
  return t;
}

function list(parent, title, rows, headings, empty) {
  parent.appendChild(element("h4", title));
  parent.appendChild(rows.length ? table(headings, rows) : element("p", empty));
}

async function facilityPart(o, part, roles) {
  const services = (await api(`/api/v1/organizations/${o.id}/services?limit=100`)).body.items || [];
  const windows = [];
  for (const s of services) {
    const found = await api(`/api/v1/services/${s.id}/capacity`);
    for (const w of (found.body && found.body.items) || [])
      windows.push([s.name, w.startDate + " – " + w.endDate, w.workflow.replace("_", " "), w.booked + " / " + w.capacity]);
  }
  list(part, "Services", services.map((s) => [s.name, s.specialty, s.location, s.active ? "active" : "archived"]),
       ["Service", "Specialty", "Location", "State"], "No services yet.");
  list(part, "Capacity", windows, ["Service", "Dates", "Workflow", "Booked"], "No capacity windows yet.");
  if (roles.includes("admin") || roles.includes("coordinator")) await agreementsPart(o, part);
}

async function agreementsPart(o, part) {
  const agreements = (await api(`/api/v1/organizations/${o.id}/agreements`)).body.items || [];
  list(part, "Affiliation agreements", agreements.map((a) => [a.name, a.startDate + " – " + a.endDate, a.state]),
       ["Agreement", "Dates", "State"], "No agreements yet.");
}

async function schoolPart(o, part, roles) {
  if (roles.some((r) => ["admin", "coordinator", "faculty"].includes(r))) {
    const students = (await api(`/api/v1/organizations/${o.id}/students?limit=100`)).body.items || [];
    list(part, "Students", students.map((s) => [s.name, s.email, s.program, s.graduationYear || ""]),
         ["Name", "Email", "Program", "Graduation"], "No students yet.");
  }
  if (roles.includes("admin") || roles.includes("coordinator")) await agreementsPart(o, part);
}

async function showOverview(user) {
  document.getElementById("signin").hidden = true;
  document.getElementById("overview").hidden = false;
  document.getElementById("who").textContent = user.name + " (" + user.email + ")";
  const holder = document.getElementById("organizations");
  holder.replaceChildren();
  const organizations = (await api("/api/v1/organizations")).body.items || [];
  if (!organizations.length) holder.appendChild(element("p", "You do not belong to an organization yet."));
  for (const o of organizations) {
    const part = element("article");
    part.appendChild(element("h3", `${o.name} — ${o.kind}, you are ${o.myRoles.join(", ")}`));
    const partners = (await api(`/api/v1/organizations/${o.id}/partners`)).body.items || [];
    part.appendChild(element("p", partners.length
      ? "Partners: " + partners.map((p) => p.partner.name).join(", ") : "No partners yet."));
    if (o.kind === "facility") await facilityPart(o, part, o.myRoles);
    else await schoolPart(o, part, o.myRoles);
    holder.appendChild(part);
  }
}

function showSignIn() {
  document.getElementById("overview").hidden = true;
  document.getElementById("signin").hidden = false;
}

document.getElementById("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const result = document.getElementById("signin-result");
  result.textContent = "Signing in…";
  const answer = await api("/api/v1/auth/login", {
    method: "POST", body: { email: form.email.value, password: form.password.value },
  });
  form.password.value = "";
  if (answer.status !== 200) {
    result.textContent = (answer.body && answer.body.detail) || "Sign-in failed (" + answer.status + ").";
    return;
  }
  result.textContent = "";
  csrf = answer.body.csrfToken;
  await showOverview(answer.body.user);
});

document.getElementById("signout").addEventListener("click", async () => {
  await api("/api/v1/auth/logout", { method: "POST", body: {} });
  csrf = "";
  showSignIn();
});

(async () => {
  const session = await api("/api/v1/auth/session");
  if (session.status === 200) {
    csrf = session.body.csrfToken;
    await showOverview(session.body.user);
  } else {
    showSignIn();
  }
})();
