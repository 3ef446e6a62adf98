// messages.test.js — the connections and messages pages in a real browser: a
// coordinator finds a preceptor in the staff directory and asks to connect, the
// preceptor accepts and writes, the coordinator sees one unread message, opens
// it and answers; message text that looks like markup stays text.
// Usage: node messages.test.js BASE_URL ASKER_EMAIL PRECEPTOR_EMAIL PASSWORD
"use strict";
const { chromium } = require("playwright-core");

const [base, askerEmail, preceptorEmail, password] = process.argv.slice(2);
let failures = 0;
function check(description, condition, detail) {
  if (condition) console.log("ok: " + description);
  else { failures++; console.error("FAIL: " + description + (detail === undefined ? "" : " — got: " + detail)); }
}

async function signIn(browser, email) {
  const page = await (await browser.newContext()).newPage();
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  await page.goto(base + "/");
  await page.waitForSelector("#signin:not([hidden])");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#overview:not([hidden])");
  return page;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--headless=new"],
  });
  const asker = await signIn(browser, askerEmail);
  await asker.click("text=Connections");
  await asker.waitForSelector("#signed-in:not([hidden])");
  await asker.fill("input[name=q]", "Lee");
  await asker.click("#search button[type=submit]");
  await asker.waitForSelector("#results table");
  const found = await asker.textContent("#results table tbody");
  check("the directory finds the preceptor with their organization", found.includes("Dr. Lee Chen") && found.includes("Riverside"), found);
  await asker.click("#results >> text=Ask to connect");
  await asker.waitForFunction(() => document.getElementById("action-result").textContent === "");

  const preceptor = await signIn(browser, preceptorEmail);
  await preceptor.goto(base + "/connections.html");
  await preceptor.waitForSelector("#incoming table");
  check("the preceptor sees the request", (await preceptor.textContent("#incoming")).includes("Priya Shah"));
  await preceptor.click("#incoming >> text=Accept");
  await preceptor.waitForSelector("#accepted table");
  await preceptor.click("#accepted >> text=Write");
  await preceptor.waitForURL(/messages\.html\?thread=/);
  await preceptor.waitForSelector("#thread-section:not([hidden])");
  await preceptor.fill("textarea[name=body]", "Welcome! Orientation is at 07:30 <b>sharp</b>.");
  await preceptor.click("#send button[type=submit]");
  await preceptor.waitForSelector("#messages li");
  check("the message appears in the conversation", (await preceptor.textContent("#messages")).includes("07:30 <b>sharp</b>"));

  await asker.goto(base + "/messages.html");
  await asker.waitForSelector("#threads table");
  const row = await asker.$$eval("#threads table tbody tr td", (cells) => cells.map((c) => c.textContent));
  check("the coordinator sees one unread message from the preceptor", row[0] === "Dr. Lee Chen" && row[2] === "1", row.join(" | "));
  await asker.click("#threads >> text=Open");
  await asker.waitForSelector("#messages li");
  check("markup in a message stays text", (await asker.$$("#messages b")).length === 0);
  await asker.waitForFunction(async () => (await (await fetch("/api/v1/me/unread")).json()).unread === 0);
  check("opening it marks it read", true);
  await asker.fill("textarea[name=body]", "Thank you, see you then.");
  await asker.click("#send button[type=submit]");
  await asker.waitForFunction(() => document.querySelectorAll("#messages li").length === 2);
  check("the answer is sent", true);
  check("no script errors on either page", asker.errors.length === 0 && preceptor.errors.length === 0,
        asker.errors.concat(preceptor.errors).join("; "));
  await browser.close();
  if (failures) { console.error(failures + " check(s) failed"); process.exit(1); }
  console.log("all checks passed");
})().catch((error) => { console.error("FAIL: " + error.message); process.exit(1); });
