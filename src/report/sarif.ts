import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { CheckResult } from '../check.js';
import { HOMEPAGE, TOOL_NAME, TOOL_VERSION } from '../meta.js';
import type { ObjectRef } from '../model/object.js';
import { apiGroup } from '../model/object.js';
import { levelRank, type Finding, type Rule } from '../rules/rule.js';
import { RULES } from '../../rules/index.js';

/** Schema URI GitHub and the SARIF validator accept as "the final 2.1.0 schema". */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/**
 * GitHub code scanning rejects a run with more results than this
 * (docs.github.com, "SARIF support for code scanning", upload limits).
 */
export const GITHUB_MAX_RESULTS_PER_RUN = 25_000;

/** Base id the relative result URIs hang from; `originalUriBaseIds` says where it is on this machine. */
export const SRCROOT = '%SRCROOT%';

/** Key of berth's own fingerprint in `partialFingerprints` (versioned, so a change of recipe is a new key). */
export const FINGERPRINT_KEY = 'berthFinding/v1';

/** What `expandInputs` names standard input; it has no path to point a URI at. */
const STDIN_FILE = '<stdin>';

export interface SarifOptions {
  /** Directory the findings' relative file names are relative to. Default: the process's working directory. */
  cwd?: string;
  /** Repository root the URIs are relative to. Default: the git top-level above `cwd`, else `cwd`. */
  root?: string;
  /** Rules listed in `tool.driver.rules`. Default: every rule berth ships. */
  rules?: readonly Rule[];
  /** Results kept in the run; the most severe are kept when there are more. */
  maxResults?: number;
  /** Paths that could not be read at all (from `checkPaths`), reported as tool notifications. */
  inputProblems?: readonly { path: string; message: string }[];
}

export function formatSarif(result: CheckResult, options: SarifOptions = {}): string {
  return JSON.stringify(toSarifLog(result, options), null, 2) + '\n';
}

export function toSarifLog(result: CheckResult, options: SarifOptions = {}): Sarif.Log {
  const cwd = options.cwd ?? process.cwd();
  const root = options.root ?? findRepositoryRoot(cwd);
  const maxResults = options.maxResults ?? GITHUB_MAX_RESULTS_PER_RUN;
  const descriptors = ruleDescriptors(options.rules ?? RULES, result.findings);
  const ruleIndex = new Map(descriptors.map((d, i) => [d.id, i]));

  const kept = keepMostSevere(result.findings, maxResults);
  const dropped = result.findings.length - kept.length;
  const artifacts = artifactTable(cwd, root);
  const fingerprint = fingerprinter();
  const results = kept.map((finding): Sarif.Result => {
    const artifact = artifacts.locationOf(finding.location.file);
    return {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId)!,
      level: finding.level,
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifact,
            region: regionOf(finding),
          },
          ...(finding.object ? { logicalLocations: [logicalLocationOf(finding.object)] } : {}),
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding, artifact.uri ?? finding.location.file) },
    };
  });

  const notifications = [
    ...(options.inputProblems ?? []).map((problem): Sarif.Notification => ({ level: 'error', message: { text: `${problem.path}: ${problem.message}` } })),
    ...(dropped > 0 ? [droppedNotification(dropped, result.findings.length, maxResults)] : []),
  ];

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        version: TOOL_VERSION,
        semanticVersion: TOOL_VERSION,
        informationUri: HOMEPAGE,
        rules: descriptors,
      },
    },
    invocations: [
      {
        executionSuccessful: (options.inputProblems ?? []).length === 0,
        workingDirectory: { uri: directoryUri(cwd) },
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(root) } },
    artifacts: artifacts.list(),
    results,
    columnKind: 'utf16CodeUnits',
    ...(result.placement ? { properties: { placement: result.placement } } : {}),
  };
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] };
}

function droppedNotification(dropped: number, total: number, maxResults: number): Sarif.Notification {
  return {
    level: 'warning',
    message: {
      text:
        `${dropped} of ${total} results were left out to stay within ${maxResults} results per run ` +
        `(GitHub's upload limit); the most severe were kept. Run berth with --format json for the full list.`,
    },
  };
}

/**
 * The git top-level of `start` (the nearest ancestor holding `.git`, a directory or, in worktrees and
 * submodules, a file), else `start` itself. Read from the file system so that no git binary is needed.
 */
export function findRepositoryRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/** SARIF rule descriptors from the rule metadata, plus a bare one for any finding whose rule is not listed. */
export function ruleDescriptors(rules: readonly Rule[], findings: readonly Finding[]): Sarif.ReportingDescriptor[] {
  const descriptors = rules.map(ruleDescriptor);
  const known = new Set(descriptors.map((d) => d.id));
  for (const finding of findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    descriptors.push({ id: finding.ruleId, ...nameFor(finding.ruleId), shortDescription: { text: finding.ruleId } });
  }
  return descriptors;
}

function ruleDescriptor(rule: Rule): Sarif.ReportingDescriptor {
  const details = rule.details ?? rule.description;
  return {
    id: rule.id,
    ...nameFor(rule.id),
    shortDescription: { text: rule.description },
    fullDescription: { text: details },
    helpUri: rule.helpUri,
    help: {
      text: `${details}\n\nDocumentation: ${rule.helpUri}`,
      markdown: `**${rule.description}**\n\n${details}\n\n[Documentation](${rule.helpUri})`,
    },
    defaultConfiguration: { level: rule.level },
    properties: { tags: ['kubernetes', rule.needs === 'cluster' ? 'placement' : 'manifest'] },
  };
}

/**
 * `host-network` → `HostNetwork`: SARIF's rule `name` is a readable identifier next to the opaque id.
 * SARIF 3.49.7 wants no name when it would equal the id (`schema` → `Schema`); sarif-multitool's SARIF1001 checks.
 */
function nameFor(id: string): { name?: string } {
  const name = id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
  return name && name.toLowerCase() !== id.toLowerCase() ? { name } : {};
}

/** Keeps at most `max` findings, dropping the least severe first; the kept ones stay in report order. */
export function keepMostSevere(findings: readonly Finding[], max: number): Finding[] {
  if (findings.length <= max) return [...findings];
  const keptIndexes = findings
    .map((finding, index) => ({ rank: levelRank(finding.level), index }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .slice(0, Math.max(0, max))
    .map(({ index }) => index)
    .sort((a, b) => a - b);
  return keptIndexes.map((index) => findings[index]!);
}

function regionOf(finding: Finding): Sarif.Region {
  const { line, column, endLine, endColumn } = finding.location;
  const startLine = Math.max(1, line);
  const startColumn = Math.max(1, column);
  const safeEndLine = Math.max(startLine, endLine);
  const safeEndColumn = safeEndLine === startLine ? Math.max(startColumn, endColumn) : Math.max(1, endColumn);
  return { startLine, startColumn, endLine: safeEndLine, endColumn: safeEndColumn };
}

/** `Deployment/default/web`; cluster-scoped objects have no namespace part (`Namespace/shop`). */
export function fullyQualifiedName(ref: ObjectRef): string {
  const name = ref.name || '(unnamed)';
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${name}` : `${ref.kind}/${name}`;
}

function logicalLocationOf(ref: ObjectRef): Sarif.LogicalLocation {
  return {
    name: ref.name || '(unnamed)',
    fullyQualifiedName: fullyQualifiedName(ref),
    kind: 'object',
    properties: { apiVersion: ref.apiVersion, kind: ref.kind, namespace: ref.namespace },
  };
}

/**
 * Artifacts in first-seen order. Inside the root: a relative, percent-encoded URI against %SRCROOT%
 * (what GitHub maps to repository files). Outside it: an absolute file URI, which GitHub cannot show.
 */
function artifactTable(cwd: string, root: string) {
  const byFile = new Map<string, { index: number; location: Sarif.ArtifactLocation }>();
  return {
    locationOf(file: string): Sarif.ArtifactLocation {
      let entry = byFile.get(file);
      if (!entry) {
        entry = { index: byFile.size, location: artifactLocation(file, cwd, root) };
        byFile.set(file, entry);
      }
      return { ...entry.location, index: entry.index };
    },
    list(): Sarif.Artifact[] {
      return [...byFile.entries()].map(([file, { location }]) => ({
        location,
        roles: ['analysisTarget'],
        // YAML is a superset of JSON and berth reads both the same way, but viewers pick highlighting from this.
        mimeType: /\.json$/i.test(file) ? 'application/json' : 'application/yaml',
      }));
    },
  };
}

export function artifactLocation(file: string, cwd: string, root: string): Sarif.ArtifactLocation {
  if (file === STDIN_FILE) return { description: { text: 'standard input' } };
  const absolute = resolve(cwd, file);
  const fromRoot = relative(resolve(root), absolute);
  if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) return { uri: pathToFileURL(absolute).href };
  return { uri: fromRoot.split(sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(resolve(dir)).href;
  return href.endsWith('/') ? href : href + '/';
}

/**
 * Fingerprints from what a finding is about, never from where it sits: rule, file, object identity
 * (API group, kind, namespace, name), container and message. Moving unrelated lines leaves them unchanged.
 * Identical findings get an ordinal so every result keeps a distinct fingerprint.
 */
function fingerprinter(): (finding: Finding, file: string) => string {
  const seen = new Map<string, number>();
  return (finding, file) => {
    const object = finding.object;
    const identity = JSON.stringify([
      finding.ruleId,
      file,
      object ? [apiGroup(object.apiVersion), object.kind, object.namespace, object.name] : null,
      finding.container ?? null,
      finding.message,
    ]);
    const ordinal = (seen.get(identity) ?? 0) + 1;
    seen.set(identity, ordinal);
    const hash = createHash('sha256').update(identity).digest('hex').slice(0, 32);
    return ordinal === 1 ? hash : `${hash}:${ordinal}`;
  };
}
