// accept-invitation.js — shows what an invitation offers and accepts it with a new password.
// Opening the link changes nothing: accepting takes the button, so mail scanners that
// fetch links cannot accept on anyone's behalf.
"use strict";

const token = new URLSearchParams(window.location.search).get("token") || "";
const offer = document.getElementById("offer");
const form = document.getElementById("accept");
const result = document.getElementById("result");

async function post(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function explain(problem) {
  const fields = (problem.errors || []).map((error) => error.field + " " + error.message).join("; ");
  return problem.detail + (fields ? " (" + fields + ")" : "");
}

(async () => {
  const preview = await post("/api/v1/invitations/preview", { token });
  if (preview.status !== 200) {
    offer.textContent = explain(preview.body);
    return;
  }
  const invitation = preview.body;
  offer.textContent = "You are invited to join " + invitation.organization + " as " + invitation.role +
    " (" + invitation.email + ").";
  if (!invitation.needsPassword) {
    result.textContent = invitation.email + " already has an account: sign in first, then open this link again.";
    return;
  }
  form.hidden = false;
})();

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const password = document.getElementById("password").value;
  if (password !== document.getElementById("again").value) {
    result.textContent = "The two passwords differ.";
    return;
  }
  const answer = await post("/api/v1/invitations/accept", {
    token, password, name: document.getElementById("name").value,
  });
  if (answer.status === 200) {
    form.hidden = true;
    result.textContent = "Welcome, " + answer.body.user.name + ". You are signed in.";
    return;
  }
  result.textContent = explain(answer.body);
});
