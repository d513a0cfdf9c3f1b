import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type InitializeResult } from 'vscode-languageserver/node';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

test('`berth lsp` accepts the arguments editors pass, answers initialize and exits 0 after shutdown/exit', async () => {
  // vscode-languageclient starts stdio servers as `<command> <args> --stdio --clientProcessId=<pid>`.
  const child = spawn(process.execPath, [CLI, 'lsp', '--stdio', `--clientProcessId=${process.pid}`], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  rpc.listen();
  try {
    // A server that refuses its arguments exits instead of answering: fail with its stderr rather than hang.
    const died = exited.then((code) => Promise.reject(new Error(`berth lsp exited with ${code} before answering: ${stderr}`)));
    const result = (await Promise.race([rpc.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} }), died])) as InitializeResult;
    assert.equal(result.serverInfo?.name, 'berth');
    assert.equal(result.capabilities.hoverProvider, true);
    assert.deepEqual(result.capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
    await rpc.sendNotification('initialized', {});
    await rpc.sendRequest('shutdown');
    await rpc.sendNotification('exit');
    assert.equal(await exited, 0, stderr);
  } finally {
    rpc.dispose();
    child.kill();
  }
});
