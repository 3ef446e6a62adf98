// connections.js (after common.js) — requests to accept or decline, one's
// connections (with a way to write to them), and the staff directory search.
"use strict";

function say(text) { document.getElementById("action-result").textContent = text; }

async function act(path, body) {
  const answer = await api(path, { method: "POST", body: body || {} });
  say(answer.status < 300 ? "" : explain(answer));
  await refresh();
  return answer;
}

async function writeTo(userId) {
  const thread = await api("/api/v1/threads", { method: "POST", body: { userId } });
  if (thread.status === 200 || thread.status === 201)
    window.location.href = "/messages.html?thread=" + encodeURIComponent(thread.body.id);
  else say(explain(thread));
}

async function refresh() {
  const incoming = (await api("/api/v1/connections?filter=incoming")).body.items || [];
  document.getElementById("incoming").replaceChildren(incoming.length
    ? table(["From", "Note", "", ""], incoming.map((c) => [c.otherName || c.otherId, c.note,
        button("Accept", () => act(`/api/v1/connections/${c.id}/accept`)),
        button("Decline", () => act(`/api/v1/connections/${c.id}/decline`))]))
    : element("p", "No requests waiting for you."));
  const accepted = (await api("/api/v1/connections?filter=accepted")).body.items || [];
  document.getElementById("accepted").replaceChildren(accepted.length
    ? table(["Name", ""], accepted.map((c) => [c.otherName || c.otherId, button("Write", () => writeTo(c.otherId))]))
    : element("p", "No connections yet: find someone below and ask to connect."));
}

document.getElementById("search").addEventListener("submit", async (event) => {
  event.preventDefault();
  const q = event.target.q.value;
  const found = await api("/api/v1/directory?limit=20&q=" + encodeURIComponent(q));
  if (found.status !== 200) { say(explain(found)); return; }
  const people = found.body.items || [];
  document.getElementById("results").replaceChildren(people.length
    ? table(["Name", "Title", "Specialty", "Organization", ""], people.map((p) => [
        p.name, p.title, p.specialty, (p.organizations || []).map((o) => o.name || o).join(", "),
        button("Ask to connect", () => act("/api/v1/connections", { userId: p.id }))]))
    : element("p", "Nobody listed matches."));
});

(async () => {
  if (!(await loadSession())) { document.getElementById("signed-out").hidden = false; return; }
  document.getElementById("signed-in").hidden = false;
  await refresh();
})();
