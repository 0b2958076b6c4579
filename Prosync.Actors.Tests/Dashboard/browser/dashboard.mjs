// Drives the Prosync dashboard in Debian's headless Chromium with Playwright, in step with the C# test
// (DashboardBrowserTests) that owns the MPD servers: it prints "STEP <name>" when a stage is done and reads
// the test's answers ("stopped", "restarted") from stdin. Any failure prints "FAIL <why>" and exits 1.
//
// The browser starts first ("STEP browser"), then the test answers with the dashboard's address ("url URL"):
// Chromium's start-up is the heaviest moment of the run, and it should not compete with a proxy that is timing
// its probes.
//
//   node dashboard.mjs --rooms kitchen,living-room,bedroom --stop bedroom --screenshot PATH
//                      [--chromium /usr/bin/chromium] [--insync-timeout MS]
import { createInterface } from "node:readline";
import { args, drive } from "./browser.mjs";

const rooms = args.rooms.split(",");
const stopped = args.stop;

const lines = createInterface({ input: process.stdin });
const answers = [];
let waiting = null;
lines.on("line", (line) => { if (waiting) { const w = waiting; waiting = null; w(line.trim()); } else answers.push(line.trim()); });
const answer = (expected) => new Promise((resolve, reject) => {
  const check = (line) => (line.split(" ")[0] === expected ? resolve(line.slice(expected.length).trim())
    : reject(new Error(`expected '${expected}' from the test, got '${line}'`)));
  if (answers.length) check(answers.shift()); else waiting = check;
});
const step = (name) => console.log(`STEP ${name}`);
const roomState = (page, name) => page.locator(`.room[data-room="${name}"]`).getAttribute("data-state");

await drive({ height: 1180, consoleErrors: true }, async (page, pageErrors) => {
  await page.goto("about:blank");
  step("browser");
  const url = await answer("url");
  await page.goto(url, { waitUntil: "load" });

  // Every room appears, in sync.
  for (const room of rooms) {
    await page.waitForFunction((name) => {
      const card = document.querySelector(`.room[data-room="${name}"]`);
      return card && card.dataset.state === "InSync" && card.querySelector(".rtt").textContent !== "–";
    }, room, { timeout: 30000 });
  }
  step("rooms");

  // The chart moves: more points, and different pixels, a second and a half later.
  await page.waitForFunction(() => window.prosync.frames() > 3, null, { timeout: 10000 });
  const canvas = page.locator("#chart canvas").first();
  const pixels = () => canvas.evaluate((c) => c.toDataURL());
  const before = { frames: await page.evaluate(() => window.prosync.frames()), pixels: await pixels() };
  await page.waitForTimeout(1500);
  const after = { frames: await page.evaluate(() => window.prosync.frames()), pixels: await pixels() };
  if (after.frames < before.frames + 4) throw new Error(`the chart did not move: ${before.frames} -> ${after.frames} points`);
  if (after.pixels === before.pixels) throw new Error("the chart's canvas did not change in 1.5 s");
  step(`chart ${before.frames}->${after.frames}`);

  // Continuity: every room shows its corrections, and the rooms other than the primary their measured position
  // against it (the demo plays, so positions are measured within seconds).
  await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll(".room")];
    return cards.length > 1 && cards.every((c) => /^\d+$/.test(c.querySelector(".corrections").textContent))
      && cards.filter((c) => !c.classList.contains("primary")).every((c) => c.querySelector(".position").textContent.endsWith("ms"));
  }, null, { timeout: 30000 });
  step("continuity");

  // A room goes down and comes back.
  step("stop");
  await answer("stopped");
  await page.waitForFunction((name) => document.querySelector(`.room[data-room="${name}"]`)?.dataset.state === "Down",
    stopped, { timeout: 15000 });
  const badge = await page.locator(`.room[data-room="${stopped}"] .state`).textContent();
  if (badge.trim() !== "Down") throw new Error(`the badge says '${badge}' for a room that is down`);
  step("down");
  await page.waitForTimeout(300); // a visible gap in the chart
  step("restart");
  await answer("restarted");
  await page.waitForFunction((name) => document.querySelector(`.room[data-room="${name}"]`)?.dataset.state === "InSync",
    stopped, { timeout: Number(args["insync-timeout"] || 60000) });
  step("insync");

  for (const room of rooms) {
    const state = await roomState(page, room);
    if (state !== "InSync") throw new Error(`${room} is ${state} at the end`);
  }
  await page.waitForTimeout(2500); // let the chart draw the room's return
  if (pageErrors.length) throw new Error(`the page reported errors: ${pageErrors.join("; ")}`);
  await page.screenshot({ path: args.screenshot, fullPage: true });
  step("screenshot");
  console.log("DONE");
});
lines.close();
