import { PassThrough } from 'node:stream';
import {
  createConnection,
  createMessageConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { startServer, type ServerOptions } from '../../src/lsp/server.js';

/**
 * An LSP client wired to an in-process berth server over a pair of streams: the real protocol (JSON-RPC
 * framing, capabilities, notifications), without a child process.
 */
export interface TestClient {
  rpc: MessageConnection;
  /** Resolves with the first diagnostics published for `uri` (from now on) that satisfy `accept`. */
  diagnostics(uri: string, accept?: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  /** Every publishDiagnostics so far, in order. */
  published: PublishDiagnosticsParams[];
  /** Every capability the server registered (client/registerCapability), in order. */
  registrations: { method: string; registerOptions?: unknown }[];
  open(uri: string, text: string, languageId?: string): void;
  change(uri: string, text: string): void;
  close(): void;
}

/** Guards against a hang only; no test asserts on time. */
const WAIT_LIMIT_MS = 10_000;

export async function startTestClient(options: ServerOptions & { rootUri?: string | null; watchFiles?: boolean; refuseRegistrations?: boolean } = {}): Promise<TestClient> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  startServer(server, { debounceMs: 0, ...options });
  const rpc = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; accept: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  rpc.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.push(params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    }
  });
  const registrations: { method: string; registerOptions?: unknown }[] = [];
  rpc.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
    registrations.push(...params.registrations);
    if (options.refuseRegistrations) throw new ResponseError(-32601, 'registration refused by this client');
    return null;
  });
  rpc.listen();
  await rpc.sendRequest('initialize', {
    processId: null,
    rootUri: options.rootUri ?? null,
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: options.watchFiles ?? false } } },
  });
  await rpc.sendNotification('initialized', {});
  const versions = new Map<string, number>();
  return {
    rpc,
    published,
    registrations,
    diagnostics(uri, accept = () => true) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}; last: ${JSON.stringify(published.filter((p) => p.uri === uri).at(-1))}`)), WAIT_LIMIT_MS);
        waiters.push({ uri, accept, resolve: (d) => (clearTimeout(timer), resolve(d)) });
      });
    },
    open(uri, text, languageId = 'yaml') {
      versions.set(uri, 1);
      void rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    change(uri, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      void rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    close() {
      rpc.dispose();
      server.dispose();
      toServer.end();
      toClient.end();
    },
  };
}
