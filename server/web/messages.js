// messages.js (after common.js) — one's conversations with unread counts; a
// conversation's messages, older ones on demand; sending; read markers move as
// messages are shown.
"use strict";

let current = null;      // the open thread
let olderCursor = "";    // where the next "Older messages" page starts

function showMessage(list, m, atTop) {
  const item = element("li", undefined, m.senderId === session.user.id ? "mine" : "theirs");
  item.appendChild(element("span", (m.senderId === session.user.id ? "You" : current.otherName) + " · " + m.createdAt, "meta"));
  item.appendChild(element("p", m.body));
  if (m.documentId) {
    const link = element("a", "Attachment");
    link.href = "/api/v1/documents/" + encodeURIComponent(m.documentId);
    item.appendChild(link);
  }
  if (atTop) list.prepend(item); else list.appendChild(item);
}

async function loadPage(first) {
  const query = olderCursor ? "?before=" + encodeURIComponent(olderCursor) : "";
  const page = await api(`/api/v1/threads/${current.id}/messages${query}`);
  const list = document.getElementById("messages");
  const items = (page.body && page.body.items) || [];  // newest first
  for (const m of items) showMessage(list, m, true);
  olderCursor = (page.body && page.body.nextCursor) || "";
  document.getElementById("older").hidden = !olderCursor;
  if (first && items.length)
    await api(`/api/v1/threads/${current.id}/read`, { method: "POST", body: { upTo: items[0].id } });
}

async function openThread(thread) {
  current = thread;
  olderCursor = "";
  document.getElementById("messages").replaceChildren();
  document.getElementById("thread-heading").textContent = "With " + thread.otherName;
  document.getElementById("thread-section").hidden = false;
  await loadPage(true);
  await listThreads();
}

async function listThreads() {
  const answer = await api("/api/v1/threads?limit=50");
  const threads = (answer.body && answer.body.items) || [];
  const holder = document.getElementById("threads");
  holder.replaceChildren(threads.length
    ? table(["With", "Last message", "Unread", ""], threads.map((t) => [
        t.otherName, t.lastMessageAt || "", t.unread, button("Open", () => openThread(t))]))
    : element("p", "No conversations yet. Connect with someone on the connections page to write to them."));
  return threads;
}

document.getElementById("older").addEventListener("click", () => loadPage(false));
document.getElementById("send").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const result = document.getElementById("send-result");
  const sent = await api(`/api/v1/threads/${current.id}/messages`, { method: "POST", body: { body: form.body.value } });
  if (sent.status !== 201) { result.textContent = explain(sent); return; }
  result.textContent = "";
  form.body.value = "";
  showMessage(document.getElementById("messages"), sent.body, false);
  await listThreads();
});

(async () => {
  if (!(await loadSession())) { document.getElementById("signed-out").hidden = false; return; }
  document.getElementById("threads-section").hidden = false;
  const threads = await listThreads();
  const wanted = new URLSearchParams(window.location.search).get("thread");
  const open = threads.find((t) => t.id === wanted);
  if (open) await openThread(open);
})();
