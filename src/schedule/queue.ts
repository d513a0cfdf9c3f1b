import type { Pod } from './cluster.js';

/**
 * PrioritySort (pkg/scheduler/framework/plugins/queuesort/priority_sort.go): higher priority first, then the
 * earlier queue timestamp. berth has no timestamps, so creation order stands in for them: manifest order
 * (file order as given, then document order = the object's `order`), then replica ordinal.
 */
export interface QueueEntry {
  pod: Pod;
  /** Position of the workload's object among everything read. */
  order: number;
}

export function compareQueueEntries(a: QueueEntry, b: QueueEntry): number {
  return b.pod.template.priority - a.pod.template.priority || a.order - b.order || a.pod.ordinal - b.pod.ordinal;
}

export function queueOrder(entries: readonly QueueEntry[]): QueueEntry[] {
  return [...entries].sort(compareQueueEntries);
}
