// The driver of bench/query/run. Arguments: BASE REF_BASE REF_TOKEN SIZES OTHERS QUESTIONS
// TOKEN0 (the asking user) TOKEN1..TOKEN20 (other users). With ASK_ONLY=1 (bench/query/run
// --reuse) the notes are already there: only the questions are asked.
"use strict";
const { agent, call, random, pool, percentile } = require("../lib.js");

const [base, refBase, refToken, sizesText, othersText, questionsText, ...tokens] =
    process.argv.slice(2);
// Deterministic notes and questions.
const rand = random(12345);
const pick = (a) => a[Math.floor(rand() * a.length)];

const PEOPLE = ["Eva", "Riley", "Sofia", "Wesley", "Chloe", "Jameson", "Grace", "Elijah"];
const FOOD = ["tacos", "ramen", "a salad", "pizza", "sushi", "oatmeal", "pastéis de nata", "curry"];
const PLACES = ["the gym", "Blue Bottle Coffee", "the library", "the market", "the office",
                "the park", "the station", "the dentist"];
const TEMPLATES = [
  () => `Had ${pick(FOOD)} for lunch with ${pick(PEOPLE)}`,
  () => `Went to ${pick(PLACES)} with ${pick(PEOPLE)}`,
  () => `Ran ${2 + Math.floor(rand() * 15)} km along the river`,
  () => `Meeting about the budget; ${pick(PEOPLE)} presented the plan`,
  () => `Called ${pick(PEOPLE)} for ${5 + Math.floor(rand() * 50)} minutes`,
  () => `Read ${20 + Math.floor(rand() * 80)} pages of a novel at ${pick(PLACES)}`,
  () => `Whiteboard: ship v${1 + Math.floor(rand() * 9)} on Friday`,
  () => `Bought groceries: milk, ${pick(FOOD)}, bread`,
];
const START = Date.UTC(2020, 0, 1);
const SPAN = 5 * 365 * 86400 * 1000;
function note() {
  const t = new Date(START + Math.floor(rand() * SPAN));
  return { text_content: pick(TEMPLATES)(), timestamp: t.toISOString().replace(/\.\d+Z$/, "Z") };
}
const QUESTIONS = [
  () => `where did I have lunch with ${pick(PEOPLE)}?`,
  () => `what did the whiteboard say in March 2022?`,
  () => `how many times did I go to ${pick(PLACES)} in 2023?`,
  () => `did I eat ${pick(FOOD)} last year?`,
  () => `when did I last call ${pick(PEOPLE)}?`,
  () => `what did I read on ${new Date(START + Math.floor(rand() * SPAN)).toISOString().slice(0, 10)}?`,
  () => `show me my runs along the river`,
];

const KIND_NAMES = ["where did I have lunch with P?", "what did the whiteboard say in March 2022?",
                    "how many times did I go to PLACE in 2023?", "did I eat FOOD last year?",
                    "when did I last call P?", "what did I read on DATE?",
                    "show me my runs along the river"];

async function caughtUp(token) {
  // A question embeds whatever of this user is still pending; quick answers mean none is.
  for (;;) {
    const t = Date.now();
    await call(base, token, "POST", "/api/v1/query", { query: "anything", timezone: "UTC" });
    if (Date.now() - t < 300) return;
  }
}


// Asks the questions at one size and prints its row; keeps the latencies per kind in `byKind`.
let byKind = [];
async function ask(size, others, withEmbedding, without, ratio) {
  const lat = [];
  byKind = QUESTIONS.map(() => []);
  for (let q = 0; q < parseInt(questionsText, 10); q++) {
    const kind = Math.floor(rand() * QUESTIONS.length);
    const t = process.hrtime.bigint();
    await call(base, tokens[0], "POST", "/api/v1/query", { query: QUESTIONS[kind](), timezone: "UTC" });
    lat.push(Number(process.hrtime.bigint() - t) / 1e6);
    byKind[kind].push(lat[lat.length - 1]);
  }
  lat.sort((a, b) => a - b);
  console.log(`| ${size} | ${size + others} | ${withEmbedding} | ${without} | ${ratio} | ` +
              `${percentile(lat, 0.5).toFixed(1)} | ${percentile(lat, 0.95).toFixed(1)} |`);
}

async function main() {
  const others = parseInt(othersText, 10) || 0;
  const asking = tokens[0];
  console.log("| user's notes | store total | ingest notes/s (with embedding) | ingest without embedding | ratio | p50 ms | p95 ms |");
  console.log("|---|---|---|---|---|---|---|");
  let have = 0;
  for (const size of sizesText.split(",").map((s) => parseInt(s, 10))) {
    if (process.env.ASK_ONLY) {
      await ask(size, others, "-", "-", "-");
      continue;
    }
    const add = size - have;
    const started = Date.now();
    await pool(Array.from({ length: add }), 8, () => call(base, asking, "POST", "/api/v1/notes", note()));
    await caughtUp(asking);
    const withEmbedding = add / ((Date.now() - started) / 1000);
    const refStarted = Date.now();
    await pool(Array.from({ length: add }), 8, () => call(refBase, refToken, "POST", "/api/v1/notes", note()));
    const without = add / ((Date.now() - refStarted) / 1000);
    have = size;
    await ask(size, others, Math.round(withEmbedding), Math.round(without),
              (withEmbedding / without).toFixed(2));
  }
  // Which kinds of question are slow, at the largest size.
  console.log("\n| kind of question (largest size) | asked | p50 ms | p95 ms |\n|---|---|---|---|");
  QUESTIONS.forEach((make, k) => {
    const l = byKind[k].sort((a, b) => a - b);
    if (l.length === 0) return;
    const example = KIND_NAMES[k];
    console.log(`| ${example} | ${l.length} | ${percentile(l, 0.5).toFixed(1)} | ${percentile(l, 0.95).toFixed(1)} |`);
  });
}

main().then(() => agent.destroy(), (e) => { console.error(e); process.exit(1); });
