// The TimelineQA driver of bench/timelineqa/run: loads a timeline through the HTTP API, asks its
// questions, scores the answers. Arguments: BASE_URL TOKEN FILE SAMPLE SEED SHOW_MISSES NOTES_FILE
// LABEL. NOTES_FILE keeps which note holds which episode: when it exists, the timeline is already
// loaded (an earlier pass on the same data directory) and only the questions are asked.
"use strict";
const fs = require("fs");
const { agent, call: request, random, pool, percentile } = require("../lib.js");

const [base, token, file, sampleText, seedText, showMisses, notesFile, label] =
    process.argv.slice(2);
const data = JSON.parse(fs.readFileSync(file, "utf8"));
const call = (method, path, body) => request(base, token, method, path, body);

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
function normalise(text) {
  return text.toLowerCase().replace(/[\u2019']/g, "'").replace(/[^a-z0-9'/ ]+/g, " ")
    .replace(/\s+/g, " ").trim();
}
// The forms a gold answer may take in ours: as written, and a yyyy/mm/dd date as "24 feb 2022".
function forms(gold) {
  const out = [normalise(gold)];
  const m = gold.match(/^(\d{4})\/(\d{2})\/(\d{2})$/);
  if (m) out.push(`${parseInt(m[3], 10)} ${MONTHS[parseInt(m[2], 10) - 1]} ${m[1]}`);
  return out;
}
function contains(answer, gold) {
  const a = normalise(answer);
  return forms(gold).some((f) => f && a.includes(f));
}
function correct(q, answer) {
  const gold = String(q.answer).trim();
  if (gold.toLowerCase() === "yes" || gold.toLowerCase() === "no") {
    return normalise(answer).startsWith(gold.toLowerCase());
  }
  if (contains(answer, gold)) return true;
  // A list: every item must be there.
  const items = gold.split(/,\s*|\s+and\s+/).map((s) => s.replace(/^and\s+/, "").trim()).filter(Boolean);
  return items.length > 1 && items.every((item) => contains(answer, item));
}

async function main() {
  // 1. Load every episode as a note at 12:00 UTC on its date (unless an earlier pass did).
  let noteOf = new Map();
  let started = Date.now();
  console.log(`\n## ${label}\n`);
  if (fs.existsSync(notesFile)) {
    noteOf = new Map(JSON.parse(fs.readFileSync(notesFile, "utf8")));
  } else {
    await pool(data.episodes, 8, async (e) => {
      const note = await call("POST", "/api/v1/notes",
                              { text_content: e.text, timestamp: `${e.date}T12:00:00Z` });
      noteOf.set(e.eid, note.id);
    });
    fs.writeFileSync(notesFile, JSON.stringify([...noteOf]));
    const loadSeconds = (Date.now() - started) / 1000;
    console.log(`timeline: ${file}`);
    console.log(`episodes loaded as notes: ${data.episodes.length} in ${loadSeconds.toFixed(1)} s ` +
                `(${Math.round(data.episodes.length / loadSeconds)} notes/s)`);
  }
  // Embedding happens right after each write, in the background; one question of this user
  // embeds whatever is still pending, so wait with a question until it answers quickly.
  started = Date.now();
  for (;;) {
    const t = Date.now();
    await call("POST", "/api/v1/query", { query: "warm up", timezone: "UTC" });
    if (Date.now() - t < 500) break;
  }
  console.log(`embedding caught up after ${((Date.now() - started) / 1000).toFixed(1)} s more`);

  // 2. A stratified sample of the atomic questions that are not ambiguous.
  const rand = random(parseInt(seedText, 10) || 1);
  const byCategory = new Map();
  for (const q of data.atomic_questions) {
    if (q.ambiguous) continue;
    if (!byCategory.has(q.category)) byCategory.set(q.category, []);
    byCategory.get(q.category).push(q);
  }
  const total = [...byCategory.values()].reduce((n, qs) => n + qs.length, 0);
  const want = parseInt(sampleText, 10) || 400;
  const sample = [];
  for (const [, qs] of [...byCategory.entries()].sort()) {
    const n = Math.max(1, Math.round(want * qs.length / total));
    const pool = qs.slice();
    for (let i = 0; i < n && pool.length; i++) {
      sample.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
    }
  }

  // 3. Ask, one at a time (latency is per question).
  const stats = new Map();
  const latencies = [];
  const misses = [];
  const bump = (cat, key) => {
    if (!stats.has(cat)) stats.set(cat, { n: 0, e1: 0, e5: 0, ok: 0 });
    stats.get(cat)[key]++;
  };
  for (const q of sample) {
    const t = process.hrtime.bigint();
    const res = await call("POST", "/api/v1/query", { query: q.question, timezone: "UTC" });
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
    const gold = noteOf.get(q.evidence_eid);
    const ids = res.sources.map((s) => s.id);
    for (const cat of [q.category, "all"]) {
      bump(cat, "n");
      if (ids.slice(0, 1).includes(gold)) bump(cat, "e1");
      if (ids.slice(0, 5).includes(gold)) bump(cat, "e5");
      if (correct(q, res.answer)) bump(cat, "ok");
    }
    if (!correct(q, res.answer)) misses.push(`${q.category}: ${q.question}\n    gold: ${q.answer}\n    ours: ${res.answer}`);
  }
  const f = (a, b) => (b ? (a / b).toFixed(3) : "-");
  console.log(`\natomic questions: ${sample.length} of ${total} unambiguous (seed ${seedText})\n`);
  console.log("| category | questions | evidence@1 | evidence@5 | answer accuracy |");
  console.log("|---|---|---|---|---|");
  const cats = [...stats.keys()].filter((c) => c !== "all").sort();
  for (const c of [...cats, "all"]) {
    const s = stats.get(c);
    console.log(`| ${c} | ${s.n} | ${f(s.e1, s.n)} | ${f(s.e5, s.n)} | ${f(s.ok, s.n)} |`);
  }
  latencies.sort((a, b) => a - b);
  console.log(`\nquestion latency over HTTP: p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
              `p95 ${percentile(latencies, 0.95).toFixed(1)} ms`);

  // 4. Multi-hop questions.
  let right = 0;
  let asked = 0;
  const multiMisses = [];
  for (const q of data.multihop_questions) {
    if (q.answer_empty || !q.answer_values || !q.answer_values.length) continue;
    asked++;
    const res = await call("POST", "/api/v1/query", { query: q.question, timezone: "UTC" });
    const ok = q.answer_values.every((v) => contains(res.answer, String(v)));
    if (ok) right++;
    else multiMisses.push(`${q.qid}: ${q.question}\n    gold: ${q.answer_values.join(" | ")}\n    ours: ${res.answer}`);
  }
  console.log(`multi-hop questions with a gold answer: ${right} of ${asked} right`);
  if (showMisses === "1") {
    console.log("\nwrong atomic answers:\n  " + misses.join("\n  "));
    console.log("\nwrong multi-hop answers:\n  " + multiMisses.join("\n  "));
  }
}

main().then(() => agent.destroy(), (e) => { console.error(e); process.exit(1); });
