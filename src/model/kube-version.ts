/**
 * The Kubernetes release whose behaviour berth reproduces (`--kube-version`, `kubeVersion:` in .berth.yaml).
 * Several admission and scheduler details changed inside the supported range (semantics doc section 0);
 * model code asks `atLeast(version, 34)` instead of comparing strings.
 */
export interface KubeVersion {
  major: number;
  minor: number;
  /** Absent when only `1.34` was given: treated as the newest patch of that minor. */
  patch?: number;
}

/** Newest stable release the semantics doc covers; the default target. */
export const DEFAULT_KUBE_VERSION: KubeVersion = { major: 1, minor: 36 };

/** Accepts `1.34`, `v1.34`, `1.34.2`, `v1.34.2-gke.100` (kubelet versions carry vendor suffixes). */
export function parseKubeVersion(text: string): KubeVersion | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/.exec(text.trim());
  if (!match) return undefined;
  const version: KubeVersion = { major: Number(match[1]), minor: Number(match[2]) };
  if (match[3] !== undefined) version.patch = Number(match[3]);
  return version;
}

/** True when `version` is 1.<minor>.<patch> or newer (a version without patch counts as its newest patch). */
export function atLeast(version: KubeVersion, minor: number, patch = 0): boolean {
  if (version.major !== 1) return version.major > 1;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch === undefined || version.patch >= patch;
}

/** -1, 0 or 1; a missing patch compares as newer than any given patch of the same minor. */
export function compareKubeVersions(a: KubeVersion, b: KubeVersion): number {
  if (a.major !== b.major) return a.major < b.major ? -1 : 1;
  if (a.minor !== b.minor) return a.minor < b.minor ? -1 : 1;
  const pa = a.patch ?? Number.POSITIVE_INFINITY;
  const pb = b.patch ?? Number.POSITIVE_INFINITY;
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

export function formatKubeVersion(version: KubeVersion): string {
  return `${version.major}.${version.minor}${version.patch === undefined ? '' : `.${version.patch}`}`;
}
