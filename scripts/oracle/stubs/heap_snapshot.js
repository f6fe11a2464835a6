// Stands in for front_end/models/heap_snapshot/heap_snapshot.js. The worker needs only
// HeapSnapshotModel; the other two modules (proxy, children provider) pull in core/common.
export * as HeapSnapshotModel from '@front_end/models/heap_snapshot/HeapSnapshotModel.js';
