// reset-password.js — sends the token from the mailed link with the new password.
"use strict";

document.getElementById("reset").addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = document.getElementById("result");
  const password = document.getElementById("password").value;
  if (password !== document.getElementById("again").value) {
    result.textContent = "The two passwords differ.";
    return;
  }
  const token = new URLSearchParams(window.location.search).get("token") || "";
  const response = await fetch("/api/v1/auth/password/reset", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token, password }),
  });
  if (response.status === 204) {
    result.textContent = "Your password is set. You can now sign in.";
    document.getElementById("reset").hidden = true;
    return;
  }
  const problem = await response.json();
  const fields = (problem.errors || []).map((error) => error.field + " " + error.message).join("; ");
  result.textContent = problem.detail + (fields ? " (" + fields + ")" : "");
});
