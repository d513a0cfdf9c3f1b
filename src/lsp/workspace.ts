import { readFileSync, statSync, existsSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { checkFiles, type CheckOptions, type CheckResult } from '../check.js';
import type { Check } from './incremental.js';
import { glob } from 'glob';
import { MANIFEST_EXTENSIONS, type InputFile } from '../read/files.js';
import { CONFIG_FILE_NAMES, findConfigFile, ignoreMatcher, loadConfig, type BerthConfig, type ConfigProblem } from '../read/config.js';
import type { Finding, Rule } from '../rules/rule.js';
import { readClusterPaths, type ClusterReadResult } from '../read/cluster.js';
import { parseTargetVersion } from '../schedule/version.js';
import { substituteFor, updateLastGood, type LastGood } from './last-good.js';

/**
 * What the language server knows about a workspace: its config, the manifests on disk (context for
 * cross-file rules and placement) and the open buffers, which take precedence over the disk. Analysing it
 * runs berth's own pipeline (checkFiles) over all of that, so the editor shows exactly what `berth check` would.
 */
export interface Workspace {
  /** Absolute workspace root; undefined when the client opened a single file without a folder. */
  root?: string;
  config?: BerthConfig;
  /** Problems of `.berth.yaml`; while there are any, the defaults apply (as if there were no config). */
  configProblems: ConfigProblem[];
  /** Absolute path of the config file found for the root, if any (also when it has problems). */
  configPath?: string;
  /** Absolute cluster snapshot paths from the config. */
  clusterPaths: string[];
  /** The snapshot, read once and again only when it changes (not on every keystroke). */
  cluster?: ClusterReadResult;
  /** Manifests read from disk: absolute path → text. Open buffers shadow them. */
  disk: Map<string, string>;
  /** Open buffers by absolute path (or by URI for buffers that are not files). */
  open: Map<string, OpenBuffer>;
  /** Per open file, the last version of each document that parsed. */
  lastGood: Map<string, LastGood>;
  /** The rules to run (default: all of berth's). */
  rules?: readonly Rule[];
}

export interface OpenBuffer {
  uri: string;
  path: string;
  text: string;
}

export interface Analysis {
  result: CheckResult;
  /** Findings per file (absolute path or URI), in position order. */
  byFile: Map<string, Finding[]>;
}

/**
 * A workspace of a monorepo can hold thousands of YAML files. Context costs parse time on every analysis,
 * so berth reads only files that look like Kubernetes manifests, up to these limits.
 */
export const MAX_CONTEXT_FILES = 2000;
export const MAX_CONTEXT_FILE_BYTES = 2 * 1024 * 1024;
/** What berth reads at most while looking for manifests (a home directory opened as a workspace must not stall it). */
export const MAX_CONTEXT_BYTES = 64 * 1024 * 1024;
const SKIPPED_DIRS = ['**/node_modules/**', '**/.git/**'];

/** Where the analysis of the documents that fail to parse now comes from (see last-good.ts). */
const LAST_GOOD_SUFFIX = '#berth-last-good';

export function emptyWorkspace(root?: string): Workspace {
  return { ...(root !== undefined ? { root } : {}), configProblems: [], clusterPaths: [], disk: new Map(), open: new Map(), lastGood: new Map() };
}

/** Reads the config and the manifests of the workspace from disk. */
export async function loadWorkspace(root: string | undefined): Promise<Workspace> {
  const workspace = emptyWorkspace(root);
  readConfig(workspace);
  await readCluster(workspace);
  await readContext(workspace);
  return workspace;
}

/**
 * The project a file belongs to when the editor names no workspace folder: the directory of the nearest
 * `.berth.yaml` (as `berth check` finds it, not above the repository), else the repository root, else none.
 */
export function guessRoot(file: string): string | undefined {
  const start = dirname(file);
  const config = findConfigFile(start);
  if (config && 'path' in config) return dirname(config.path);
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** (Re)reads the cluster snapshot the config names; placement and its rules run only with one. */
export async function readCluster(workspace: Workspace): Promise<void> {
  delete workspace.cluster;
  if (workspace.clusterPaths.length === 0) return;
  const version = parseTargetVersion(workspace.config?.kubeVersion);
  workspace.cluster = await readClusterPaths(workspace.clusterPaths, version.ok ? { kubeVersion: version.version } : {});
}

/** (Re)reads `.berth.yaml`: found from the root upward to the repository root, as `berth check` run there would. */
export function readConfig(workspace: Workspace): void {
  delete workspace.config;
  delete workspace.configPath;
  workspace.configProblems = [];
  workspace.clusterPaths = [];
  if (workspace.root === undefined) return;
  const loaded = loadConfig({ cwd: workspace.root });
  workspace.configProblems = loaded.problems;
  const root = workspace.root;
  const named = loaded.config?.file ?? loaded.problems[0]?.file;
  if (named !== undefined) workspace.configPath = resolve(root, named);
  if (loaded.config) {
    workspace.config = loaded.config;
    workspace.clusterPaths = loaded.config.cluster.map((p) => resolve(root, p));
  }
}

/** (Re)reads every manifest of the workspace that is not excluded (config `ignore:`, snapshots, chart templates). */
export async function readContext(workspace: Workspace): Promise<void> {
  if (workspace.root === undefined) {
    workspace.disk = new Map();
    return;
  }
  const paths = await glob('**/*.{yaml,yml,json,YAML,YML,JSON}', { cwd: workspace.root, ignore: SKIPPED_DIRS, nodir: true, absolute: true });
  // Swapped in whole: an analysis that runs while the files are read still sees the previous context.
  const disk = new Map<string, string>();
  let bytesRead = 0;
  for (const path of paths.sort()) {
    if (disk.size >= MAX_CONTEXT_FILES || bytesRead >= MAX_CONTEXT_BYTES) break;
    const text = readSmallFile(path);
    if (text === undefined) continue;
    bytesRead += text.length;
    if (isContextFile(workspace, path, text)) disk.set(path, text);
  }
  workspace.disk = disk;
}

function readSmallFile(path: string): string | undefined {
  try {
    return statSync(path).size > MAX_CONTEXT_FILE_BYTES ? undefined : readFileSync(path, 'utf8');
  } catch {
    return undefined; // gone or unreadable: not context
  }
}

/** Re-reads one file after the client reports it changed on disk. */
export function refreshDiskFile(workspace: Workspace, path: string): void {
  workspace.disk.delete(path);
  const text = readSmallFile(path);
  if (text !== undefined && isContextFile(workspace, path, text)) workspace.disk.set(path, text);
}

/** How a changed file on disk affects the workspace. */
export function classifyChange(workspace: Workspace, path: string): 'config' | 'cluster' | 'manifest' | 'other' {
  if (path === workspace.configPath || (CONFIG_FILE_NAMES as readonly string[]).includes(basename(path))) return 'config';
  if (isUnderAny(path, workspace.clusterPaths)) return 'cluster';
  if (MANIFEST_EXTENSIONS.test(path)) return 'manifest';
  return 'other';
}

function isContextFile(workspace: Workspace, path: string, text: string): boolean {
  if (!MANIFEST_EXTENSIONS.test(path) || text.length > MAX_CONTEXT_FILE_BYTES) return false;
  if ((CONFIG_FILE_NAMES as readonly string[]).includes(basename(path))) return false;
  if (isUnderAny(path, workspace.clusterPaths) || isIgnored(workspace, path) || isChartTemplate(path)) return false;
  return looksLikeManifest(text);
}

export function isIgnored(workspace: Workspace, path: string): boolean {
  const config = workspace.config;
  if (!config || config.ignore.length === 0 || workspace.root === undefined) return false;
  return ignoreMatcher({ baseDir: config.baseDir, patterns: config.ignore }, workspace.root)(path);
}

function isUnderAny(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
}

/** Helm chart templates are Go templates, not YAML: `helm template` output is what berth can check. */
export function isChartTemplate(path: string): boolean {
  const parts = path.split(sep);
  const index = parts.lastIndexOf('templates');
  return index > 0 && existsSync(join(parts.slice(0, index).join(sep) || sep, 'Chart.yaml'));
}

/** A cheap test for "holds Kubernetes objects" before paying for a parse: both keys appear somewhere. */
export function looksLikeManifest(text: string): boolean {
  return /(^|[\s{,"'])apiVersion["']?\s*:/m.test(text) && /(^|[\s{,"'])kind["']?\s*:/m.test(text);
}

export function checkOptions(workspace: Workspace): CheckOptions {
  const config = workspace.config;
  return {
    ...(workspace.rules ? { rules: workspace.rules } : {}),
    ruleLevels: config?.rules ?? {},
    ...(workspace.cluster ? { cluster: workspace.cluster } : {}),
    ...(config?.kubeVersion !== undefined ? { kubeVersion: config.kubeVersion } : {}),
  };
}

/** Whether berth reports on an open buffer at all: a manifest (or one that was, while it is half-typed), not ignored. */
export function isAnalysed(workspace: Workspace, buffer: OpenBuffer): boolean {
  if (isIgnored(workspace, buffer.path) || isUnderAny(buffer.path, workspace.clusterPaths)) return false;
  if ((CONFIG_FILE_NAMES as readonly string[]).includes(basename(buffer.path))) return false;
  return looksLikeManifest(buffer.text) || workspace.lastGood.has(buffer.path);
}

/**
 * Runs the pipeline over the workspace with open buffers overlaid. Documents of open buffers that do not
 * parse right now are stood in for by their last version that did (analysed again in today's context and
 * mapped to where the document is now), next to the parse error itself. `check` is checkFiles or the
 * server's incremental check (incremental.ts), which gives the same findings with less work per edit.
 */
export function analyse(workspace: Workspace, check: Check = checkFiles): Analysis {
  const buffers = [...workspace.open.values()].filter((b) => isAnalysed(workspace, b));
  const files = inputFiles(workspace, buffers);
  const options = checkOptions(workspace);
  let result = check(files, options);
  const brokenLines = parseErrorLines(result.findings);
  const substitutes = new Map<string, NonNullable<ReturnType<typeof substituteFor>>>();
  for (const buffer of buffers) {
    const lines = brokenLines.get(buffer.path) ?? [];
    const substitute = lines.length > 0 ? substituteFor(workspace.lastGood.get(buffer.path), buffer.text, lines) : undefined;
    if (substitute) substitutes.set(buffer.path, substitute);
  }
  if (substitutes.size > 0) {
    // Each stand-in goes right after its file, so its pods keep their place in the scheduler's queue.
    const withStandIns = files.flatMap((file) => {
      const substitute = substitutes.get(file.path);
      return substitute ? [file, { path: file.path + LAST_GOOD_SUFFIX, text: substitute.text }] : [file];
    });
    result = check(withStandIns, options);
  }
  for (const buffer of buffers) {
    const updated = updateLastGood(workspace.lastGood.get(buffer.path), buffer.text, brokenLines.get(buffer.path) ?? []);
    if (updated) workspace.lastGood.set(buffer.path, updated);
  }
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const mapped = mapSubstituted(finding, substitutes);
    if (!mapped) continue;
    const list = byFile.get(mapped.location.file) ?? [];
    list.push(mapped);
    byFile.set(mapped.location.file, list);
  }
  for (const path of substitutes.keys()) byFile.get(path)?.sort((a, b) => a.location.line - b.location.line || a.location.column - b.location.column);
  for (const buffer of buffers) {
    const findings = byFile.get(buffer.path);
    if (findings) byFile.set(buffer.path, clampToText(findings, buffer.text));
  }
  return { result, byFile };
}

/**
 * Keeps every span inside the buffer: a parse error at the end of a half-typed file can end one column past
 * the last character, and a finding moved from a document's last good version can land on a shorter line.
 */
function clampToText(findings: Finding[], text: string): Finding[] {
  // Line starts rather than text.split: this runs on every keystroke, and splitting allocates every line.
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  const lineLength = (line: number) => (line >= 1 && line <= starts.length ? (starts[line] ?? text.length + 1) - starts[line - 1]! - 1 : 0);
  return findings.map((finding) => {
    const { line, column, endLine, endColumn } = finding.location;
    const startLine = Math.min(Math.max(1, line), starts.length);
    const startColumn = Math.min(Math.max(1, column), lineLength(startLine) + 1);
    const lastLine = Math.min(Math.max(startLine, endLine), starts.length);
    const lastColumn = Math.min(Math.max(1, endColumn), lineLength(lastLine) + 1);
    const ends = lastLine > startLine || lastColumn >= startColumn ? { endLine: lastLine, endColumn: lastColumn } : { endLine: startLine, endColumn: startColumn };
    if (startLine === line && startColumn === column && ends.endLine === endLine && ends.endColumn === endColumn) return finding;
    return { ...finding, location: { ...finding.location, line: startLine, column: startColumn, ...ends } };
  });
}

/** Disk manifests with open buffers in their place, in path order: file order is the scheduler's queue order. */
function inputFiles(workspace: Workspace, buffers: readonly OpenBuffer[]): InputFile[] {
  const byPath = new Map<string, string>(workspace.disk);
  for (const [path] of workspace.open) byPath.delete(path); // an open buffer that is not a manifest (any more) is not context either
  for (const buffer of buffers) byPath.set(buffer.path, buffer.text);
  return [...byPath].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, text]) => ({ path, text }));
}

function parseErrorLines(findings: readonly Finding[]): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const finding of findings) {
    if (finding.ruleId !== 'parse-error') continue;
    const list = lines.get(finding.location.file) ?? [];
    list.push(finding.location.line);
    lines.set(finding.location.file, list);
  }
  return lines;
}

function mapSubstituted(finding: Finding, substitutes: ReadonlyMap<string, { mapLine(line: number): number | undefined }>): Finding | undefined {
  const file = finding.location.file;
  if (!file.endsWith(LAST_GOOD_SUFFIX)) return finding;
  const path = file.slice(0, -LAST_GOOD_SUFFIX.length);
  const substitute = substitutes.get(path);
  const line = substitute?.mapLine(finding.location.line);
  if (!substitute || line === undefined) return undefined;
  const endLine = substitute.mapLine(finding.location.endLine) ?? line;
  // A span whose end no longer maps below its start shrinks to its first line (to its start, if it spanned lines).
  const sameLine = endLine <= line;
  return {
    ...finding,
    location: {
      file: path,
      line,
      column: finding.location.column,
      endLine: sameLine ? line : endLine,
      endColumn: sameLine && finding.location.endLine !== finding.location.line ? finding.location.column : finding.location.endColumn,
    },
  };
}

