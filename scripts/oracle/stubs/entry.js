// Bundle entry: DevTools' heap snapshot worker (model + streaming loader) and Platform.
export * as HS from '@front_end/entrypoints/heap_snapshot_worker/HeapSnapshot.js';
export * as Loader from '@front_end/entrypoints/heap_snapshot_worker/HeapSnapshotLoader.js';
export * as Platform from '@front_end/core/platform/platform.js';
