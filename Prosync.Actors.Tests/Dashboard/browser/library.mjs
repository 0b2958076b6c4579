// Drives the dashboard's Library panel in Debian's headless Chromium (Playwright), for LibraryDashboardTests: it
// waits for the registry to show what a room lacks, presses that room's "Bring up to date", then drops a file on the
// page and waits for every room's result and its bar. Prints "OK ..." lines on success; any failure prints "FAIL <why>", exits 1.
//
//   node library.mjs --url URL --lacking ROOM --rooms A,B --drop-name NAME --screenshot PATH [--chromium /usr/bin/chromium]
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
  await page.evaluate((name) => {
    const bytes = new Uint8Array(300000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 251;
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: "audio/flac" }));
    for (const type of ["dragenter", "dragover", "drop"])
      document.body.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, args["drop-name"]);
  await page.waitForFunction((count) => document.querySelectorAll(".uploads .ok").length === count, rooms.length, { timeout: 30000 });
  console.log(`OK upload: ${(await page.locator(".uploads .rooms-result").first().textContent()).trim()}`);
  // Each room's bar (GET /api/library/uploads) ends full, done.
  await page.waitForFunction((count) => document.querySelectorAll(".uploads .room-bar.done").length === count, rooms.length, { timeout: 10000 });
  console.log(`OK room bars: ${(await page.locator(".uploads .room-bars").first().innerText()).replace(/\s+/g, " ").trim()}`);
  await page.locator("#library").screenshot({ path: args.screenshot });
});
