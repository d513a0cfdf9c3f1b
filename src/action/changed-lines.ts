/**
 * `only-changed`: the lines a pull request adds or modifies, from the event payload's base commit and
 * `git diff --unified=0`. git runs with an argument array (never a shell), the commit id is checked to be a
 * hex object id before use, and no PR-controlled string reaches the command line. Options that could make
 * git run a configured program (external diff, textconv, fsmonitor) are switched off.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding } from '../rules/rule.js';

/** Changed (added or modified) line numbers of the new side, per path relative to the repository root. */
export type ChangedLines = Map<string, number[][]>;

export type ChangedLinesResult =
  | { ok: true; changed: ChangedLines; root: string; base: string }
  /** `notPullRequest`: nothing to filter by (a push, a schedule): not a problem. */
  | { ok: false; reason: string; notPullRequest?: boolean };

const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** The pull request's base commit from the event payload, or why there is none. */
export function pullRequestBase(eventPath: string | undefined): { ok: true; base: string } | { ok: false; reason: string; notPullRequest?: boolean } {
  if (!eventPath) return { ok: false, reason: 'GITHUB_EVENT_PATH is not set' };
  let payload: unknown;
  try {
    payload = JSON.parse(readFileSync(eventPath, 'utf8'));
  } catch (error) {
    return { ok: false, reason: `cannot read the event payload ${eventPath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  const pullRequest = (payload as { pull_request?: { base?: { sha?: unknown } } } | null)?.pull_request;
  if (!pullRequest) return { ok: false, reason: 'the event is not a pull request', notPullRequest: true };
  const base = pullRequest.base?.sha;
  if (typeof base !== 'string' || !OBJECT_ID.test(base)) return { ok: false, reason: 'the event payload has no valid pull_request.base.sha' };
  return { ok: true, base };
}

function git(args: readonly string[], cwd: string): Promise<{ ok: true; stdout: string } | { ok: false; message: string }> {
  const safety = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false'];
  return new Promise((done) => {
    execFile('git', [...safety, ...args], { cwd, maxBuffer: 512 * 1024 * 1024, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) => {
      if (error) done({ ok: false, message: (stderr || error.message).trim().split('\n')[0] ?? error.message });
      else done({ ok: true, stdout });
    });
  });
}

/**
 * Lines the PR changed: `git diff <base>...HEAD` (from the merge base to the checked-out commit, so line
 * numbers are those of the files berth reads, whether the checkout is the merge commit or the PR head).
 */
export async function changedLines(eventPath: string | undefined, cwd: string): Promise<ChangedLinesResult> {
  const base = pullRequestBase(eventPath);
  if (!base.ok) return base;
  const top = await git(['rev-parse', '--show-toplevel'], cwd);
  if (!top.ok) return { ok: false, reason: `not a git checkout (${top.message})` };
  const root = top.stdout.trim();
  const diff = await git(['diff', '--no-ext-diff', '--no-textconv', '--no-color', '--unified=0', `${base.base}...HEAD`, '--'], root);
  if (!diff.ok) {
    return { ok: false, reason: `git diff against the base commit failed (${diff.message}); check out with fetch-depth: 0 so the base commit is present` };
  }
  return { ok: true, changed: parseUnifiedDiff(diff.stdout), root, base: base.base };
}

/** New-side line ranges of every hunk of a `--unified=0` diff, by new path. Deleted files have none. */
export function parseUnifiedDiff(diff: string): ChangedLines {
  const changed: ChangedLines = new Map();
  let current: number[][] | undefined;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) current = undefined;
    else if (line.startsWith('+++ ')) {
      const path = diffPath(line.slice(4));
      current = path === undefined ? undefined : changed.get(path) ?? [];
      if (path !== undefined) changed.set(path, current!);
    } else if (line.startsWith('@@') && current) {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!hunk) continue;
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      if (count > 0) current.push([start, start + count - 1]);
    }
  }
  return changed;
}

/** `b/path` or git's C-quoted `"b/p\303\244th"`; `/dev/null` (a deleted file) has no new side. */
function diffPath(text: string): string | undefined {
  const unquoted = text.startsWith('"') ? unquoteC(text) : text.replace(/\t$/, '');
  if (unquoted === '/dev/null' || !unquoted.startsWith('b/')) return undefined;
  return unquoted.slice(2);
}

function unquoteC(text: string): string {
  const body = text.slice(1, text.lastIndexOf('"'));
  const bytes: number[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Keeps the findings that touch a changed line. Findings about something that is not a file of the
 * repository (a `--kube-version` problem, a snapshot outside the checkout) are kept: no diff can speak for them.
 */
export function keepChanged(findings: readonly Finding[], changed: ChangedLines, root: string, cwd: string): Finding[] {
  return findings.filter((finding) => {
    const absolute = resolve(cwd, finding.location.file);
    if (!existsSync(absolute)) return true;
    // git prints the real path of the top level; the working directory may be reached through a symlink.
    const fromRoot = relative(realpathSync(root), realpathSync(absolute));
    if (fromRoot.startsWith('..') || isAbsolute(fromRoot)) return true;
    const ranges = changed.get(fromRoot.split(sep).join('/'));
    if (!ranges) return false;
    const first = finding.location.line;
    const last = Math.max(first, finding.location.endLine);
    return ranges.some(([start, end]) => start! <= last && first <= end!);
  });
}
