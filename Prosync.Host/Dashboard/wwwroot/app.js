// Prosync dashboard: one Server-Sent Events stream (/api/events) feeds everything on the page.
// "history" brings the chart's last minutes once; "status" arrives five times a second.
(() => {
  "use strict";

  const HISTORY_MS = 5 * 60 * 1000;
  const COLORS = ["#3454d1", "#e0732c", "#17a589", "#c2357e", "#8a5cd6", "#c9a227", "#4b8fd6", "#7a8b2b"];
  const $ = (id) => document.getElementById(id);

  const frames = [];           // {t, rooms: {name: {state, rttMs, lastRttMs}}}, oldest first
  const colorOf = new Map();   // room name -> color, stable while the page lives
  let rooms = [];              // room names in the cluster's order
  let windowMinutes = 2;
  let plot = null;
  let plotRooms = "";
  let latest = null;

  // ---- formatting ----------------------------------------------------------------------------
  const ms = (v, digits) => v == null ? "–" : v.toFixed(digits ?? (v < 10 ? 2 : 1));
  const msHtml = (v) => v == null ? "–" : `${ms(v)}<small>ms</small>`;
  const clock = (iso) => new Date(iso).toLocaleTimeString([], { hour12: false });
  const mmss = (s) => {
    s = Math.max(0, Math.floor(s));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  };
  const ago = (iso) => {
    const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
    if (s < 60) return `${Math.floor(s)} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min`;
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  };
  const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const color = (name) => {
    if (!colorOf.has(name)) colorOf.set(name, COLORS[colorOf.size % COLORS.length]);
    return colorOf.get(name);
  };

  // ---- toast and API calls -------------------------------------------------------------------
  let toastTimer = 0;
  function toast(text, isError) {
    const t = $("toast");
    t.textContent = text;
    t.className = "toast show" + (isError ? " error" : "");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.className = "toast" + (isError ? " error" : ""); }, isError ? 6000 : 3000);
  }

  async function call(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(data && data.error ? data.error : `${response.status} ${response.statusText}`);
    return data;
  }

  // ---- rooms ---------------------------------------------------------------------------------
  function roomCard(server) {
    let card = document.querySelector(`.room[data-room="${CSS.escape(server.name)}"]`);
    if (card) return card;
    card = $("room-template").content.firstElementChild.cloneNode(true);
    card.dataset.room = server.name;
    card.style.setProperty("--room-color", color(server.name));
    card.querySelector(".name").textContent = server.name;
    const input = card.querySelector(".offset-input");
    input.value = server.offsetMs;
    const setOffset = async () => {
      const value = Number(input.value);
      if (input.value === "" || Number.isNaN(value)) return;
      try {
        await call("PUT", `/api/servers/${encodeURIComponent(server.name)}/offset`, { offsetMs: value });
        toast(`${server.name}: offset ${value} ms`);
      } catch (e) { toast(e.message, true); }
      input.blur();
    };
    input.addEventListener("change", setOffset);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") setOffset(); });
    card.querySelector(".resync").addEventListener("click", async () => {
      try { await call("POST", `/api/servers/${encodeURIComponent(server.name)}/resync`); toast(`Resyncing ${server.name}`); }
      catch (e) { toast(e.message, true); }
    });
    card.querySelector(".remove").addEventListener("click", async () => {
      if (!confirm(`Stop driving ${server.name}? Its MPD keeps running; add it again at any time.`)) return;
      try { await call("DELETE", `/api/servers/${encodeURIComponent(server.name)}`); toast(`${server.name} removed`); }
      catch (e) { toast(e.message, true); }
    });
    wireRoomPlace(card, server.name);
    $("rooms").appendChild(card);
    return card;
  }

  // ---- rooms and groups ------------------------------------------------------------------------
  function wireRoomPlace(card, name) {
    const room = encodeURIComponent(name);
    card.querySelector(".group-select").addEventListener("change", async (e) => {
      try { await call("PUT", `/api/servers/${room}/group`, { group: e.target.value }); toast(`${name} now plays in ${e.target.value}`); }
      catch (err) { toast(err.message, true); }
    });
    card.querySelector(".enabled-input").addEventListener("change", async (e) => {
      try { await call("PUT", `/api/servers/${room}/enabled`, { enabled: e.target.checked }); toast(`${name} ${e.target.checked ? "plays again" : "is silent"}`); }
      catch (err) { toast(err.message, true); }
    });
    const trim = card.querySelector(".trim-input");
    const setTrim = async () => {
      const value = Number(trim.value);
      if (trim.value === "" || Number.isNaN(value)) return;
      try { await call("PUT", `/api/servers/${room}/volume`, { trim: value }); toast(`${name}: trim ${value}`); }
      catch (err) { toast(err.message, true); }
      trim.blur();
    };
    trim.addEventListener("change", setTrim);
    trim.addEventListener("keydown", (e) => { if (e.key === "Enter") setTrim(); });
  }

  function renderRoomPlace(card, s, groups) {
    const select = card.querySelector(".group-select");
    const names = groups.map((g) => g.name);
    if (select.dataset.groups !== names.join("\u0000")) {
      select.innerHTML = names.map((n) => `<option>${escapeHtml(n)}</option>`).join("");
      select.dataset.groups = names.join("\u0000");
    }
    if (document.activeElement !== select) select.value = s.group;
    card.querySelector(".enabled-input").checked = s.enabled;
    card.classList.toggle("disabled", !s.enabled);
    const trim = card.querySelector(".trim-input");
    if (document.activeElement !== trim) trim.value = s.trim;
    const group = groups.find((g) => g.name === s.group);
    card.querySelector(".volume-now").textContent = s.hasMixer === false ? "no mixer: volume not set"
      : group && group.volume != null ? `volume ${Math.round(group.volume * s.trim)}%` : "";
  }

  function renderGroups(groups) {
    const body = $("groups").tBodies[0];
    body.innerHTML = groups.map((g) => {
      const p = g.player;
      const what = p && p.state !== "stop" ? `${escapeHtml(p.title || (p.file || "").split("/").pop())}${p.state === "pause" ? " (paused)" : ""}` : "–";
      const remove = g.name === "default" ? "" : `<button class="subtle" data-group="${escapeHtml(g.name)}">Delete</button>`;
      return `<tr><td>${escapeHtml(g.name)}</td><td>${what}</td><td>${g.volume == null ? "–" : g.volume + "%"}</td>
        <td>${g.rooms.map(escapeHtml).join(", ") || "<span class=\"muted\">no room</span>"}</td><td>${remove}</td></tr>`;
    }).join("");
  }

  $("groups").addEventListener("click", async (e) => {
    const group = e.target.dataset && e.target.dataset.group;
    if (!group) return;
    try { await call("DELETE", `/api/groups/${encodeURIComponent(group)}`); toast(`group ${group} deleted`); }
    catch (err) { toast(err.message, true); }
  });

  $("new-group").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = e.target.name.value.trim();
    try { await call("POST", "/api/groups", { name }); toast(`group ${name} made: move rooms into it`); e.target.reset(); }
    catch (err) { toast(err.message, true); }
  });

  function renderRooms(servers, groups) {
    const names = new Set(servers.map((s) => s.name));
    for (const card of document.querySelectorAll(".room")) {
      if (!names.has(card.dataset.room)) card.remove();
    }
    servers.forEach((s, i) => {
      const card = roomCard(s);
      if (card !== $("rooms").children[i]) $("rooms").insertBefore(card, $("rooms").children[i] || null);
      card.classList.toggle("primary", s.primary);
      card.classList.toggle("down", s.state === "Down");
      const state = card.querySelector(".state");
      state.textContent = s.state === "InSync" ? "In sync" : s.state;
      state.dataset.state = s.state;
      card.dataset.state = s.state;
      card.querySelector(".address").textContent = s.address;
      card.querySelector(".rtt").innerHTML = msHtml(s.rttMs);
      card.querySelector(".oneway").innerHTML = msHtml(s.oneWayMs);
      card.querySelector(".jitter").innerHTML = msHtml(s.jitterMs);
      card.querySelector(".outliers").textContent = s.samples ? `${s.outliersRejected}` : "–";
      card.querySelector(".outliers").title = `${s.outliersRejected} of ${s.samples} probes rejected as outliers`;
      card.querySelector(".position").innerHTML = s.primary || s.positionErrorMs == null ? (s.primary ? "ref" : "–")
        : `${s.positionErrorMs > 0 ? "+" : ""}${ms(s.positionErrorMs)}<small>ms</small>`;
      card.querySelector(".position").title = s.positionUncertaintyMs == null ? "" : `±${ms(s.positionUncertaintyMs)} ms`;
      card.querySelector(".clock").textContent = s.clockRatePpm == null ? "–"
        : `${s.clockRatePpm > 0 ? "+" : ""}${s.clockRatePpm.toFixed(0)} ppm`;
      card.querySelector(".corrections").textContent = `${s.corrections}`;
      card.querySelector(".corrections").title = s.lastCorrection ? `last: ${s.lastCorrection}, ${ago(s.lastCorrectionAt)} ago` : "none yet";
      const input = card.querySelector(".offset-input");
      if (document.activeElement !== input) input.value = s.offsetMs;
      renderRoomPlace(card, s, groups || []);
      card.querySelector(".since").textContent =
        `${s.state === "InSync" ? "in sync" : s.state === "Down" ? "down" : "syncing"} for ${ago(s.stateSince)}`;
      // A resync that cannot finish says why (a song the room lacks), until something changes.
      card.querySelector(".since").title = s.repairBlockedReason ? `resync stopped: ${s.repairBlockedReason}` : "";
      if (s.repairBlockedReason) card.querySelector(".since").textContent = "resync stopped: see Library";
    });
  }

  // ---- summary and player --------------------------------------------------------------------
  function renderSummary(status) {
    const n = status.servers.length;
    const inSync = status.servers.filter((s) => s.state === "InSync").length;
    const measured = status.servers.filter((s) => s.state !== "Down" && s.delayMs != null).map((s) => s.delayMs);
    const spread = measured.length > 1 ? Math.max(...measured) - Math.min(...measured) : null;
    $("summary").innerHTML = n === 0 ? "No rooms: add one below."
      : `<b>${inSync} of ${n}</b> room${n === 1 ? "" : "s"} in sync`
        + (spread == null ? "" : ` · delays differ by <b>${ms(spread)} ms</b>, compensated`)
        + (status.primary ? ` · primary <b>${escapeHtml(status.primary)}</b>` : "");
  }

  function renderPlayer(player) {
    const p = player || { state: "stop", elapsedSeconds: 0, durationSeconds: 0, volume: -1 };
    $("play-state").dataset.state = p.state;
    $("play-state").title = { play: "playing", pause: "paused", stop: "stopped" }[p.state] || p.state;
    const title = p.title || (p.file ? p.file.split("/").pop() : null);
    $("song-title").textContent = title || "Nothing playing";
    if (title) $("song-artist").textContent = [p.artist, p.state === "pause" ? "paused" : null].filter(Boolean).join(" · ");
    const duration = p.durationSeconds || 0;
    $("song-bar").style.width = duration > 0 ? `${Math.min(100, (100 * p.elapsedSeconds) / duration)}%` : "0";
    $("song-time").textContent = title ? `${mmss(p.elapsedSeconds)} / ${duration > 0 ? mmss(duration) : "–"}` : "–";
    $("song-volume").textContent = p.volume >= 0 ? `volume ${p.volume}%` : "";
  }

  // ---- broadcasts and resyncs ----------------------------------------------------------------
  function skewBadge(skew) {
    if (skew == null) return `<span class="skew pending" title="waiting for every room to report">…</span>`;
    const grade = skew < 2 ? "good" : skew < 10 ? "fair" : "poor";
    return `<span class="skew ${grade}">${ms(skew)} ms</span>`;
  }

  function renderBroadcasts(broadcasts) {
    const body = $("broadcasts").tBodies[0];
    if (broadcasts.length === 0) return;
    body.innerHTML = broadcasts.slice(0, 8).map((b) => `<tr>
      <td>${clock(b.at)}</td>
      <td class="cmd">${escapeHtml(b.command)}</td>
      <td>${b.servers.length}</td>
      <td>${ms(b.plannedSpreadMs)} ms</td>
      <td>${ms(b.firingSpreadMs, 3)} ms</td>
      <td>${b.heldMs > 0 ? ms(b.heldMs) + " ms" : "–"}</td>
      <td>${skewBadge(b.skewMs)}</td></tr>`).join("");
  }

  function renderResyncs(resyncs) {
    if (resyncs.length === 0) return;
    $("resyncs").tBodies[0].innerHTML = resyncs.slice(0, 5).map((r) => `<tr>
      <td>${clock(r.at)}</td>
      <td>${escapeHtml(r.server)}</td>
      <td>${ms(r.durationMs, 0)} ms</td>
      <td>${r.positionErrorMs == null ? "–" : ms(r.positionErrorMs) + " ms"}</td>
      <td>${r.replayed ? "replayed" : "already matched"}</td></tr>`).join("");
  }

  // ---- chart ---------------------------------------------------------------------------------
  function frameOf(status) {
    const byRoom = {};
    for (const s of status.servers) {
      const down = s.state === "Down";
      byRoom[s.name] = { state: s.state, rttMs: down ? null : s.rttMs, lastRttMs: down ? null : s.lastRttMs };
    }
    return { t: Date.parse(status.at), rooms: byRoom };
  }

  function addFrame(frame) {
    if (frames.length && frame.t <= frames[frames.length - 1].t) return;
    frames.push(frame);
    const oldest = frame.t - HISTORY_MS;
    while (frames.length && frames[0].t < oldest) frames.shift();
  }

  function chartData() {
    const xs = frames.map((f) => f.t / 1000);
    const data = [xs];
    for (const name of rooms) {
      data.push(frames.map((f) => (f.rooms[name] ? f.rooms[name].rttMs : null)));
      data.push(frames.map((f) => (f.rooms[name] ? f.rooms[name].lastRttMs : null)));
    }
    return data;
  }

  function chartSize() {
    const el = $("chart");
    return { width: Math.max(300, el.clientWidth), height: 300 };
  }

  function createPlot() {
    if (plot) plot.destroy();
    const series = [{}];
    for (const name of rooms) {
      const c = color(name);
      series.push({ label: name, stroke: c, width: 2, spanGaps: false, value: (u, v) => (v == null ? "–" : `${v.toFixed(1)} ms`) });
      series.push({
        label: `${name} probes`, stroke: c, width: 0, fill: undefined,
        points: { show: true, size: 3, stroke: c, fill: c + "55", width: 1 },
        value: (u, v) => (v == null ? "–" : `${v.toFixed(1)} ms`),
      });
    }
    const opts = {
      ...chartSize(),
      series,
      cursor: { drag: { x: false, y: false } },
      legend: { show: false },
      scales: {
        x: { time: true, range: () => { const now = Date.now() / 1000; return [now - windowMinutes * 60, now]; } },
        y: { range: (u) => [0, yMax(u.data)] },
      },
      axes: [
        { stroke: "#6b7385", grid: { stroke: "#eef0f4" }, ticks: { stroke: "#e3e6ec" } },
        { stroke: "#6b7385", grid: { stroke: "#eef0f4" }, ticks: { stroke: "#e3e6ec" }, label: "ms", size: 50 },
      ],
    };
    plot = new uPlot(opts, chartData(), $("chart"));
    plotRooms = rooms.join("\u0000");
    renderLegend();
  }

  // Room to see the estimates and most probes; a rare burst probe far above may fall off the top.
  function yMax(data) {
    const estimates = [];
    const probes = [];
    for (let i = 1; i < data.length; i++) {
      for (const v of data[i]) if (v != null) (i % 2 ? estimates : probes).push(v);
    }
    probes.sort((a, b) => a - b);
    const p98 = probes.length ? probes[Math.floor(probes.length * 0.98)] : 0;
    return Math.max(5, Math.max(0, ...estimates) * 1.4, p98 * 1.1);
  }

  function renderLegend() {
    $("chart-legend").innerHTML = rooms.map((name) =>
      `<span><i style="--c:${color(name)}"></i>${escapeHtml(name)}</span>`).join("");
  }

  function renderChart() {
    if (typeof uPlot === "undefined") return;
    if (!plot || plotRooms !== rooms.join("\u0000")) createPlot();
    else plot.setData(chartData());
  }

  window.addEventListener("resize", () => plot && plot.setSize(chartSize()));
  for (const button of document.querySelectorAll("#window button")) {
    button.addEventListener("click", () => {
      windowMinutes = Number(button.dataset.minutes);
      document.querySelectorAll("#window button").forEach((b) => b.classList.toggle("on", b === button));
      renderChart();
    });
  }

  // ---- add a room ----------------------------------------------------------------------------
  $("add-room").addEventListener("submit", async (e) => {
    e.preventDefault();
    const form = e.target;
    const body = { address: form.address.value.trim() };
    if (form.name.value.trim()) body.name = form.name.value.trim();
    if (form.offsetMs.value !== "") body.offsetMs = Number(form.offsetMs.value);
    try {
      const added = await call("POST", "/api/servers", body);
      toast(`${added ? added.name : body.address} added`);
      form.reset();
    } catch (err) { toast(err.message, true); }
  });

  // ---- the stream ----------------------------------------------------------------------------
  function onStatus(status) {
    latest = status;
    rooms = status.servers.map((s) => s.name);
    addFrame(frameOf(status));
    renderSummary(status);
    renderRooms(status.servers, status.groups);
    renderGroups(status.groups || []);
    renderPlayer(status.player);
    renderBroadcasts(status.broadcasts);
    renderResyncs(status.resyncs);
    renderChart();
  }

  function connect() {
    const live = $("live");
    const events = new EventSource("/api/events");
    events.addEventListener("open", () => { live.dataset.state = "live"; $("live-text").textContent = "live"; });
    events.addEventListener("error", () => { live.dataset.state = "lost"; $("live-text").textContent = "reconnecting…"; });
    events.addEventListener("history", (e) => {
      frames.length = 0;
      for (const f of JSON.parse(e.data)) addFrame(f);
    });
    events.addEventListener("status", (e) => onStatus(JSON.parse(e.data)));
  }

  // ---- replicas: each room as a source of files (its agent, measured latency and throughput) ---
  async function refreshReplicas() {
    try {
      const [measured, registered] = await Promise.all([call("GET", "/api/library/measurements"), call("GET", "/api/registry/replicas")]);
      const agents = new Map(registered.map((r) => [r.name, r.agent]));
      const figures = new Map(measured.map((m) => [m.replica, m]));
      for (const card of document.querySelectorAll(".room[data-room]")) {
        const name = card.dataset.room, m = figures.get(name), agent = agents.get(name);
        const parts = [];
        if (agent) parts.push(`agent ${agent}`);
        if (m) {
          if (m.throughputMBps != null) parts.push(`${m.throughputMBps.toFixed(1)} MB/s`);
          if (m.latencyMs != null) parts.push(`${ms(m.latencyMs)} ms`);
          parts.push(`${m.method}, ${ago(m.measuredAt)} ago`);
        }
        card.querySelector(".replica").textContent = parts.length ? "files: " + parts.join(" · ") : "";
      }
    } catch { /* the next round tries again */ }
  }
  setInterval(refreshReplicas, 5000);
  setTimeout(refreshReplicas, 1000);

  // For tests and the curious: window.prosync.frames() is the chart's point count.
  window.prosync = { frames: () => frames.length, latest: () => latest, plot: () => plot };
  connect();
})();
