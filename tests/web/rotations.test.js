// rotations.test.js — the rotations page in a real browser: a demo student signs
// in, follows the start page's link, sees the steps they have to complete (with
// the facility's markup name shown as text) and searches electives, paging with
// "More"; a failing or unreachable server is reported as such; a coordinator sees their rotations counted by status and the CSV export.
// Usage: node rotations.test.js BASE_URL STUDENT_EMAIL COORDINATOR_EMAIL PASSWORD
"use strict";
const { chromium } = require("playwright-core");

const [base, studentEmail, coordinatorEmail, password] = process.argv.slice(2);
let failures = 0;
function check(description, condition, detail) {
  if (condition) console.log("ok: " + description);
  else { failures++; console.error("FAIL: " + description + (detail === undefined ? "" : " — got: " + detail)); }
}

async function signIn(browser, email) {
  const page = await (await browser.newContext()).newPage();
  page.errors = [];
  page.on("pageerror", (error) => page.errors.push(error.message));
  page.on("dialog", (dialog) => { page.errors.push("a dialog opened: " + dialog.message()); dialog.dismiss(); });
  await page.goto(base + "/");
  await page.waitForSelector("#signin:not([hidden])");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
  await page.waitForSelector("#overview:not([hidden])");
  return page;
}

/// The API's own answer, read in the page with its session, to compare the page against.
function apiJson(page, path) {
  return page.evaluate(async (p) => (await fetch(p, { headers: { Accept: "application/json" } })).json(), path);
}

function cells(page, selector) {
  return page.$$eval(selector + " tbody tr", (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--headless=new"],
  });

  const signedOut = await (await browser.newContext()).newPage();
  await signedOut.goto(base + "/rotations.html");
  await signedOut.waitForSelector("#signed-out:not([hidden])");
  check("signed out, the page links to the start page to sign in",
        (await signedOut.getAttribute("#signed-out a", "href")) === "/");

  const student = await signIn(browser, studentEmail);
  await student.click("#overview >> text=Rotations");
  await student.waitForURL(/rotations\.html$/);
  await student.waitForSelector("#signed-in:not([hidden])");
  const dashboard = await apiJson(student, "/api/v1/dashboard");
  const steps = dashboard.attention.items.filter((i) => i.kind === "step_to_complete");
  check("the demo student has steps to complete", steps.length > 0, JSON.stringify(dashboard.attention.byKind));
  const attention = await cells(student, "#attention");
  check("every step to complete is listed with its name and state",
        attention.length === dashboard.attention.items.length
          && steps.every((s, i) => attention[i][0] === "Step to complete" && attention[i][5] === s.step.name
                                   && attention[i][6] === s.step.state),
        JSON.stringify(attention));
  const first = steps[0].rotation;
  check("a step shows its rotation's student, service, facility and dates",
        attention[0][1] === first.student.name && attention[0][2] === first.service.name
          && attention[0][3] === first.facility.name && attention[0][4] === first.startDate + " – " + first.endDate,
        attention[0].join(" | "));
  check("the facility's markup name is shown as text",
        attention[0][3].includes("<img") && (await student.$$("main img")).length === 0, attention[0][3]);
  check("a student gets the elective search, not the export",
        await student.isVisible("#electives") && !(await student.isVisible("#export")));

  await student.fill("#elective-search input[name=q]", "Emergency");
  await student.click("#elective-search button[type=submit]");
  await student.waitForSelector("#elective-list table");
  const emergency = await cells(student, "#elective-list");
  const expected = await apiJson(student, "/api/v1/electives?q=Emergency&available=true&limit=100");
  check("searching electives lists the matching windows with free places",
        emergency.length === expected.items.length && emergency.length > 0
          && emergency.every((row) => row[0] === "Emergency Department" && /^[1-9]\d* of \d+$/.test(row[6])),
        JSON.stringify(emergency));

  await student.fill("#elective-search input[name=q]", "");
  await student.click("#elective-search button[type=submit]");
  await student.waitForFunction(() => document.getElementById("elective-result").textContent === "");
  const all = await apiJson(student, "/api/v1/electives?available=true&limit=100");
  for (let shown = (await cells(student, "#elective-list")).length; await student.isVisible("#electives-more");) {
    await student.click("#electives-more");
    await student.waitForFunction((n) => document.querySelectorAll("#elective-list tbody tr").length > n, shown);
    shown = (await cells(student, "#elective-list")).length;
  }
  const paged = await cells(student, "#elective-list");
  check("'More' pages through every elective with free places",
        all.items.length > 5 && paged.length === all.items.length
          && paged.every((row, i) => row[4] === all.items[i].startDate + " – " + all.items[i].endDate),
        paged.length + " of " + all.items.length);

  await student.route("**/api/v1/dashboard*", (route) => route.fulfill({
    status: 503, contentType: "application/problem+json", body: JSON.stringify({ status: 503, detail: "database unavailable" }),
  }));
  await student.reload();
  await student.waitForSelector("#failure:not([hidden])");
  check("a server failure is told as such, not as a sign-in",
        (await student.textContent("#failure")).includes("database unavailable") && !(await student.isVisible("#signed-out")),
        await student.textContent("#failure"));
  await student.unroute("**/api/v1/dashboard*");
  await student.route("**/api/v1/dashboard*", (route) => route.abort("connectionrefused"));
  await student.reload();
  await student.waitForSelector("#failure:not([hidden])");
  check("an unreachable server is told as such", (await student.textContent("#failure")).includes("cannot be reached"),
        await student.textContent("#failure"));
  await student.unroute("**/api/v1/dashboard*");

  const coordinator = await signIn(browser, coordinatorEmail);
  await coordinator.goto(base + "/rotations.html");
  await coordinator.waitForSelector("#counts table");
  const counts = (await apiJson(coordinator, "/api/v1/dashboard")).counts;
  const byStatus = Object.fromEntries((await cells(coordinator, "#counts")).map(([s, n]) => [s, Number(n)]));
  check("the coordinator sees their rotations counted by status",
        counts.total > 0 && Object.entries(counts.byStatus).every(([s, n]) => byStatus[s.replace("_", " ")] === n)
          && (await coordinator.textContent("#counts p")) === counts.total + " rotations in all.",
        JSON.stringify(byStatus));
  check("the coordinator gets the CSV export, not the elective search",
        await coordinator.isVisible("#export") && !(await coordinator.isVisible("#electives"))
          && (await coordinator.getAttribute("#export-link", "href")) === "/api/v1/rotations.csv");
  const upcoming = await cells(coordinator, "#upcoming");
  check("upcoming starts are listed", upcoming.length > 0, String(upcoming.length));

  check("no script errors on any page", student.errors.length === 0 && coordinator.errors.length === 0,
        student.errors.concat(coordinator.errors).join("; "));
  await browser.close();
  if (failures) { console.error(failures + " check(s) failed"); process.exit(1); }
  console.log("all checks passed");
})().catch((error) => { console.error("FAIL: " + error.message); process.exit(1); });
