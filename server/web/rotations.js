// rotations.js (after common.js) — the signed-in person's dashboard from
// GET /api/v1/dashboard: what needs their attention, their rotations counted by
// status and the upcoming starts (paged); for students an elective search
// (GET /api/v1/electives, paged), for staff the CSV export. Names from the server
// are always inserted as text.
"use strict";

/// Nobody is signed in (or the session ended): the page offers the start page.
class SignedOut extends Error {}
/// The server could not answer (unreachable, or a 5xx): the page says so.
class Unavailable extends Error {}

const KIND_LABELS = {
  application_to_decide: "Application to decide",
  onboarding_starting_soon: "Onboarding, starting soon",
  application_to_review: "Application to review",
  application_to_submit: "Application to submit",
  step_to_complete: "Step to complete",
  step_to_verify: "Step to verify",
};
const UPCOMING_PAGE = 10;
const ELECTIVES_PAGE = 5;

/// GET through api(), turning the answers no section can use into the two errors
/// above; anything else (200, or a 4xx with a problem) goes back to the caller.
async function read(path) {
  let answer;
  try {
    answer = await api(path);
  } catch (error) {
    throw new Unavailable("Rotunda cannot be reached right now (" + error.message + "). Check your connection and reload the page.");
  }
  if (answer.status === 401) throw new SignedOut();
  if (answer.status >= 500)
    throw new Unavailable("Rotunda could not answer (" + explain(answer) + "). Try again in a moment; if it keeps failing, tell your administrator.");
  return answer;
}

function fail(error) {
  if (error instanceof SignedOut) {
    document.getElementById("signed-in").hidden = true;
    document.getElementById("signed-out").hidden = false;
    return;
  }
  const failure = document.getElementById("failure");
  failure.textContent = error instanceof Unavailable ? error.message : "Something went wrong on this page: " + error.message;
  failure.hidden = false;
}

/// Runs an action of the page, showing its failure instead of throwing it.
function guarded(action) {
  return async (...args) => {
    try { await action(...args); } catch (error) { fail(error); }
  };
}

function dates(r) { return r.startDate + " – " + r.endDate; }

function stepText(step) {
  if (!step) return ["", ""];
  const state = step.state === "rejected" && step.reason ? "rejected: " + step.reason : step.state;
  return [step.name, state];
}

function showAttention(attention) {
  const items = attention.items || [];
  const summary = document.getElementById("attention-summary");
  const kinds = Object.entries(attention.byKind || {}).filter(([, n]) => n > 0)
    .map(([kind, n]) => `${(KIND_LABELS[kind] || kind).toLowerCase()}: ${n}`);
  summary.textContent = attention.total === 0 ? "Nothing needs you right now."
    : `${attention.total} in all (${kinds.join(", ")})`
      + (items.length < attention.total ? `; the first ${items.length} are shown.` : ".");
  const rows = items.map((item) => {
    const r = item.rotation;
    return [KIND_LABELS[item.kind] || item.kind, r.student.name, r.service.name, r.facility.name, dates(r),
            ...stepText(item.step)];
  });
  document.getElementById("attention").replaceChildren(rows.length
    ? table(["What", "Student", "Service", "Facility", "Dates", "Step", "State"], rows) : element("span"));
}

function showCounts(counts) {
  const rows = Object.keys(counts.byStatus).map((status) => [status.replace("_", " "), counts.byStatus[status]]);
  const holder = document.getElementById("counts");
  holder.replaceChildren(element("p", `${counts.total} rotation${counts.total === 1 ? "" : "s"} in all.`),
                         table(["Status", "Rotations"], rows));
}

function upcomingRows(items) {
  return items.map((r) => [r.startDate, r.endDate, r.student.name, r.service.name, r.facility.name,
                           r.preceptor ? r.preceptor.name : "", r.status]);
}

const upcoming = { cursor: null };

function showUpcoming(part, append) {
  const holder = document.getElementById("upcoming");
  const items = part.items || [];
  upcoming.cursor = part.nextCursor;
  document.getElementById("upcoming-more").hidden = !part.nextCursor;
  const existing = holder.querySelector("tbody");
  if (append && existing) {
    const extra = table(["", "", "", "", "", "", ""], upcomingRows(items)).tBodies[0];
    for (const row of [...extra.rows]) existing.appendChild(row);
    return;
  }
  holder.replaceChildren(items.length
    ? table(["Starts", "Ends", "Student", "Service", "Facility", "Preceptor", "Status"], upcomingRows(items))
    : element("p", `No rotations start between ${part.from} and ${part.to}.`));
}

async function dashboard(cursor) {
  const query = "?limit=" + UPCOMING_PAGE + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
  const answer = await read("/api/v1/dashboard" + query);
  if (answer.status !== 200) throw new Error("the dashboard was refused: " + explain(answer));
  return answer.body;
}

const electives = { query: "", cursor: null };

function electiveRows(items) {
  return items.map((e) => [e.serviceName, e.specialty, e.facilityName, e.location, e.startDate + " – " + e.endDate,
                           e.applicationDeadline || "", `${e.freePlaces} of ${e.capacity}`]);
}

async function searchElectives(append) {
  const url = "/api/v1/electives?" + electives.query + "&limit=" + ELECTIVES_PAGE
    + (append && electives.cursor ? "&cursor=" + encodeURIComponent(electives.cursor) : "");
  const result = document.getElementById("elective-result");
  const holder = document.getElementById("elective-list");
  const answer = await read(url);
  if (answer.status !== 200) {
    result.textContent = explain(answer);
    holder.replaceChildren();
    document.getElementById("electives-more").hidden = true;
    return;
  }
  const items = answer.body.items || [];
  electives.cursor = answer.body.nextCursor;
  document.getElementById("electives-more").hidden = !electives.cursor;
  const existing = holder.querySelector("tbody");
  if (append && existing) {
    for (const row of [...table(["", "", "", "", "", "", ""], electiveRows(items)).tBodies[0].rows]) existing.appendChild(row);
  } else {
    result.textContent = items.length ? "" : "No elective matches.";
    holder.replaceChildren(items.length
      ? table(["Service", "Specialty", "Facility", "Location", "Dates", "Apply by", "Free places"], electiveRows(items))
      : element("span"));
  }
}

document.getElementById("elective-search").addEventListener("submit", guarded(async (event) => {
  event.preventDefault();
  const form = event.target;
  const params = new URLSearchParams();
  if (form.q.value.trim()) params.set("q", form.q.value.trim());
  if (form.specialty.value.trim()) params.set("specialty", form.specialty.value.trim());
  params.set("available", form.available.checked ? "true" : "false");
  electives.query = params.toString();
  electives.cursor = null;
  document.getElementById("elective-result").textContent = "Searching…";
  await searchElectives(false);
}));

document.getElementById("electives-more").addEventListener("click", guarded(() => searchElectives(true)));

document.getElementById("upcoming-more").addEventListener("click", guarded(async () => {
  if (!upcoming.cursor) return;
  showUpcoming((await dashboard(upcoming.cursor)).upcoming, true);
}));

(guarded(async () => {
  let signedIn;
  try {
    signedIn = await loadSession();
  } catch (error) {
    throw new Unavailable("Rotunda cannot be reached right now (" + error.message + "). Check your connection and reload the page.");
  }
  if (!signedIn) throw new SignedOut();
  const organizations = (await read("/api/v1/organizations")).body;
  const roles = ((organizations && organizations.items) || []).flatMap((o) => o.myRoles || []);
  const shown = await dashboard(null);
  document.getElementById("signed-in").hidden = false;
  showAttention(shown.attention);
  showCounts(shown.counts);
  showUpcoming(shown.upcoming, false);
  document.getElementById("electives").hidden = !roles.includes("student");
  document.getElementById("export").hidden = !roles.some((role) => role !== "student");
}))();
