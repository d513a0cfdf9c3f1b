import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkFiles } from '../check.js';
import { readCluster, type ClusterReadResult } from '../read/cluster.js';
import { MANIFEST_EXTENSIONS, type InputFile } from '../read/files.js';
import type { ReadProblem } from '../read/manifests.js';
import { parseTargetVersion } from '../schedule/version.js';
import { formatMessage, type Finding, type Rule } from '../rules/rule.js';

/** `settings.berth` of an ESLint config. */
export interface BerthSettings {
  /** Cluster snapshot path(s), relative to ESLint's working directory; placement rules need one. */
  cluster?: string | string[];
  /** Kubernetes version whose scheduler berth reproduces (e.g. "1.34"). */
  kubeVersion?: string;
}

interface Cached {
  key: string;
  findings: Finding[];
}

/**
 * One pipeline run per linted file, whichever of berth's rules are enabled: ESLint hands every rule the same
 * SourceCode object for a file, so it keys the cache (and lets the entry go with it).
 */
const cache = new WeakMap<object, Cached>();

export function findingsFor(sourceCode: { text: string }, filename: string, cwd: string, settings: unknown): Finding[] {
  const berth = readSettings(settings);
  const clusterPaths = berth.cluster.map((p) => resolve(cwd, p));
  const key = JSON.stringify([filename, clusterPaths, berth.kubeVersion]);
  const hit = cache.get(sourceCode);
  if (hit && hit.key === key) return hit.findings;
  let findings: Finding[];
  try {
    const cluster = clusterPaths.length > 0 ? snapshot(clusterPaths, berth.kubeVersion) : undefined;
    const result = checkFiles([{ path: filename, text: sourceCode.text }], {
      ...(cluster ? { cluster } : {}),
      ...(berth.kubeVersion !== undefined ? { kubeVersion: berth.kubeVersion } : {}),
    });
    findings = result.findings.flatMap((f) => (f.location.file === filename ? [f] : foreign(f, filename)));
  } catch (error) {
    // A bug in berth: one clear report on this file rather than an exception that stops the whole ESLint run.
    const message = `berth could not check this file: internal error: ${(error as Error)?.message ?? String(error)} (please report this)`;
    findings = [{ ruleId: 'parse-error', level: 'error', message, location: { file: filename, line: 1, column: 1, endLine: 1, endColumn: 1 } }];
  }
  cache.set(sourceCode, { key, findings });
  return findings;
}

/**
 * A problem in the cluster snapshot (or with --kube-version) has no place in the linted file, but hiding it
 * would hide why placement rules are silent: it is reported at the top of the file, naming where it is.
 */
function foreign(finding: Finding, filename: string): Finding[] {
  if (finding.ruleId !== 'parse-error') return [];
  const { file, line, column } = finding.location;
  return [{ ...finding, message: `${file}:${line}:${column}: ${finding.message}`, location: { file: filename, line: 1, column: 1, endLine: 1, endColumn: 1 } }];
}

/** Snapshots by paths, version and file stamps: read once per ESLint run, again only when a file changes. */
const snapshots = new Map<string, ClusterReadResult>();

/** ESLint rules are synchronous, so the snapshot is read here with sync I/O (readClusterPaths is async). */
function snapshot(paths: readonly string[], kubeVersion: string | undefined): ClusterReadResult {
  const files: { path: string; stamp: string }[] = [];
  const problems: ReadProblem[] = [];
  for (const path of paths) {
    const found = snapshotFiles(path);
    if (typeof found === 'string') problems.push({ location: { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 }, message: `cluster snapshot: ${found}` });
    else files.push(...found);
  }
  const key = JSON.stringify([files, problems.map((p) => p.location.file), kubeVersion]);
  const cached = snapshots.get(key);
  if (cached) return cached;
  const version = parseTargetVersion(kubeVersion);
  const inputs: InputFile[] = files.map((f) => ({ path: f.path, text: readFileSync(f.path, 'utf8') }));
  const read = readCluster(inputs, version.ok ? { kubeVersion: version.version } : {});
  const result = { ...read, problems: [...problems, ...read.problems] };
  snapshots.clear(); // settings rarely change within a run; keep only the current snapshot
  snapshots.set(key, result);
  return result;
}

/** The snapshot files under a path (a file, or a directory's manifests in path order), or why there are none. */
function snapshotFiles(path: string): { path: string; stamp: string }[] | string {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return [{ path, stamp: `${stat.mtimeMs}:${stat.size}` }];
    return readdirSync(path, { recursive: true, encoding: 'utf8' })
      .filter((name) => MANIFEST_EXTENSIONS.test(name) && !name.split(/[\\/]/).some((part) => part === 'node_modules' || part === '.git'))
      .sort()
      .map((name) => join(path, name))
      .flatMap((file) => {
        const s = statSync(file);
        return s.isFile() ? [{ path: file, stamp: `${s.mtimeMs}:${s.size}` }] : [];
      });
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : `cannot read (${(error as Error).message})`;
  }
}

function readSettings(settings: unknown): { cluster: string[]; kubeVersion?: string } {
  const berth = (settings as { berth?: BerthSettings } | undefined)?.berth ?? {};
  const cluster = typeof berth.cluster === 'string' ? [berth.cluster] : Array.isArray(berth.cluster) ? berth.cluster.filter((p) => typeof p === 'string') : [];
  return { cluster, ...(typeof berth.kubeVersion === 'string' ? { kubeVersion: berth.kubeVersion } : {}) };
}

/** The message id ESLint reports with when a finding's text matches none of its rule's templates. */
export const FALLBACK_MESSAGE_ID = 'finding';

/**
 * The rule's message id and data that produce `finding.message`, so ESLint renders the message from the same
 * template berth does (berth's `{{name}}` placeholders are ESLint's syntax too). Found by matching the text
 * against each template, and accepted only if formatting it back gives the very same text.
 */
export function messageOf(rule: Rule, finding: Finding): { messageId: string; data: Record<string, string> } {
  for (const [messageId, template] of Object.entries(rule.messages as Record<string, string>)) {
    const names: string[] = [];
    const pattern = template
      .split(/(\{\{\s*\w+\s*\}\})/)
      .map((part) => {
        const name = /^\{\{\s*(\w+)\s*\}\}$/.exec(part)?.[1];
        if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(name);
        return '([\\s\\S]*?)';
      })
      .join('');
    const match = new RegExp(`^${pattern}$`).exec(finding.message);
    if (!match) continue;
    const data: Record<string, string> = {};
    names.forEach((name, i) => (data[name] = match[i + 1]!));
    if (formatMessage(template, data) === finding.message) return { messageId, data };
  }
  return { messageId: FALLBACK_MESSAGE_ID, data: { message: finding.message } };
}
