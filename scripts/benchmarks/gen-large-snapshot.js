#!/usr/bin/env node
// Deterministic generator of a large, realistic V8 heap snapshot for heapleak
// benchmarks.
//
// Usage:
//   node --expose-gc --max-old-space-size=16000 scripts/benchmarks/gen-large-snapshot.js \
//        [--scale 1.0] [--variant a|b] [--seed 42] [--out FILE] [--stats-json FILE]
//   node ... scripts/benchmarks/gen-large-snapshot.js \
//        [--scale 1.0] [--seed 42] [--stats-json FILE] --pair OUT_A OUT_B
//
// (If started without --expose-gc the script re-executes itself with the flags
// above, so `node scripts/benchmarks/gen-large-snapshot.js ...` also works.)
//
//   --scale    1.0 gives ~8.0M nodes / ~26M edges / ~660 MB (~50 s, ~3.4 GB
//              RSS); size is linear in the scale plus a constant ~40k-node
//              Node.js runtime baseline (0.01 gives ~120k nodes, ~10 MB, <1 s).
//              ~600 MB is --scale 0.91.
//   --variant  a: the base heap.
//              b: the same heap plus LeakedThing objects (5000 * scale, at
//                 least 50) held in the global Map `leakCache`, and minus
//                 AuditEvent objects (300 * scale, at least 10) removed from
//                 `app.auditLog`. Variant a holds an empty `leakCache`.
//   --seed     PRNG seed (default 42). Same arguments => same object graph
//              (V8 node ids and a handful of V8-internal nodes may differ).
//   --out      output path (default heap-<variant>-s<scale>.heapsnapshot).
//   --stats-json  also write a small JSON file with generation statistics.
//   --pair     same-process pair: build the variant-a heap, write OUT_A, then apply
//              exactly the variant-b changes (add the LeakedThings to `leakCache`,
//              remove the AuditEvents) in the same process, gc, write OUT_B. V8 ids
//              are stable within one process, so `heapleak diff OUT_A OUT_B` can
//              match objects by id; separate --variant a and --variant b runs are two
//              processes with unrelated ids. OUT_A holds the heap of --variant a and
//              OUT_B that of --variant b (same seed and scale: the same application
//              objects; ids and a few hundred V8-internal nodes, such as code compiled
//              while writing OUT_A, differ). Excludes --variant and --out. Takes about
//              twice as long as one variant; peak RSS is about the same. The stats
//              JSON then has "mode": "pair", the shared build figures, and "a" and
//              "b" objects with each snapshot's path, size and counts.
//
// All randomness comes from mulberry32 streams; Math.random is never used.
// The base heap is built from one stream and the variant-b changes from a
// separate one, so the base graph of variant b is identical to variant a.

'use strict';

const fs = require('fs');
const path = require('path');
const v8 = require('v8');

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const opts = { scale: 1.0, variant: 'a', seed: 42, out: null, statsJson: null, pair: null };
  let variantGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const key = eq >= 0 ? a.slice(0, eq) : a;
    const val = () => (eq >= 0 ? a.slice(eq + 1) : argv[++i]);
    switch (key) {
      case '--scale': opts.scale = Number(val()); break;
      case '--variant': opts.variant = String(val()); variantGiven = true; break;
      case '--seed': opts.seed = Number(val()) >>> 0; break;
      case '--out': opts.out = val(); break;
      case '--stats-json': opts.statsJson = val(); break;
      case '--pair':
        if (eq >= 0 || i + 2 >= argv.length || argv[i + 1].startsWith('--') ||
            argv[i + 2].startsWith('--')) {
          console.error('gen-large-snapshot: --pair takes two paths: --pair OUT_A OUT_B');
          process.exit(2);
        }
        opts.pair = [argv[i + 1], argv[i + 2]];
        i += 2;
        break;
      case '-h': case '--help': {
        // The header comment, from the line after the shebang to the first blank one.
        const lines = fs.readFileSync(__filename, 'utf8').split('\n').slice(1);
        const end = lines.findIndex((l) => !l.startsWith('//'));
        process.stdout.write(lines.slice(0, end < 0 ? lines.length : end)
          .map((l) => l.replace(/^\/\/ ?/, '')).join('\n') + '\n');
        process.exit(0);
        break;
      }
      default:
        console.error(`gen-large-snapshot: unknown argument ${a}`);
        process.exit(2);
    }
  }
  if (!(opts.scale > 0) || !Number.isFinite(opts.scale)) {
    console.error('gen-large-snapshot: --scale must be a positive number');
    process.exit(2);
  }
  if (opts.variant !== 'a' && opts.variant !== 'b') {
    console.error('gen-large-snapshot: --variant must be a or b');
    process.exit(2);
  }
  if (opts.pair) {
    if (variantGiven || opts.out) {
      console.error('gen-large-snapshot: --pair writes both variants; it excludes --variant and --out');
      process.exit(2);
    }
    if (!opts.pair[0] || !opts.pair[1] || path.resolve(opts.pair[0]) === path.resolve(opts.pair[1])) {
      console.error('gen-large-snapshot: --pair needs two different output paths');
      process.exit(2);
    }
    return opts;
  }
  if (!opts.out) opts.out = `heap-${opts.variant}-s${opts.scale}.heapsnapshot`;
  return opts;
}

// Re-exec with --expose-gc and a big old space if we were not started that way.
if (typeof global.gc !== 'function') {
  const { spawnSync } = require('child_process');
  const r = spawnSync(process.execPath,
    ['--expose-gc', '--max-old-space-size=16000', __filename, ...process.argv.slice(2)],
    { stdio: 'inherit' });
  process.exit(r.status === null ? 1 : r.status);
}

const opts = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------- PRNG

function mulberry32(a) {
  a >>>= 0;
  return function next() {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let rnd = mulberry32(opts.seed);
const int = (n) => Math.floor(rnd() * n);          // 0 .. n-1
const range = (lo, hi) => lo + int(hi - lo + 1);   // lo .. hi inclusive
const pick = (arr) => arr[int(arr.length)];
const chance = (p) => rnd() < p;
const hex = (n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[int(16)];
  return s;
};

// ---------------------------------------------------------------- vocabulary

const FIRST = ['Alice', 'Bob', 'Carol', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi',
  'Ivan', 'Judy', 'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent',
  'Victor', 'Walter', 'Yusuf', 'Zoë', 'José', 'Søren', 'Łukasz', 'Ægir', 'François',
  'Björn', 'Anaïs', 'Çağan', 'Дмитрий', 'Анна', '太郎', '花子', '민준', 'Αλέξανδρος'];
const LAST = ['Smith', 'Jones', 'Brown', 'Garcia', 'Miller', 'Davis', 'Wilson',
  'Taylor', 'Martin', 'Lee', 'Müller', 'Ørsted', 'Nuñez', 'Dvořák', 'Kowalczyk',
  'Иванов', '田中', '山田', '김', 'Παπαδόπουλος', 'O\'Brien', 'van der Berg'];
const CITIES = ['Berlin', 'Paris', 'London', 'New York', 'São Paulo', 'Zürich',
  'Kraków', 'Tokyo', 'Москва', 'Reykjavík', 'Montréal', 'Seoul', 'Lagos', 'Lima'];
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'BR', 'CH', 'PL', 'JP', 'RU', 'IS', 'CA', 'KR', 'NG', 'PE'];
const STREETS = ['Main St', 'High St', 'Hauptstraße', 'Rue de la Paix', 'Calle Mayor',
  'Station Rd', 'Elm Ave', 'Königsallee', 'Via Roma', 'Ulica Długa'];
const WORDS = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod ' +
  'tempor incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud ' +
  'exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure in ' +
  'reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat ' +
  'cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum ' +
  'café naïve über straße 東京 日本語 привет мир 😀 🚀 ✓').split(' ');
const TAGS = ['admin', 'beta', 'premium', 'trial', 'churn-risk', 'vip', 'eu', 'us',
  'mobile', 'desktop', 'newsletter', 'api', 'legacy', 'staff'];
const STATUSES = ['pending', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded'];
const CATEGORIES = ['books', 'games', 'garden', 'tools', 'toys', 'food', 'music', 'sports'];
const COLORS = ['red', 'green', 'blue', 'black', 'white', 'grün', 'bleu'];
const EVENT_KINDS = ['click', 'view', 'login', 'logout', 'purchase', 'error', 'scroll'];
const AUDIT_ACTIONS = ['create', 'update', 'delete', 'grant', 'revoke', 'export'];

// A string of about `len` characters made of random words. Built by joining an
// array, so the result is a flat (sequential) string, one or two-byte
// depending on whether a non-ASCII word was drawn.
function text(len) {
  const parts = [];
  let n = 0;
  while (n < len) {
    const w = pick(WORDS);
    parts.push(w);
    n += w.length + 1;
  }
  return parts.join(' ');
}

// Varied string lengths: mostly short, some medium, ~1% long (2-16 KB), and
// 0.05% very long (64-256 KB). V8 truncates string names in the snapshot to
// 1024 chars, but self_size reflects the full length.
function variedText() {
  const r = rnd();
  if (r < 0.6) return text(range(8, 60));
  if (r < 0.99) return text(range(40, 300));
  if (r < 0.9995) return text(range(2000, 16000));
  return text(range(65536, 262144));
}

// ---------------------------------------------------------------- classes

class Address {
  constructor(street, city, zip, country) {
    this.street = street;
    this.city = city;
    this.zip = zip;
    this.country = country;
  }
}

class User {
  constructor(id, name, email) {
    this.id = id;
    this.name = name;
    this.email = email;
    this.age = 0;
    this.score = 0.5;
    this.createdAt = null;
    this.address = null;
    this.profile = null;
    this.tags = [];
    this.friends = [];
    this.orders = [];
    this.session = null;
  }
}

class Product {
  constructor(sku, title, price, category) {
    this.sku = sku;
    this.title = title;
    this.price = price;
    this.category = category;
    this.attrs = null;
    this.stock = 0;
  }
}

class LineItem {
  constructor(product, qty, unitPrice) {
    this.product = product;
    this.qty = qty;
    this.unitPrice = unitPrice;
    this.discount = null;
  }
}

class Order {
  constructor(id, user, status) {
    this.id = id;
    this.user = user;       // back reference: user.orders[i].user === user
    this.status = status;
    this.items = [];
    this.total = 0.1;
    this.placedAt = null;
    this.note = null;
  }
}

class Session {
  constructor(token, user) {
    this.token = token;
    this.user = user;       // cycle: user.session.user === user
    this.lastSeen = 0.5;
    this.attributes = new Map();
    this.handlers = [];
  }
}

class AuditEvent {
  constructor(seq, action, actor, target) {
    this.seq = seq;
    this.action = action;
    this.actor = actor;
    this.target = target;
    this.at = 0.5;
  }
}

class LeakedThing {
  constructor(id, payload, owner) {
    this.id = id;
    this.payload = payload;
    this.owner = owner;
    this.history = [id, id * 2, id * 3];
    this.createdAt = new Date(1700000000000 + id * 1000);
  }
}

class EventBus {
  constructor() {
    this.listeners = new Map();  // event name -> array of closures
    this.emitted = 0;
  }
  on(name, fn) {
    let list = this.listeners.get(name);
    if (!list) this.listeners.set(name, (list = []));
    list.push(fn);
  }
}

// Closures of a few shapes, each capturing a context.
function makeSessionHandler(session, kind) {
  let count = 0;
  const label = kind + ':' + session.token.slice(0, 8);
  return function onSessionEvent(ev) {
    count++;
    return label + '/' + session.user.id + '/' + ev + '/' + count;
  };
}

function makeRetryPolicy(maxAttempts, baseDelay) {
  const state = { attempts: 0, lastError: null };
  return {
    next() { state.attempts++; return state.attempts <= maxAttempts ? baseDelay * state.attempts : -1; },
    fail(e) { state.lastError = e; },
  };
}

function makeFormatter(prefix, locale) {
  const cache = new Map();
  return (v) => {
    let s = cache.get(v);
    if (s === undefined) { s = prefix + locale + String(v); cache.set(v, s); }
    return s;
  };
}

// ---------------------------------------------------------------- build

// Per unit (one User with everything hanging off it) the snapshot gets about
// 53 nodes, 3.3 edges per node and ~83 bytes of snapshot per node;
// UNITS_AT_SCALE_1 is calibrated for ~8M nodes (~660 MB) at --scale 1.
const UNITS_AT_SCALE_1 = 150000;

function buildApp(scale) {
  const nUsers = Math.max(10, Math.round(UNITS_AT_SCALE_1 * scale));
  const nProducts = Math.max(5, Math.round(nUsers / 8));
  const nAudit = Math.max(20, Math.round(nUsers / 4));

  const app = {
    name: 'heapleak-bench-app',
    version: '1.0.0',
    config: null,
    users: [],
    userById: new Map(),       // 'user:<id>' -> User
    usersByEmail: new Map(),   // email -> User
    catalog: new Map(),        // sku -> Product
    sessions: new Map(),       // token -> Session
    bus: new EventBus(),
    auditLog: [],
    formatters: [],
    retryPolicies: [],
    metrics: [],
    memo: new Map(),           // query string -> result array
    stringTable: [],
  };

  // Config: a dictionary-mode object (many keys, some deleted).
  const config = {};
  for (let i = 0; i < 400; i++) config['option_' + i + '_' + hex(4)] = chance(0.5) ? i : text(range(5, 30));
  for (let i = 0; i < 400; i += 7) delete config[Object.keys(config)[i % Object.keys(config).length]];
  app.config = config;

  // Product catalog.
  const products = [];
  for (let i = 0; i < nProducts; i++) {
    const sku = 'SKU-' + String(100000 + i) + '-' + hex(4);
    const p = new Product(sku, text(range(10, 50)), range(100, 99999) / 100, pick(CATEGORIES));
    p.attrs = { color: pick(COLORS), size: pick(['S', 'M', 'L', 'XL']), weight: range(1, 5000) / 10 };
    p.stock = range(0, 1000);
    products.push(p);
    app.catalog.set(sku, p);
  }

  // Users and everything hanging off them.
  for (let i = 0; i < nUsers; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const name = [first, last].join(' ');
    const email = [first.toLowerCase(), '.', last.toLowerCase().replace(/[^a-z]/g, 'x'), i, '@example.com'].join('');
    const u = new User(i, name, email);
    u.age = range(16, 90);
    u.score = rnd() * 100;
    u.createdAt = new Date(1600000000000 + i * 60000);
    u.address = new Address(range(1, 300) + ' ' + pick(STREETS), pick(CITIES),
      String(range(10000, 99999)), pick(COUNTRIES));
    // Nested plain objects sharing one shape.
    u.profile = {
      bio: variedText(),
      avatarUrl: chance(0.7) ? 'https://cdn.example.com/avatars/' + hex(16) + '.png' : null,
      prefs: { theme: chance(0.5) ? 'dark' : 'light', lang: pick(['en', 'de', 'fr', 'ja', 'ru']), notifications: chance(0.8) },
      links: chance(0.3) ? { homepage: 'https://' + hex(8) + '.example.org/', social: ['@' + hex(6)] } : null,
    };
    const nTags = int(5);
    for (let t = 0; t < nTags; t++) u.tags.push(pick(TAGS));

    const nOrders = chance(0.3) ? 0 : range(1, 3);
    for (let o = 0; o < nOrders; o++) {
      const ord = new Order(i * 4 + o, u, pick(STATUSES));
      ord.placedAt = new Date(1650000000000 + (i * 4 + o) * 30000);
      const nItems = range(1, 4);
      let total = 0;
      for (let k = 0; k < nItems; k++) {
        const p = pick(products);
        const li = new LineItem(p, range(1, 5), p.price);
        if (chance(0.1)) li.discount = { code: 'SAVE' + range(5, 50), pct: range(5, 50) / 100 };
        ord.items.push(li);
        total += li.qty * li.unitPrice;
      }
      ord.total = total;
      if (chance(0.15)) ord.note = variedText();
      u.orders.push(ord);
    }

    if (chance(0.4)) {
      const s = new Session(hex(32), u);
      s.lastSeen = 1700000000000 + rnd() * 1e9;
      s.attributes.set('ua', pick(['Mozilla/5.0 (X11; Linux x86_64)', 'Mozilla/5.0 (Macintosh)', 'curl/8.0']));
      s.attributes.set('ip', range(1, 254) + '.' + range(0, 255) + '.' + range(0, 255) + '.' + range(1, 254));
      const nh = range(1, 3);
      for (let h = 0; h < nh; h++) {
        const fn = makeSessionHandler(s, pick(EVENT_KINDS));
        s.handlers.push(fn);
        app.bus.on(pick(EVENT_KINDS), fn);
      }
      u.session = s;
      app.sessions.set(s.token, s);
    }

    app.users.push(u);
    app.userById.set('user:' + i, u);
    app.usersByEmail.set(email, u);

    if (i % 50 === 0) app.retryPolicies.push(makeRetryPolicy(range(2, 8), range(10, 1000)));
    if (i % 200 === 0) app.formatters.push(makeFormatter(pick(['$', '€', '¥', '£']), pick(['en-US', 'de-DE', 'ja-JP'])));
    if (i % 1000 === 0) {
      const fa = new Float64Array(range(256, 4096));
      for (let k = 0; k < fa.length; k++) fa[k] = rnd();
      app.metrics.push({ name: 'metric_' + i, samples: fa, unit: pick(['ms', 'bytes', 'count']) });
    }
    if (i % 20 === 0) {
      const q = 'SELECT * FROM orders WHERE user_id = ' + i + ' AND status = \'' + pick(STATUSES) + '\'';
      app.memo.set(q, u.orders.slice());
    }
  }

  // Friendships: random cross references (cycles through users).
  for (let i = 0; i < nUsers; i++) {
    const u = app.users[i];
    const nf = int(4);
    for (let f = 0; f < nf; f++) u.friends.push(app.users[int(nUsers)]);
  }

  // Audit log: objects held only by app.auditLog.
  for (let i = 0; i < nAudit; i++) {
    const ev = new AuditEvent(i, pick(AUDIT_ACTIONS), app.users[int(nUsers)], 'resource/' + hex(12));
    ev.at = 1700000000000 + i * 1000 + rnd();
    app.auditLog.push(ev);
  }

  // A table of unique strings of varied lengths (one and two byte).
  const nStrings = Math.max(10, Math.round(nUsers / 10));
  for (let i = 0; i < nStrings; i++) app.stringTable.push(variedText() + ' #' + i);

  return { app, nUsers, nProducts, nAudit, nStrings };
}

function applyVariantB(app, scale, seed) {
  rnd = mulberry32((seed ^ 0xB0B0B0B0) >>> 0);   // separate stream: base heap unchanged
  const nLeak = Math.max(50, Math.round(5000 * scale));
  const nRemove = Math.min(app.auditLog.length, Math.max(10, Math.round(300 * scale)));
  const leakCache = globalThis.leakCache;
  for (let i = 0; i < nLeak; i++) {
    const owner = app.users[int(app.users.length)];
    const t = new LeakedThing(i, text(range(40, 200)), owner);
    leakCache.set('leak:' + i + ':' + hex(8), t);
  }
  for (let i = 0; i < nRemove; i++) app.auditLog.splice(int(app.auditLog.length), 1);
  return { leaked: nLeak, removedAuditEvents: nRemove };
}

// ---------------------------------------------------------------- main

function readHeaderCounts(file) {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(4096);
  const n = fs.readSync(fd, buf, 0, buf.length, 0);
  fs.closeSync(fd);
  const head = buf.toString('latin1', 0, n);
  const nc = /"node_count":(\d+)/.exec(head);
  const ec = /"edge_count":(\d+)/.exec(head);
  return { nodeCount: nc ? Number(nc[1]) : null, edgeCount: ec ? Number(ec[1]) : null };
}

function main() {
  const t0 = process.hrtime.bigint();
  const secs = (a, b) => Number(b - a) / 1e9;

  globalThis.leakCache = new Map();
  const built = buildApp(opts.scale);
  globalThis.app = built.app;
  let variant = null;
  if (opts.variant === 'b') variant = applyVariantB(built.app, opts.scale, opts.seed);
  const t1 = process.hrtime.bigint();

  global.gc();
  global.gc();
  const heapUsed = process.memoryUsage().heapUsed;
  const t2 = process.hrtime.bigint();

  const out = path.resolve(opts.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  v8.writeHeapSnapshot(out);
  const t3 = process.hrtime.bigint();

  const size = fs.statSync(out).size;
  const counts = readHeaderCounts(out);
  const stats = {
    out, scale: opts.scale, variant: opts.variant, seed: opts.seed,
    users: built.nUsers, products: built.nProducts, auditEvents: built.nAudit,
    tableStrings: built.nStrings, variantB: variant,
    heapUsedBytes: heapUsed, fileBytes: size,
    nodeCount: counts.nodeCount, edgeCount: counts.edgeCount,
    buildSeconds: secs(t0, t1), gcSeconds: secs(t1, t2), snapshotSeconds: secs(t2, t3),
    totalSeconds: secs(t0, t3), node: process.version,
  };
  if (opts.statsJson) fs.writeFileSync(opts.statsJson, JSON.stringify(stats, null, 2) + '\n');
  console.error(`gen-large-snapshot: wrote ${out}: ${(size / 1e6).toFixed(1)} MB, ` +
    `${counts.nodeCount} nodes, ${counts.edgeCount} edges; build ${stats.buildSeconds.toFixed(1)}s, ` +
    `gc ${stats.gcSeconds.toFixed(1)}s, snapshot ${stats.snapshotSeconds.toFixed(1)}s` +
    (variant ? `; variant b: +${variant.leaked} LeakedThing, -${variant.removedAuditEvents} AuditEvent` : ''));
}

// gc twice, then write one snapshot; the figures the stats JSON gives per snapshot.
function gcAndWrite(file) {
  const secs = (a, b) => Number(b - a) / 1e9;
  const t0 = process.hrtime.bigint();
  global.gc();
  global.gc();
  const heapUsed = process.memoryUsage().heapUsed;
  const t1 = process.hrtime.bigint();
  const out = path.resolve(file);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  v8.writeHeapSnapshot(out);
  const t2 = process.hrtime.bigint();
  const size = fs.statSync(out).size;
  const counts = readHeaderCounts(out);
  return {
    out, heapUsedBytes: heapUsed, fileBytes: size,
    nodeCount: counts.nodeCount, edgeCount: counts.edgeCount,
    gcSeconds: secs(t0, t1), snapshotSeconds: secs(t1, t2),
  };
}

// --pair: snapshot A of the variant-a heap, then the variant-b changes in the same
// process (so V8 keeps the ids of the surviving objects) and snapshot B.
function mainPair() {
  const t0 = process.hrtime.bigint();
  const secs = (a, b) => Number(b - a) / 1e9;

  globalThis.leakCache = new Map();
  const built = buildApp(opts.scale);
  globalThis.app = built.app;
  const t1 = process.hrtime.bigint();
  const a = { variant: 'a', ...gcAndWrite(opts.pair[0]) };
  const t2 = process.hrtime.bigint();
  const variant = applyVariantB(built.app, opts.scale, opts.seed);
  const t3 = process.hrtime.bigint();
  const b = { variant: 'b', ...gcAndWrite(opts.pair[1]) };
  const t4 = process.hrtime.bigint();

  const stats = {
    mode: 'pair', scale: opts.scale, seed: opts.seed,
    users: built.nUsers, products: built.nProducts, auditEvents: built.nAudit,
    tableStrings: built.nStrings, variantB: variant,
    a, b,
    buildSeconds: secs(t0, t1), variantBSeconds: secs(t2, t3),
    totalSeconds: secs(t0, t4), node: process.version,
  };
  if (opts.statsJson) fs.writeFileSync(opts.statsJson, JSON.stringify(stats, null, 2) + '\n');
  for (const s of [a, b]) {
    console.error(`gen-large-snapshot: wrote ${s.out} (pair ${s.variant}): ` +
      `${(s.fileBytes / 1e6).toFixed(1)} MB, ${s.nodeCount} nodes, ${s.edgeCount} edges; ` +
      `gc ${s.gcSeconds.toFixed(1)}s, snapshot ${s.snapshotSeconds.toFixed(1)}s`);
  }
  console.error(`gen-large-snapshot: pair: build ${stats.buildSeconds.toFixed(1)}s, ` +
    `then +${variant.leaked} LeakedThing, -${variant.removedAuditEvents} AuditEvent in the same process; ` +
    `total ${stats.totalSeconds.toFixed(1)}s`);
}

if (opts.pair) mainPair();
else main();
