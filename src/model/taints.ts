/**
 * Taints and tolerations (semantics doc section 6).
 *
 *   parseTaints(value)                                  → Taint[]       (node `spec.taints`)
 *   parseTolerations(value, path)                       → Toleration[]  (pod `spec.tolerations`, with paths)
 *   tolerates(toleration, taint)                        → boolean       (ToleratesTaint)
 *   firstUntoleratedTaint(taints, tolerations, effects) → Taint | undefined
 *   withDefaultTolerationSeconds(tolerations)           → what the DefaultTolerationSeconds admission adds
 *   withDaemonSetTolerations(tolerations, hostNetwork)  → what the DaemonSet controller adds
 *   taintsFromNodeState(node, taints)                   → opt-in: taints the node lifecycle controller would set
 */
import type { Taint, TaintEffect, Toleration } from '../schedule/cluster.js';
import type { Path } from '../read/source.js';
import { asArray, asRecord, asString, isRecord } from './object.js';
import { parseInt64 } from './selector.js';

const EFFECTS: ReadonlySet<string> = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

/** The effects the TaintToleration and DaemonSet filters consider; PreferNoSchedule only scores. */
export const SCHEDULING_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

/** A hand-written `value: 5` is the string "5" once the API server has it (a quoted value in real objects). */
function scalarText(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Node taints; entries without a key or with an unknown effect are rejected by the API server, so they are skipped. */
export function parseTaints(value: unknown): Taint[] {
  const out: Taint[] = [];
  for (const raw of asArray(value)) {
    if (!isRecord(raw)) continue;
    const key = asString(raw.key);
    const effect = asString(raw.effect);
    if (!key || !effect || !EFFECTS.has(effect)) continue;
    out.push({ key, value: scalarText(raw.value), effect: effect as TaintEffect });
  }
  return out;
}

/** Pod tolerations as written; `path` points at each entry (relative to the workload's object). */
export function parseTolerations(value: unknown, path: Path): Toleration[] {
  const out: Toleration[] = [];
  asArray(value).forEach((raw, i) => {
    if (!isRecord(raw)) return;
    out.push({
      key: asString(raw.key) ?? '',
      operator: asString(raw.operator) ?? '',
      value: scalarText(raw.value),
      effect: asString(raw.effect) ?? '',
      path: [...path, i],
    });
  });
  return out;
}

export interface TolerationOptions {
  /** TaintTolerationComparisonOperators (alpha 1.35, off by default): only then do `Lt`/`Gt` tolerate anything. */
  comparisonOperators?: boolean;
}

/** `Toleration.ToleratesTaint` (kubernetes/api core/v1/toleration.go). */
export function tolerates(toleration: Toleration, taint: Taint, options: TolerationOptions = {}): boolean {
  if (toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.key !== '' && toleration.key !== taint.key) return false;
  switch (toleration.operator) {
    case '':
    case 'Equal':
      return toleration.value === taint.value;
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt': {
      if (!options.comparisonOperators) return false;
      const taintValue = parseInt64(taint.value);
      const tolerationValue = parseInt64(toleration.value);
      if (taintValue === undefined || tolerationValue === undefined) return false;
      return toleration.operator === 'Lt' ? taintValue < tolerationValue : taintValue > tolerationValue;
    }
    default:
      return false;
  }
}

export function toleratesAny(tolerations: readonly Toleration[], taint: Taint, options: TolerationOptions = {}): boolean {
  return tolerations.some((t) => tolerates(t, taint, options));
}

/** `FindMatchingUntoleratedTaint` (component-helpers scheduling/corev1/helpers.go): the first taint, in node order, with one of `effects` that no toleration tolerates. */
export function firstUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly TaintEffect[] = SCHEDULING_EFFECTS,
  options: TolerationOptions = {},
): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !toleratesAny(tolerations, taint, options));
}

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

/**
 * DefaultTolerationSeconds admission (plugin/pkg/admission/defaulttolerationseconds/admission.go): adds
 * `not-ready`/`unreachable` `Exists:NoExecute` tolerations unless one with that key (or an empty key) and
 * effect NoExecute (or empty) is present. `tolerationSeconds` does not matter to scheduling.
 */
export function withDefaultTolerationSeconds(tolerations: readonly Toleration[]): Toleration[] {
  const out = [...tolerations];
  for (const key of [TAINT_NOT_READY, TAINT_UNREACHABLE]) {
    const present = tolerations.some((t) => (t.key === key || t.key === '') && (t.effect === 'NoExecute' || t.effect === ''));
    if (!present) out.push({ key, operator: 'Exists', value: '', effect: 'NoExecute' });
  }
  return out;
}

/**
 * `AddOrUpdateDaemonPodTolerations` (pkg/controller/daemon/util/daemonset_util.go). An identical
 * toleration (same key, operator, value, effect) is not added twice; `network-unavailable` only for
 * host-network pods.
 */
export function withDaemonSetTolerations(tolerations: readonly Toleration[], hostNetwork: boolean): Toleration[] {
  const added: [string, TaintEffect][] = [
    [TAINT_NOT_READY, 'NoExecute'],
    [TAINT_UNREACHABLE, 'NoExecute'],
    [TAINT_DISK_PRESSURE, 'NoSchedule'],
    [TAINT_MEMORY_PRESSURE, 'NoSchedule'],
    [TAINT_PID_PRESSURE, 'NoSchedule'],
    [TAINT_UNSCHEDULABLE, 'NoSchedule'],
  ];
  if (hostNetwork) added.push([TAINT_NETWORK_UNAVAILABLE, 'NoSchedule']);
  const out = [...tolerations];
  for (const [key, effect] of added) {
    const same = out.some((t) => t.key === key && t.operator === 'Exists' && t.value === '' && t.effect === effect);
    if (!same) out.push({ key, operator: 'Exists', value: '', effect });
  }
  return out;
}

/**
 * Node conditions → taints, as the node lifecycle controller sets them (`nodeConditionToTaintKeyStatusMap`,
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go), plus `spec.unschedulable`. Only for
 * hand-written snapshots: a real snapshot already carries these taints, so `spec.taints` stays the truth
 * and only missing ones are added (each with an empty value).
 */
export function taintsFromNodeState(node: Record<string, unknown>, taints: readonly Taint[]): Taint[] {
  const out = [...taints];
  const addTaint = (key: string, effect: TaintEffect) => {
    if (!out.some((t) => t.key === key && t.effect === effect)) out.push({ key, value: '', effect });
  };
  if (asRecord(node.spec).unschedulable === true) addTaint(TAINT_UNSCHEDULABLE, 'NoSchedule');
  for (const raw of asArray(asRecord(node.status).conditions)) {
    const condition = asRecord(raw);
    const type = asString(condition.type);
    const status = asString(condition.status);
    if (type === 'Ready' && (status === 'False' || status === 'Unknown')) {
      // NoSchedule from the tainting pass, NoExecute from the eviction pass.
      const key = status === 'False' ? TAINT_NOT_READY : TAINT_UNREACHABLE;
      addTaint(key, 'NoSchedule');
      addTaint(key, 'NoExecute');
    }
    if (status !== 'True') continue;
    if (type === 'MemoryPressure') addTaint(TAINT_MEMORY_PRESSURE, 'NoSchedule');
    if (type === 'DiskPressure') addTaint(TAINT_DISK_PRESSURE, 'NoSchedule');
    if (type === 'PIDPressure') addTaint(TAINT_PID_PRESSURE, 'NoSchedule');
    if (type === 'NetworkUnavailable') addTaint(TAINT_NETWORK_UNAVAILABLE, 'NoSchedule');
  }
  return out;
}

export function formatTaint(taint: Taint): string {
  return taint.value === '' ? `${taint.key}:${taint.effect}` : `${taint.key}=${taint.value}:${taint.effect}`;
}
