// Prosync dashboard, library panel: the registry (GET /api/library, every few seconds), a button per room to bring
// its library up to date, and uploads: files dropped on the page go to POST /api/library/files, with their bytes' progress
// to the proxy, then a bar per room while the rooms store it (GET /api/library/uploads, polled), and each room's result.
// A room that is down gets the file when it is back: its bar is followed (slowly) until it has it.
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const time = (iso) => iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : "–";
  const syncing = new Set();

  async function refresh() {
    try {
      const response = await fetch("api/library");
      if (!response.ok) return;
      render(await response.json());
    } catch {
      // the page's live indicator already says the proxy is unreachable
    }
  }

  function render(library) {
    const body = $("library-rooms").tBodies[0];
    body.innerHTML = "";
    for (const room of library.rooms) {
      const tr = document.createElement("tr");
      const missing = room.missing.length === 0 ? "none"
        : `<span class="missing-list" title="${escapeHtml(room.missing.join("\n"))}">${room.missing.length}: ${escapeHtml(room.missing.slice(0, 3).join(", "))}${room.missing.length > 3 ? ", …" : ""}</span>`;
      const notes = [];
      if (room.repairBlockedReason) notes.push(`<span class="blocked" title="resync stopped until something changes">resync stopped: ${escapeHtml(room.repairBlockedReason)}</span>`);
      if (room.pendingUploads.length) notes.push(`<span class="missing-list">${room.pendingUploads.length} upload(s) waiting for it</span>`);
      if (room.different.length) notes.push(`<span class="missing-list" title="${escapeHtml(room.different.join("\n"))}">${room.different.length} differ from other rooms</span>`);
      tr.innerHTML = `<td>${escapeHtml(room.name)}</td><td>${room.files ?? "–"}</td><td>${missing}</td><td>${time(room.lastCheck)}</td>`
        + `<td>${room.fileAccess ? `<code>${escapeHtml(room.fileAccess)}</code>` : '<span class="muted">no file access</span>'}</td>`
        + `<td>${notes.join("<br>")}</td><td></td>`;
      const button = document.createElement("button");
      button.textContent = syncing.has(room.name) ? "Copying…" : "Bring up to date";
      button.disabled = syncing.has(room.name) || room.missing.length === 0 || !room.fileAccess;
      button.title = "copy every song this room lacks from the best room that has it";
      button.addEventListener("click", () => sync(room.name));
      tr.lastElementChild.appendChild(button);
      body.appendChild(tr);
    }
  }

  async function sync(name) {
    syncing.add(name);
    refresh();
    try {
      const response = await fetch(`api/library/rooms/${encodeURIComponent(name)}/sync`, { method: "POST" });
      const data = await response.json();
      if (!response.ok) throw new Error(data.error || response.statusText);
      if (data.errors.length) alert(`${name}: ${data.copied.length} copied; ${data.errors.join("; ")}`);
    } catch (e) {
      alert(`${name}: ${e.message}`);
    } finally {
      syncing.delete(name);
      refresh();
    }
  }

  const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
  const stateLabels = { queued: () => "queued", copying: (r, u) => `copying ${mb(r.bytesCopied)} of ${mb(u.bytes)}`,
    "updating-database": () => "updating MPD", done: () => "done ✓", failed: () => "failed", "waiting-for-room": () => "waiting for the room" };

  // One bar per room: its bytes written, its state; the reason (or the verified checksum) on hover.
  function renderRooms(box, upload) {
    box.innerHTML = upload.rooms.map((r) => {
      const percent = upload.bytes ? Math.min(100, 100 * r.bytesCopied / upload.bytes) : 0;
      const label = (stateLabels[r.state] || (() => r.state))(r, upload);
      const hint = r.error || (r.sha256 ? `sha256 ${r.sha256}` : "");
      return `<div class="room-bar ${escapeHtml(r.state)}" title="${escapeHtml(hint)}"><span class="room-name">${escapeHtml(r.name)}</span>`
        + `<div class="progress"><div class="bar" style="width:${percent.toFixed(1)}%"></div></div><span class="room-state">${escapeHtml(label)}</span></div>`;
    }).join("");
  }

  async function uploadsNow() {
    const response = await fetch("api/library/uploads");
    if (!response.ok) throw new Error(response.statusText);
    return (await response.json()).uploads;
  }

  // Rooms not finished yet: copying, updating, or waiting for a room that is down.
  const unfinished = (upload) => upload.rooms.filter((r) => r.state !== "done" && r.state !== "failed");

  // Follows this page's upload of `path` in GET /api/library/uploads: the newest one of that path not listed before it
  // began (then that one, by id). The returned function is called with the HTTP answer: one last poll, and while a room
  // still waits (it was down), a poll every 2 s, `update` told each time, until every room is done or failed (or the
  // upload is no longer listed).
  function followRooms(path, box, before) {
    let id = null;
    // The upload as listed now; null when it is not listed; undefined when the proxy did not answer.
    const poll = async () => {
      try {
        const uploads = await uploadsNow();
        const mine = id ? uploads.find((u) => u.id === id) : uploads.filter((u) => u.path === path && !before.has(u.id)).pop();
        if (!mine) return null;
        id = mine.id;
        renderRooms(box, mine);
        return mine;
      } catch {
        return undefined; // the next poll, or the final answer, tells
      }
    };
    const fast = setInterval(poll, 400);
    return async (update) => {
      clearInterval(fast);
      const last = await poll();
      if (!last || unfinished(last).length === 0) return;
      const slow = setInterval(async () => {
        const now = await poll();
        if (now === undefined) return; // the proxy is unreachable for now: keep asking
        if (now) update(now);
        if (!now || unfinished(now).length === 0) clearInterval(slow);
      }, 2000);
    };
  }

  // A room that was down and has the file now: its "when back" becomes "✓ delivered".
  function markDelivered(result, upload) {
    for (const room of upload.rooms) {
      const span = result.querySelector(`[data-room="${CSS.escape(room.name)}"].pending`);
      if (!span || (room.state !== "done" && room.state !== "failed")) continue;
      span.className = room.state === "done" ? "ok" : "failed";
      span.textContent = `${room.name}: ${room.state === "done" ? "✓ delivered" : "failed"}`;
      span.title = room.error || "";
    }
  }

  async function upload(file) {
    const folder = $("upload-dir").value.trim().replace(/^\/+|\/+$/g, "");
    const path = folder ? `${folder}/${file.name}` : file.name;
    const item = document.createElement("li");
    item.className = "card";
    item.innerHTML = `<div class="file">${escapeHtml(path)}</div><div class="progress"><div class="bar"></div></div>`
      + `<div class="room-bars"></div><div class="rooms-result muted">sending…</div>`;
    $("uploads").prepend(item);
    const bar = item.querySelector(".bar");
    const result = item.querySelector(".rooms-result");
    let before = new Set();
    try { before = new Set((await uploadsNow()).map((u) => u.id)); } catch { /* none to tell apart */ }
    const stopFollowing = followRooms(path, item.querySelector(".room-bars"), before);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "api/library/files?path=" + encodeURIComponent(path));
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.style.width = `${(100 * e.loaded / e.total).toFixed(1)}%`; };
    xhr.upload.onload = () => { bar.style.width = "100%"; result.textContent = "sent; every room is storing it…"; };
    xhr.onloadend = () => stopFollowing((now) => markDelivered(result, now));
    xhr.onload = () => {
      bar.style.width = "100%";
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status !== 200 || !data) {
        result.innerHTML = `<span class="failed">${escapeHtml(data && data.error ? data.error : `${xhr.status} ${xhr.statusText}`)}</span>`;
        return;
      }
      result.innerHTML = data.rooms.map((r) => r.ok
        ? `<span class="ok" data-room="${escapeHtml(r.name)}">${escapeHtml(r.name)}: ✓ ${r.ms} ms</span>`
        : `<span class="${r.pending ? "pending" : "failed"}" data-room="${escapeHtml(r.name)}" title="${escapeHtml(r.error || "")}">${escapeHtml(r.name)}: ${r.pending ? "when back" : "failed"}</span>`).join("")
        + `<span class="muted">sha256 ${data.sha256.slice(0, 12)}…</span>`;
      refresh();
    };
    xhr.onerror = () => { result.innerHTML = '<span class="failed">the proxy could not be reached</span>'; };
    xhr.send(file);
  }

  let depth = 0;
  document.addEventListener("dragenter", (e) => { if (e.dataTransfer.types.includes("Files")) { depth++; document.body.classList.add("dragging"); } });
  document.addEventListener("dragleave", () => { if (--depth <= 0) { depth = 0; document.body.classList.remove("dragging"); } });
  document.addEventListener("dragover", (e) => { if (e.dataTransfer.types.includes("Files")) e.preventDefault(); });
  document.addEventListener("drop", (e) => {
    if (!e.dataTransfer.files.length) return;
    e.preventDefault();
    depth = 0;
    document.body.classList.remove("dragging");
    for (const file of e.dataTransfer.files) upload(file);
  });

  refresh();
  setInterval(refresh, 3000);
})();
