import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../src/meta.js';
import { yaml } from '../helpers/lint.js';

/**
 * A real editor as the client: Debian's Neovim (0.7.2 in bookworm) started headless, its built-in LSP client
 * talking to `berth lsp` in a child process. Needs `nvim` on PATH (CI: `apt-get install -y neovim`).
 */
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const skip = nvim.status === 0 ? false : 'nvim is not installed (apt-get install -y neovim); the headless Neovim test needs it';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const DRIVER = join(PACKAGE_ROOT, 'test', 'lsp', 'drive.lua');

const manifest = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: metrics-agent
    namespace: monitoring
  spec:
    replicas: 1
    selector:
      matchLabels: {app: metrics-agent}
    template:
      metadata:
        labels: {app: metrics-agent}
      spec:
        hostNetwork: true
        hostPID: true
        containers:
          - name: agent
            image: prom/node-exporter:v1.8.2
`;

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  code: string;
  source: string;
  severity: number;
  message: string;
}

interface Phase {
  phase: string;
  diagnostics?: NvimDiagnostic[];
  value?: string;
  titles?: string[];
  lines?: string[];
}

function drive(file: string, deleteLine: string, ignoreRule: string): Promise<{ code: number | null; phases: Phase[]; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'nvim',
      ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${DRIVER}`],
      {
        // Only a guard against a hung editor; nothing asserts on time.
        timeout: 60_000,
        env: { ...process.env, BERTH_CMD: JSON.stringify([process.execPath, CLI, 'lsp', '--stdio']), BERTH_FILE: file, BERTH_DELETE: deleteLine, BERTH_IGNORE: ignoreRule },
      },
      (error, stdout, stderr) => {
        const phases = stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Phase);
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, phases, stderr });
      },
    );
  });
}

const pick = (diagnostics: NvimDiagnostic[] | undefined, codes: string[]) =>
  (diagnostics ?? []).filter((d) => codes.includes(d.code)).map((d) => ({ code: d.code, lnum: d.lnum, col: d.col, end_col: d.end_col, source: d.source }));

test('headless Neovim receives berth diagnostics, sees them change after an edit, hovers and applies a quick fix', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-nvim-'));
  try {
    const file = join(dir, 'agent.yaml');
    writeFileSync(file, manifest);
    const run = await drive(file, '      hostNetwork: true', 'host-pid');
    assert.equal(run.code, 0, `nvim exited with ${run.code}: ${JSON.stringify(run.phases)} ${run.stderr}`);
    const open = run.phases.find((p) => p.phase === 'open');
    const edited = run.phases.find((p) => p.phase === 'edited');
    // 0-based, as LSP and Neovim count: `hostNetwork:` is line 14 column 7 of the file.
    assert.deepEqual(pick(open?.diagnostics, ['host-network', 'host-pid']), [
      { code: 'host-network', lnum: 13, col: 6, end_col: 17, source: 'berth' },
      { code: 'host-pid', lnum: 14, col: 6, end_col: 13, source: 'berth' },
    ]);
    // The line is gone: its finding with it, and the next one moved up.
    assert.deepEqual(pick(edited?.diagnostics, ['host-network', 'host-pid']), [
      { code: 'host-pid', lnum: 13, col: 6, end_col: 13, source: 'berth' },
    ]);
    // Hover on `kind:` (no cluster snapshot: the workload's findings).
    const hover = run.phases.find((p) => p.phase === 'hover')?.value ?? '';
    assert.match(hover, /^\*\*berth\*\* · Deployment monitoring\/metrics-agent\n\n\d+ findings?: .*host-pid/);
    // The quick fix, applied by Neovim itself, silences the finding.
    assert.ok(run.phases.find((p) => p.phase === 'actions')?.titles?.includes('Ignore host-pid for Deployment metrics-agent (annotation)'));
    const fixed = run.phases.find((p) => p.phase === 'fixed')?.lines ?? [];
    assert.deepEqual(fixed.slice(2, 7), [
      'metadata:',
      '  name: metrics-agent',
      '  namespace: monitoring',
      '  annotations:',
      '    ignore.berth/host-pid: "explain why this is acceptable"',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
