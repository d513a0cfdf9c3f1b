import { atLeast, DEFAULT_KUBE_VERSION, formatKubeVersion, parseKubeVersion, type KubeVersion } from '../model/kube-version.js';

/**
 * The version-dependent switches of the simulator (semantics doc section 0). Everything else the scheduler
 * prints is the same from 1.30 to 1.36, so the filters and the FitError formatter ask this record instead of
 * comparing versions themselves.
 */
export interface SchedulerBehaviour {
  version: KubeVersion;
  /**
   * TaintToleration's reason: `per-taint` = `node(s) had untolerated taint {key: value}` (1.30–1.34.1),
   * `generic` = `node(s) had untolerated taint(s)` (1.35+, and 1.34.2+ — the first 1.34 patch with the
   * cherry-pick, PR #135023, is 1.34.2 or 1.34.3; berth assumes 1.34.2, unverified).
   */
  taintReason: 'per-taint' | 'generic';
  /**
   * DynamicResources is in the default profile (1.34+): its PostFilter adds `no new claims to deallocate, `
   * before the preemption text, and ends PostFilter with `not found` after a PreFilter UU rejection.
   */
  dynamicResourcesPostFilter: boolean;
  /**
   * How nodes outside a PreFilter node subset (DaemonSet pods, `matchFields metadata.name In`) are counted:
   * `filtered-out` = UU `node is filtered out by the prefilter result` (1.30.0–1.30.1),
   * `uncounted` = no status at all (1.30.2–1.31.x), `plugin-list` = UU `node(s) didn't satisfy plugin(s) [...]` (1.32+).
   */
  absentNodes: 'filtered-out' | 'uncounted' | 'plugin-list';
  /** NodeResourcesFit returns UU when a request exceeds the node's total allocatable (PR #131345, 1.34). */
  resourcesFitUnresolvable: boolean;
  /** NodePorts counts the host ports of restartable (sidecar) init containers (PR #132040, 1.34). */
  sidecarHostPorts: boolean;
  /** NodeResourcesBalancedAllocation skips pods without cpu and memory requests (PR #130260, 1.33). */
  balancedAllocationSkipsBestEffort: boolean;
  /**
   * BalancedAllocation formula. berth uses `(1 − std)·100` for every release, 1.36 included: the stored copy of
   * upstream master's `noderesources/balanced_allocation.go` read for this still computes it that way, so
   * the "change in balance" formula of PR #135573 (semantics doc 12.2) is not known to have shipped.
   */
  balancedAllocationFormula: 'std';
}

export const SUPPORTED_RANGE = { oldest: { major: 1, minor: 30 }, newest: DEFAULT_KUBE_VERSION } as const;

export type VersionParse = { ok: true; version: KubeVersion } | { ok: false; message: string };

/**
 * Parses `--kube-version`: `1.34`, `v1.34.2`, `1.34.2` (default 1.36). A version outside 1.30–1.36 is an
 * error: berth only reproduces the messages of releases the semantics doc covers.
 */
export function parseTargetVersion(text: string | undefined): VersionParse {
  if (text === undefined || text.trim() === '') return { ok: true, version: DEFAULT_KUBE_VERSION };
  const version = parseKubeVersion(text);
  if (!version) return { ok: false, message: `invalid Kubernetes version "${text}" (expected e.g. 1.34 or v1.34.2)` };
  if (version.major !== 1 || version.minor < SUPPORTED_RANGE.oldest.minor || version.minor > SUPPORTED_RANGE.newest.minor) {
    return { ok: false, message: `Kubernetes version ${formatKubeVersion(version)} is not supported: berth reproduces the scheduler of 1.30 to 1.36` };
  }
  return { ok: true, version };
}

/** A version without a patch (`1.34`) counts as the newest patch of that minor, as `atLeast` does. */
export function behaviourFor(version: KubeVersion = DEFAULT_KUBE_VERSION): SchedulerBehaviour {
  return {
    version,
    taintReason: atLeast(version, 34, 2) ? 'generic' : 'per-taint',
    dynamicResourcesPostFilter: atLeast(version, 34),
    absentNodes: atLeast(version, 32) ? 'plugin-list' : atLeast(version, 30, 2) ? 'uncounted' : 'filtered-out',
    resourcesFitUnresolvable: atLeast(version, 34),
    sidecarHostPorts: atLeast(version, 34),
    balancedAllocationSkipsBestEffort: atLeast(version, 33),
    balancedAllocationFormula: 'std',
  };
}
