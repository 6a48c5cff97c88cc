// The oracle of tests/ai/use_lite_reference_test.cpp: the Universal Sentence Encoder Lite run by
// its own JavaScript runtime (@energetic-ai/embeddings, from tests/npm).
//
// Usage: node use_lite_reference.js TEXTS.json MODEL_DIR
// TEXTS.json is a JSON array of strings; prints one JSON object:
//   {"tokens": [[id, ...] per text], "vectors": [[512 floats] per text]}
// Each text is embedded alone, as the server embeds a note; an empty text is embedded in a batch
// before a non-empty one, because alone the runtime fails (and last in a batch it is dropped).
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const requireFromNpm = createRequire(path.join(__dirname, '..', 'npm', 'package.json'));
const core = requireFromNpm('@energetic-ai/core');
const { EmbeddingsModel } = requireFromNpm('@energetic-ai/embeddings');

async function main() {
  const [textsPath, modelDir] = process.argv.slice(2);
  const texts = JSON.parse(fs.readFileSync(textsPath, 'utf8'));
  await core.ready();
  const model = new EmbeddingsModel({
    model: await core.loadGraphModel('file://' + path.resolve(modelDir, 'model.json')),
    vocabulary: JSON.parse(fs.readFileSync(path.join(modelDir, 'vocab.json'), 'utf8')),
  });
  const tokens = texts.map((t) => model.tokenizer.encode(t));
  const vectors = [];
  for (const text of texts) {
    vectors.push(text === '' ? (await model.embed([text, 'x']))[0] : await model.embed(text));
  }
  process.stdout.write(JSON.stringify({ tokens, vectors }) + '\n');
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
  process.exit(1);
});
