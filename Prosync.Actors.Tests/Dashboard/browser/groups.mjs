// Drives the dashboard's rooms-and-groups controls in Debian's headless Chromium (Playwright), for
// RoomsDashboardTests: makes a group in the Groups card, moves a room into it with the room card's group menu, turns
// a room's "plays" off, and sets a room's trim. Each step waits until the page shows what the proxy now reports.
// Prints "OK ..." lines on success; any failure prints "FAIL <why>" and exits 1.
//
//   node groups.mjs --url URL --group NAME --move ROOM --silence ROOM --trim ROOM=FACTOR --expect-volume N
//                   --screenshot PATH [--chromium PATH]
import { args, drive } from "./browser.mjs";

const [trimRoom, trimValue] = args.trim.split("=");
await drive({}, async (page) => {
  await page.goto(args.url, { waitUntil: "load" });
  const card = (room) => page.locator(`.room[data-room="${room}"]`);
  const groupRooms = (group) => page.evaluate((g) => [...document.querySelectorAll("#groups tbody tr")]
    .filter((tr) => tr.cells[0].textContent === g).map((tr) => tr.cells[3].textContent)[0] ?? null, group);
  await card(args.move).waitFor({ timeout: 20000 });

  // A new group from the Groups card: it appears in the table, with no room.
  await page.fill("#new-group input[name=name]", args.group);
  await page.press("#new-group input[name=name]", "Enter");
  await page.waitForFunction((g) => [...document.querySelectorAll("#groups tbody tr")].some((tr) => tr.cells[0].textContent === g),
    args.group, { timeout: 15000 });
  console.log(`OK group made: ${args.group} (${await groupRooms(args.group)})`);

  // A room moved into it from its card's menu: the Groups table lists it there.
  await card(args.move).locator(".group-select").selectOption(args.group);
  await page.waitForFunction(([g, r]) => [...document.querySelectorAll("#groups tbody tr")]
    .some((tr) => tr.cells[0].textContent === g && tr.cells[3].textContent.split(", ").includes(r)), [args.group, args.move], { timeout: 15000 });
  console.log(`OK ${args.move} moved: ${args.group} has ${await groupRooms(args.group)}`);

  // A room silenced: its card shows it off once the proxy reports it so.
  await card(args.silence).locator(".enabled-input").uncheck();
  await page.waitForFunction((r) => document.querySelector(`.room[data-room="${r}"]`).classList.contains("disabled"), args.silence, { timeout: 15000 });
  console.log(`OK ${args.silence} silenced`);

  // A trim typed into a card: the room's volume line shows group volume × trim once the proxy reports the trim.
  await card(trimRoom).locator(".trim-input").fill(trimValue);
  await card(trimRoom).locator(".trim-input").press("Enter");
  await page.waitForFunction(([r, v]) => document.querySelector(`.room[data-room="${r}"] .volume-now`).textContent === `volume ${v}%`,
    [trimRoom, args["expect-volume"]], { timeout: 15000 });
  console.log(`OK ${trimRoom} trimmed: ${(await card(trimRoom).locator(".volume-now").textContent()).trim()}`);

  await page.screenshot({ path: args.screenshot, fullPage: true });
});
