// Checks that the DevTools-model oracle itself reproduces the reference's worked examples
// (../shared/docs/heapsnapshot-reference.md 5.1 and 5.3), so that a broken install, bundle or
// driver cannot pass off wrong values as DevTools'. The expected values are copied from the
// reference, never produced by heapleak.
//   node tests/oracle/self_check.mjs
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tiny = name => path.join(root, 'fixtures/tiny', name);
execFileSync(path.join(root, 'scripts/oracle/install'), {stdio: 'inherit'});

// Runs the driver; returns its stdout, and its stderr (DevTools' warnings) in oracle.warnings.
function oracle(...args) {
  const run = spawnSync('node', [path.join(root, 'scripts/oracle/devtools.mjs'), ...args], {encoding: 'utf8'});
  assert.equal(run.status, 0, `devtools.mjs ${args.join(' ')} failed: ${run.stderr}`);
  oracle.warnings = run.stderr;
  return run.stdout;
}

// Reference 5.1, "Expected (DevTools)": id, class, display name, self, retained, distance, idom id, det.
const case1 = [
  [1, '(synthetic)', '', 0, 482, 100000000, 1, 0],
  [3, '(synthetic)', '(GC roots)', 0, 0, 100000001, 1, 0],
  [5, '(synthetic)', '(Global handles)', 0, 0, 100000002, 3, 0],
  [7, 'Window / https://a.test', 'Window / https://a.test', 40, 434, 1, 1, 0],
  [9, 'App', 'App', 32, 80, 2, 7, 0],
  [11, '{a, b}', '{a, b}', 24, 24, 3, 9, 0],
  [13, '{a, b}', '{a, b}', 24, 24, 3, 9, 0],
  [15, '(string)', 'hello', 20, 20, 4, 7, 0],
  [17, 'Function', 'onClick', 36, 214, 2, 7, 0],
  [19, 'system / Context', 'system / Context', 28, 178, 3, 17, 0],
  [21, 'Array', 'Array', 80, 80, 2, 7, 0],
  [23, '(array)', '', 0, 0, 3, 21, 0],
  [25, 'Detached HTMLDivElement', 'Detached HTMLDivElement', 100, 150, 4, 19, 2],
  [27, 'Detached Text', 'Detached Text', 50, 50, 5, 25, 2],
  [29, 'Cache', 'Cache', 48, 48, -5, 1, 0],
];
const rows = oracle('nodes', tiny('case1.heapsnapshot')).trim().split('\n').map(line => JSON.parse(line));
assert.deepEqual(rows.map(r => [r.id, r.class, r.name, r.self_size, r.retained_size, r.distance, r.dominator,
                                r.detachedness]),
                 case1, 'nodes of case1 (reference 5.1)');
assert.deepEqual(Object.keys(rows[0]),
                 ['id', 'type', 'name', 'class', 'self_size', 'retained_size', 'distance', 'dominator', 'detachedness']);

// Reference 5.1: DevTools' console warning about Cache, and total size 482.
assert.match(oracle.warnings, /^devtools-warn: Heap snapshot: 1 nodes are unreachable from the root\./m);
assert.match(oracle.warnings, /only weak retainers:\ndevtools-warn: +Cache @29$/m);
assert.equal(JSON.parse(oracle('summary', tiny('case1.heapsnapshot'))).total_size, 482, 'total size of case1');

// Reference 5.3: Comparison rows, base = case1, current = case2.
const diff = JSON.parse(oracle('diff', tiny('case1.heapsnapshot'), tiny('case2.heapsnapshot')));
const diffRow = (name, added, removed, addedSize, removedSize, addedIds, deletedIds) => ({
  name, added_count: added, removed_count: removed, count_delta: added - removed, added_size: addedSize,
  removed_size: removedSize, size_delta: addedSize - removedSize, added_ids: addedIds, deleted_ids: deletedIds,
});
assert.deepEqual(diff, {
  ',App': diffRow('App', 1, 0, 32, 0, [31], []),
  ',(string)': diffRow('(string)', 1, 0, 20, 0, [33], []),
  ',Cache': diffRow('Cache', 0, 1, 0, 48, [], [29]),
}, 'Comparison case1 -> case2 (reference 5.3)');

// Reference 5.3: Summary of the current snapshot (count, distance, self, maxRet per class).
const summary2 = JSON.parse(oracle('summary', tiny('case2.heapsnapshot')));
const expectedSummary = [
  ['Window / https://a.test', 1, 1, 40, 486], ['App', 2, 2, 64, 132], ['{a, b}', 2, 3, 48, 48],
  ['(string)', 2, 3, 40, 40], ['Function', 1, 2, 36, 214], ['system / Context', 1, 3, 28, 178],
  ['Array', 1, 2, 80, 80], ['Detached HTMLDivElement', 1, 4, 100, 150], ['Detached Text', 1, 5, 50, 50],
];
assert.deepEqual(
    Object.entries(summary2.classes).map(([key, c]) => [key, c.name, c.count, c.distance, c.self, c.max_ret])
        .sort(),
    expectedSummary.map(([name, ...values]) => [`,${name}`, name, ...values]).sort(),
    'Summary of case2 (reference 5.3)');

console.log('devtools oracle reproduces reference 5.1 and 5.3');
