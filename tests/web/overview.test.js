// overview.test.js — the start page in a real browser (Debian's chromium driven by
// Playwright): a wrong password says so, a coordinator signs in and sees the
// school's partners, students and agreements, names typed by users stay text,
// the session survives a reload, and signing out returns to the form.
// Usage: node overview.test.js BASE_URL EMAIL PASSWORD   (prints ok:/FAIL: lines)
"use strict";
const { chromium } = require("playwright-core");

const [base, email, password] = process.argv.slice(2);
let failures = 0;
function check(description, condition, detail) {
  if (condition) console.log("ok: " + description);
  else { failures++; console.error("FAIL: " + description + (detail === undefined ? "" : " — got: " + detail)); }
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--headless=new"],
  });
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  let dialogs = 0;
  page.on("dialog", async (dialog) => { dialogs++; await dialog.dismiss(); });

  await page.goto(base + "/");
  await page.waitForSelector("#signin:not([hidden])");
  check("without a session the page offers the sign-in form", await page.isVisible("#signin-form"));

  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", "not the password at all");
  await page.click("button[type=submit]");
  await page.waitForFunction(() => document.getElementById("signin-result").textContent !== "Signing in…");
  const refusal = await page.textContent("#signin-result");
  check("a wrong password is refused with the server's words", /not correct/.test(refusal), refusal);

  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#organizations article");
  const heading = await page.textContent("#organizations article h3");
  check("the coordinator sees the school and their role",
        heading.includes("Northfield University School of Nursing") && heading.includes("coordinator"), heading);
  const students = await page.$$eval("#organizations article table", (tables) => {
    const t = tables.find((x) => x.previousElementSibling && x.previousElementSibling.textContent === "Students");
    return t ? t.tBodies[0].rows.length : -1;
  });
  check("and the school's twelve demo students", students === 12, students);
  const partners = await page.textContent("#organizations article p");
  check("the partner facility, named as typed (markup stays text)",
        partners.includes("Riverside General Hospital") && partners.includes("<img src=x onerror=alert(1)>"), partners);
  check("no markup from data ran", dialogs === 0 && (await page.$$("#organizations img")).length === 0);

  await page.reload();
  await page.waitForSelector("#organizations article");
  check("a reload keeps the session", await page.isVisible("#overview"));
  await page.click("#signout");
  await page.waitForSelector("#signin:not([hidden])");
  const after = await page.evaluate(async () => (await fetch("/api/v1/auth/session")).status);
  check("signing out ends the session (the CSRF token was sent)", after === 401, after);
  check("no script errors on the page", errors.length === 0, errors.join("; "));
  await browser.close();
  if (failures) { console.error(failures + " check(s) failed"); process.exit(1); }
  console.log("all checks passed");
})().catch((error) => { console.error("FAIL: " + error.message); process.exit(1); });
