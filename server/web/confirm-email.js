// confirm-email.js — sends the token from the mailed link to confirm a new address.
"use strict";

document.getElementById("confirm").addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = document.getElementById("result");
  const token = new URLSearchParams(window.location.search).get("token") || "";
  const response = await fetch("/api/v1/auth/email/confirm", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
  });
  if (response.status === 204) {
    result.textContent = "Your email address is changed. Sign in with the new one from now on.";
    document.getElementById("confirm").hidden = true;
    return;
  }
  const problem = await response.json();
  result.textContent = problem.detail;
});
