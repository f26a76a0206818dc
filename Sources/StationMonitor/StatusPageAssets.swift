/// The status page: one HTML file, one script, one style sheet, all served by the daemon (no CDN, no
/// external assets). The script polls `/status.json` every second and builds the page with DOM calls and
/// `textContent` only, so no value from a device or the platform is ever parsed as HTML.
enum StatusPageAssets {
    static let html = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>EdgeTrace station</title>
    <link rel="stylesheet" href="/status.css">
    <script src="/status.js" defer></script>
    </head>
    <body>
    <header><h1>EdgeTrace <span id="gateway">…</span></h1><p id="updated" class="muted">connecting…</p></header>
    <main>
    <section><h2>Devices</h2>
    <table id="devices"><thead><tr><th>Device</th><th>Driver</th><th>State</th><th>Reads</th><th>Rejected</th><th>Duplicates</th><th>Last read</th></tr></thead><tbody></tbody></table>
    </section>
    <section class="pair">
    <div><h2>Queue and sync</h2><dl id="sync"></dl></div>
    <div><h2>Disk budget</h2><dl id="budget"></dl></div>
    </section>
    <section><h2>Last events</h2>
    <table id="recent"><thead><tr><th>Seq</th><th>Time</th><th>Device</th><th>Kind</th><th>What</th></tr></thead><tbody></tbody></table>
    </section>
    </main>
    </body>
    </html>

    """

    static let style = """
    body { font: 15px/1.4 system-ui, sans-serif; margin: 0; color: #1d232a; background: #f5f6f8; }
    header { background: #1d3557; color: #fff; padding: 12px 20px; }
    header h1 { margin: 0; font-size: 20px; }
    header .muted { color: #c9d3e0; margin: 4px 0 0; }
    main { padding: 12px 20px; }
    section { background: #fff; border-radius: 6px; padding: 10px 14px; margin-bottom: 14px; box-shadow: 0 1px 2px #0002; }
    section.pair { display: flex; gap: 30px; flex-wrap: wrap; }
    h2 { font-size: 16px; margin: 4px 0 8px; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e3e6ea; font-variant-numeric: tabular-nums; }
    td.code { font-family: ui-monospace, monospace; word-break: break-all; }
    dl { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; margin: 0; }
    dt { color: #5a6570; }
    dd { margin: 0; font-variant-numeric: tabular-nums; }
    .state { padding: 1px 8px; border-radius: 10px; color: #fff; background: #888; }
    dd.state { justify-self: start; }
    .state.connected, .state.online { background: #2a9d4b; }
    .state.disconnected, .state.offline, .state.failed, .state.unauthorized { background: #c0392b; }
    .state.starting { background: #d68910; }
    .warn { color: #c0392b; font-weight: 600; }

    """

    static let script = """
    "use strict";
    // Builds everything with textContent: values from devices and the platform are never parsed as HTML.
    function el(tag, text, cls) {
      const e = document.createElement(tag);
      if (text !== undefined && text !== null) e.textContent = String(text);
      if (cls) e.className = cls;
      return e;
    }
    function time(ms) { return ms ? new Date(ms).toLocaleString() : "never"; }
    function age(ms, now) {
      if (!ms) return "";
      const s = Math.max(0, Math.round((now - ms) / 1000));
      return s < 60 ? s + " s ago" : s < 3600 ? Math.round(s / 60) + " min ago" : Math.round(s / 3600) + " h ago";
    }
    function bytes(n) {
      if (n === null || n === undefined) return "unknown";
      const u = ["B", "KiB", "MiB", "GiB", "TiB"]; let i = 0;
      while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
      return n.toFixed(i ? 1 : 0) + " " + u[i];
    }
    function fill(dl, rows) {
      dl.replaceChildren();
      for (const [k, v, cls, id] of rows) {
        dl.append(el("dt", k));
        const dd = el("dd", v, cls);
        if (id) dd.id = id;
        dl.append(dd);
      }
    }
    function render(s) {
      const now = s.generatedMillis;
      document.getElementById("gateway").textContent = s.gateway;
      document.getElementById("updated").textContent = "updated " + time(now);
      const tbody = document.querySelector("#devices tbody");
      tbody.replaceChildren();
      for (const d of s.devices) {
        const tr = el("tr");
        tr.dataset.device = d.id;
        tr.append(el("td", d.id), el("td", d.driver));
        const st = el("td"); st.append(el("span", d.state, "state " + d.state));
        if (d.message) st.append(el("div", d.message, "muted"));
        tr.append(st, el("td", d.reads, "reads"), el("td", d.rejected, "rejected"), el("td", d.duplicates, "duplicates"));
        const last = el("td", d.lastRead ? d.lastRead : "none yet", "code last-read");
        if (d.lastReadMillis) last.title = time(d.lastReadMillis);
        tr.append(last);
        tbody.append(tr);
      }
      if (!s.devices.length) { const tr = el("tr"); tr.append(el("td", "no devices configured")); tbody.append(tr); }
      const q = s.queue, u = s.upload;
      const link = u ? u.link : "starting";
      fill(document.getElementById("sync"), [
        ["Link", link, "state " + link, "link"],
        ["Platform", u && u.upstream ? u.upstream : "none (offline buffering)"],
        ["Queued (unsynced)", q.unsynced, q.unsynced > 0 ? "" : "", "unsynced"],
        ["Oldest queued", q.oldestUnsyncedMillis ? age(q.oldestUnsyncedMillis, now) : "queue empty"],
        ["Last seq / cursor", q.lastSeq + " / " + q.cursor, "", "lastseq"],
        ["Delivered since start", u ? u.delivered : 0, "", "delivered"],
        ["Quarantined", q.quarantined, q.quarantined > 0 ? "warn" : "", "quarantined"],
        ["Last success", u && u.lastSuccessMillis ? age(u.lastSuccessMillis, now) : "none yet"],
        ["Last error", u && u.lastError ? u.lastError + " (" + age(u.lastErrorMillis, now) + ")" : "none", u && u.lastError ? "warn" : ""],
      ]);
      const b = s.budget;
      fill(document.getElementById("budget"), [
        ["Database", bytes(b.databaseBytes) + (b.limitBytes ? " of " + bytes(b.limitBytes) : " (no limit)"), "", "dbsize"],
        ["Free on disk", bytes(b.freeBytes) + " (keeps " + bytes(b.minFreeBytes) + ")"],
        ["Capturing", b.refusing ? "NO: disk budget exhausted, reads are refused" : "yes", b.refusing ? "warn" : "", "capturing"],
      ]);
      const rb = document.querySelector("#recent tbody");
      rb.replaceChildren();
      for (const e of s.recent) {
        const tr = el("tr");
        tr.dataset.seq = e.seq;
        tr.append(el("td", e.seq), el("td", e.time), el("td", e.device), el("td", e.kind), el("td", e.text, "code"));
        rb.append(tr);
      }
    }
    async function poll() {
      try {
        const r = await fetch("/status.json", { cache: "no-store" });
        if (!r.ok) throw new Error("HTTP " + r.status);
        render(await r.json());
      } catch (e) {
        document.getElementById("updated").textContent = "cannot reach the daemon (" + e.message + "); retrying";
      }
      setTimeout(poll, 1000);
    }
    poll();

    """
}
