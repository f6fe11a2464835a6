// Runs Chrome DevTools' own heap snapshot model (bundled by scripts/oracle/install) on
// .heapsnapshot files and prints its results, as the reference our analyzer is tested against.
//
//   node scripts/oracle/devtools.mjs nodes FILE          JSON Lines, one node per line, ordinal order
//   node scripts/oracle/devtools.mjs summary FILE        {"total_size", "classes": {classKey: {...}}}
//   node scripts/oracle/devtools.mjs diff BASE CURRENT   {classKey: {...}} as DevTools' Comparison view
//
// FILE may be plain or gzip. DevTools' console warnings (unreachable nodes) go to stderr,
// each line prefixed with "devtools-warn: ". Env HEAPLEAK_ORACLE_BUNDLE overrides the bundle path.
import fs from 'node:fs';
import path from 'node:path';
import {once} from 'node:events';
import {fileURLToPath, pathToFileURL} from 'node:url';
import zlib from 'node:zlib';
import {spawn} from 'node:child_process';

// Node 20 lacks Promise.withResolvers, which the loader and SecondaryInitManager use.
Promise.withResolvers ??= function() {
  let resolve, reject;
  const promise = new this((res, rej) => { resolve = res; reject = rej; });
  return {promise, resolve, reject};
};

console.warn = (...args) => {
  for (const line of args.join(' ').split('\n')) process.stderr.write(`devtools-warn: ${line}\n`);
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bundle = process.env.HEAPLEAK_ORACLE_BUNDLE || path.join(root, 'build/oracle-tools/devtools-model.mjs');
function fail(message) {
  process.stderr.write(`devtools.mjs: ${message}\n`);
  process.exit(2);
}

if (!fs.existsSync(bundle)) fail(`${bundle} not found (run scripts/oracle/install)`);
// Imported after the polyfill above, hence dynamic.
const {HS, Loader} = await import(pathToFileURL(bundle).href);

// Text chunks of the file; gzip is recognised by its magic bytes, not by the extension.
function openText(file) {
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  const n = fs.readSync(fd, head, 0, 4, 0);
  fs.closeSync(fd);
  let stream = fs.createReadStream(file, {highWaterMark: 1 << 20});
  if (n >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    stream = stream.pipe(zlib.createGunzip({chunkSize: 1 << 20}));
  } else if (n === 4 && head.readUInt32LE(0) === 0xfd2fb528) {
    // Node 20's zlib has no zstd; the zstd tool (a test dependency) decompresses.
    stream.destroy();
    const child = spawn('zstd', ['-dc', '--', file], {stdio: ['ignore', 'pipe', 'inherit']});
    child.on('error', e => fail(`${file}: cannot run zstd: ${e.message}`));
    child.on('exit', code => code === 0 || fail(`${file}: zstd -dc exited with ${code}`));
    stream = child.stdout;
  }
  stream.setEncoding('utf8');  // decodes UTF-8 sequences split across chunks
  return stream;
}

// The streaming route DevTools uses for a file: HeapSnapshotLoader fed chunk by chunk, then
// the model built with its second "thread" (SecondaryInitManager) on a MessageChannel.
async function loadSnapshot(file) {
  const loader = new Loader.HeapSnapshotLoader(undefined);  // no dispatcher: no progress events
  for await (const chunk of openText(file)) loader.write(chunk);
  loader.close();
  await loader.parsingComplete;
  const channel = new MessageChannel();
  new HS.SecondaryInitManager(channel.port2);
  try {
    return await loader.buildSnapshot(channel.port1);
  } finally {
    channel.port1.close();
    channel.port2.close();
  }
}

// Buffered stdout that respects backpressure, so big snapshots never become one string.
let pending = '';
async function out(text) {
  pending += text;
  if (pending.length >= 1 << 20) await flush();
}
async function flush() {
  if (pending && !process.stdout.write(pending)) await once(process.stdout, 'drain');
  pending = '';
}

async function nodesMode(file) {
  const snap = await loadSnapshot(file);
  const node = snap.createNode(0);
  const dominator = snap.createNode(0);
  for (let ordinal = 0; ordinal < snap.nodeCount; ordinal++) {
    node.nodeIndex = ordinal * snap.nodeFieldCount;
    dominator.nodeIndex = node.dominatorIndex();
    await out(JSON.stringify({
      id: node.id(),
      type: node.type(),
      name: node.name(),
      class: node.className(),
      self_size: node.selfSize(),
      retained_size: Math.round(node.retainedSize()),  // stored as Float64
      distance: node.distance(),
      dominator: dominator.id(),
      detachedness: node.detachedness(),
    }) + '\n');
  }
}

async function summaryMode(file) {
  const snap = await loadSnapshot(file);
  const aggregates = snap.aggregatesWithFilter({});
  await out(`{"total_size":${snap.totalSize},"classes":{`);
  let sep = '';
  for (const [key, a] of Object.entries(aggregates)) {
    const row = {name: a.name, count: a.count, self: a.self, max_ret: Math.round(a.maxRet), distance: a.distance};
    await out(`${sep}\n${JSON.stringify(key)}:${JSON.stringify(row)}`);
    sep = ',';
  }
  await out('\n}}\n');
}

async function diffMode(baseFile, currentFile) {
  const base = await loadSnapshot(baseFile);
  const current = await loadSnapshot(currentFile);
  // As the Comparison view does: the base is re-classified with the current snapshot's
  // interface definitions. The first argument only keys DevTools' diff cache.
  // DevTools quirk kept as is: for a key only the base has, `name` is the className() of the
  // base's highest-id node in it read *after* the base's own definitions are restored, so a key
  // ',Object' can be named '{a, b}'. Keys and counts are unaffected.
  const diffs = current.calculateSnapshotDiff(1, base.aggregatesForDiff(current.interfaceDefinitions()));
  const baseNode = base.createNode(0);
  const currentNode = current.createNode(0);
  const idsOf = (node, indexes) => indexes.map(index => { node.nodeIndex = index; return node.id(); });
  await out('{');
  let sep = '';
  for (const [key, d] of Object.entries(diffs)) {
    const row = {
      name: d.name,
      added_count: d.addedCount,
      removed_count: d.removedCount,
      count_delta: d.countDelta,
      added_size: d.addedSize,
      removed_size: d.removedSize,
      size_delta: d.sizeDelta,
      added_ids: idsOf(currentNode, d.addedIndexes),
      deleted_ids: idsOf(baseNode, d.deletedIndexes),
    };
    await out(`${sep}\n${JSON.stringify(key)}:${JSON.stringify(row)}`);
    sep = ',';
  }
  await out('\n}\n');
}

const modes = {nodes: [nodesMode, 1], summary: [summaryMode, 1], diff: [diffMode, 2]};
const [mode, ...files] = process.argv.slice(2);
if (!modes[mode] || files.length !== modes[mode][1]) {
  fail('usage: devtools.mjs nodes FILE | summary FILE | diff BASE CURRENT');
}
for (const file of files) {
  if (!fs.existsSync(file)) fail(`${file}: no such file`);
}
try {
  await modes[mode][0](...files);
  await flush();
} catch (e) {
  fail(`${files.join(', ')}: ${e?.stack ?? e}`);
}
