// JavaScript helpers shared by the benchmark drivers (required, not run): JSON over keep-alive
// HTTP, a seeded random generator, a bounded pool of concurrent tasks, percentiles.
"use strict";
const http = require("http");

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

// `method` `base + path` with a bearer token and a JSON body; resolves with the parsed answer,
// rejects on a status of 300 or more.
function call(base, token, method, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(base + path, {
      method, agent,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json",
                 ...(payload ? { "Content-Length": payload.length } : {}) },
    }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString();
        if (res.statusCode >= 300) return reject(new Error(`${method} ${path}: ${res.statusCode} ${text}`));
        resolve(text ? JSON.parse(text) : null);
      });
    });
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

// A seeded generator (mulberry32): the same seed gives the same numbers in [0, 1).
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Runs work(item, index) over `items` with at most `width` running at once.
async function pool(items, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  }));
}

// The p-quantile (0..1) of an ascending array.
function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

module.exports = { agent, call, random, pool, percentile };
