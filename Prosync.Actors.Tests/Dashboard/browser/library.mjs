// Drives the dashboard's Library panel in Debian's headless Chromium (Playwright), for LibraryDashboardTests: it
// waits for the registry to show what a room lacks, presses that room's "Bring up to date", then drops a file on the
// page and waits for every room's result and its bar. With --signals DIR it then writes DIR/ready, waits for DIR/down
// (the test has stopped --down-room), drops --down-name, sees that room "when back", and waits (the test restarts the
// room) until its bar is done and its result says delivered. Prints "OK ..." lines on success; any failure prints
// "FAIL <why>", exits 1.
//
//   node library.mjs --url URL --lacking ROOM --rooms A,B --drop-name NAME --screenshot PATH
//                    [--signals DIR --down-room ROOM --down-name NAME] [--chromium /usr/bin/chromium]
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { args, drive } from "./browser.mjs";

const rooms = args.rooms.split(",");
await drive({}, async (page) => {
  await page.goto(args.url, { waitUntil: "load" });

  const row = (name) => page.locator("#library-rooms tbody tr", { has: page.locator("td:first-child", { hasText: new RegExp(`^${name}$`) }) });
  // The registry shows the room's missing song, and its button is enabled.
  await page.waitForFunction((name) => [...document.querySelectorAll("#library-rooms tbody tr")]
    .some((tr) => tr.cells[0].textContent === name && tr.cells[2].textContent.startsWith("1:")), args.lacking, { timeout: 20000 });
  console.log(`OK missing shown: ${(await row(args.lacking).locator("td").nth(2).textContent()).trim()}`);
  await row(args.lacking).locator("button").click();
  await page.waitForFunction((name) => [...document.querySelectorAll("#library-rooms tbody tr")]
    .some((tr) => tr.cells[0].textContent === name && tr.cells[2].textContent === "none"), args.lacking, { timeout: 20000 });
  console.log("OK brought up to date");

  // A file dropped on the page goes to every room; each room's result appears.
  const drop = (name) => page.evaluate((name) => {
    const bytes = new Uint8Array(300000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: "audio/flac" }));
    for (const type of ["dragenter", "dragover", "drop"])
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, name);
  await drop(args["drop-name"]);
  await page.waitForFunction((count) => document.querySelectorAll(".uploads .ok").length === count, rooms.length, { timeout: 30000 });
  console.log(`OK upload: ${(await page.locator(".uploads .rooms-result").first().textContent()).trim()}`);
  // Each room's bar (GET /api/library/uploads) ends full, done.
  await page.waitForFunction((count) => document.querySelectorAll(".uploads .room-bar.done").length === count, rooms.length, { timeout: 10000 });
  console.log(`OK room bars: ${(await page.locator(".uploads .room-bars").first().innerText()).replace(/\s+/g, " ").trim()}`);

  if (args.signals) {
    // A room that is down when the file is dropped: "when back", then its bar fills once it is back and has the file.
    writeFileSync(join(args.signals, "ready"), "");
    const down = join(args.signals, "down");
    for (const until = Date.now() + 30000; !existsSync(down); await page.waitForTimeout(100))
      if (Date.now() > until) throw new Error(`${down} never appeared`);
    await drop(args["down-name"]);
    const card = page.locator(".uploads li.card", { has: page.locator(".file", { hasText: args["down-name"] }) });
    await card.locator(`.rooms-result .pending[data-room="${args["down-room"]}"]`).waitFor({ timeout: 30000 });
    await card.locator(`.room-bar.waiting-for-room`).waitFor({ timeout: 10000 });
    console.log(`OK while down: ${(await card.locator(".rooms-result").textContent()).trim()}`);
    await card.locator(".room-bar.done").nth(rooms.length - 1).waitFor({ timeout: 40000 });
    await card.locator(`.rooms-result .ok[data-room="${args["down-room"]}"]`, { hasText: "delivered" }).waitFor({ timeout: 5000 });
    console.log(`OK when back: ${(await card.locator(".room-bars").innerText()).replace(/\s+/g, " ").trim()} | ${(await card.locator(".rooms-result").textContent()).trim()}`);
  }
  await page.locator("#library").screenshot({ path: args.screenshot });
});
