/**
 * What the scheduler simulation and the placement rules can read of the manifests, as one string per object:
 * when the strings of every object are the same as at the last analysis, the placement findings are too, and
 * the language server reuses them instead of simulating again (incremental.ts).
 *
 * Everything of an object counts except its annotations (and its pod template's), which no scheduler plugin,
 * admission step or placement rule reads — save berth's own `ignore.berth/...` suppressions, which decide
 * which placement findings are shown and so stay in. Comments and formatting are not in the values at all.
 * Being generous here only costs a simulation; leaving something out would show stale findings.
 */
import { asRecord, isRecord, type KubeObject } from '../model/object.js';
import type { Workload } from '../model/workload.js';
import { IGNORE_PREFIX } from '../rules/run.js';

export function schedulingFingerprint(object: KubeObject, workload: Workload | undefined): string {
  const annotationMaps = new Set<unknown>();
  const levels: unknown[] = [object.raw];
  let node: unknown = object.raw;
  // The same levels as suppression reads (src/rules/run.ts annotationLevels): the object and each template down to the pod's.
  for (const segment of workload?.templatePath ?? []) {
    node = asRecord(node)[segment as string];
    levels.push(node);
  }
  for (const level of levels) {
    const annotations = asRecord(asRecord(level).metadata).annotations;
    if (isRecord(annotations)) annotationMaps.add(annotations);
  }
  const out: string[] = [JSON.stringify(object.path)];
  canonical(object.raw, out, annotationMaps);
  return out.join('');
}

/**
 * A serialisation that tells apart every value the readers produce: JSON.stringify would merge NaN, ±Infinity
 * and null, a Date and its ISO string, a Map and an empty object. Key order is kept (it can order messages).
 */
function canonical(value: unknown, out: string[], annotationMaps: ReadonlySet<unknown>): void {
  if (value === null) out.push('n');
  else if (value === undefined) out.push('u');
  else if (typeof value === 'string') out.push(JSON.stringify(value));
  else if (typeof value === 'number') out.push(`#${Object.is(value, -0) ? '-0' : String(value)}`);
  else if (typeof value === 'boolean') out.push(value ? 't' : 'f');
  else if (typeof value === 'bigint') out.push(`#${value}n`);
  else if (value instanceof Date) out.push(`@${value.getTime()}`);
  else if (Array.isArray(value)) {
    out.push('[');
    for (const item of value) {
      canonical(item, out, annotationMaps);
      out.push(',');
    }
    out.push(']');
  } else if (value instanceof Map) {
    out.push('M[');
    for (const [key, item] of value) {
      canonical(key, out, annotationMaps);
      out.push(':');
      canonical(item, out, annotationMaps);
      out.push(',');
    }
    out.push(']');
  } else if (value instanceof Set) {
    out.push('S');
    canonical([...value], out, annotationMaps);
  } else if (ArrayBuffer.isView(value)) {
    out.push(`B${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}`);
  } else if (typeof value === 'object') {
    out.push('{');
    for (const [key, item] of Object.entries(value)) {
      // An annotation map counts by its suppressions only: one without any is as good as none.
      const counted = annotationMaps.has(item) ? suppressionsOf(item as Record<string, unknown>) : item;
      if (counted === undefined) continue;
      out.push(JSON.stringify(key), ':');
      canonical(counted, out, annotationMaps);
      out.push(',');
    }
    out.push('}');
  } else out.push(`?${typeof value}:${String(value)}`);
}

function suppressionsOf(annotations: Record<string, unknown>): Record<string, unknown> | undefined {
  const kept = Object.entries(annotations).filter(([key]) => key.startsWith(IGNORE_PREFIX));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}
