import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type DidChangeWatchedFilesRegistrationOptions,
  type Disposable,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RULES } from '../../rules/index.js';
import type { Finding, Rule } from '../rules/rule.js';
import { TOOL_NAME, TOOL_VERSION } from '../meta.js';
import { DIAGNOSTIC_SOURCE, findingToDiagnostic, type DiagnosticData } from './diagnostics.js';
import { hoverText } from './hover.js';
import { objectAtLine } from './objects.js';
import { quickFixes } from './code-actions.js';
import { incrementalCheck } from './incremental.js';
import {
  analyse,
  classifyChange,
  emptyWorkspace,
  guessRoot,
  loadWorkspace,
  readCluster,
  readConfig,
  readContext,
  refreshDiskFile,
  type Analysis,
  type Workspace,
} from './workspace.js';

export interface ServerOptions {
  /**
   * Edits within this many milliseconds of the last analysis are batched into the next one
   * (initializationOptions.debounceMs overrides it). An edit after a quiet spell is analysed at once.
   */
  debounceMs?: number;
  /** The rules to run; berth's own by default (embedders and tests narrow or extend them). */
  rules?: readonly Rule[];
}

export const DEFAULT_DEBOUNCE_MS = 100;

/**
 * berth's language server: diagnostics for open Kubernetes manifests (on open, on change after a short quiet
 * time), placement on hover, quick fixes. All analysis is berth's pipeline over the workspace (workspace.ts);
 * this file only speaks the protocol.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const ruleList = options.rules ?? RULES;
  const rules = new Map<string, Rule>(ruleList.map((rule) => [rule.id, rule]));
  const documents = new TextDocuments(TextDocument);
  let workspace: Workspace = { ...emptyWorkspace(), rules: ruleList };
  let ready: Promise<void> = Promise.resolve();
  let last: Analysis | undefined;
  /** Keeps what it read and found between analyses: an edit re-checks what it can have changed. */
  const check = incrementalCheck();
  let debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  let lastRunAt = -Infinity;
  /** Bumped by every change of what an analysis reads; an analysis of an unchanged state is skipped. */
  let generation = 0;
  let analysedGeneration = -1;
  let canWatchFiles = false;
  /** No workspace folder from the client: the first file opened decides the project root (guessRoot). */
  let rootless = false;
  let initialized = false;
  let relativePatterns = false;
  let outsideWatch: Promise<Disposable | undefined> | undefined;
  /** Files that are not open but got diagnostics because an edit elsewhere changed their findings. */
  const shownClosed = new Set<string>();
  /** Files closed since the last analysis (their diagnostics were cleared on close). */
  const justClosed = new Set<string>();
  /** The `.berth.yaml` problems on screen, so they are cleared once fixed and not re-sent on every keystroke. */
  let configShown: { uri: string; fingerprint: string } | undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const root = rootOf(params);
    const requested = (params.initializationOptions as { debounceMs?: unknown } | undefined)?.debounceMs;
    if (typeof requested === 'number' && requested >= 0) debounceMs = requested;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    relativePatterns = params.capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
    rootless = root === undefined;
    ready = load(root);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: TOOL_NAME, version: TOOL_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (canWatchFiles) {
      void register({ watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/.berth.{yaml,yml}' }] });
    }
    initialized = true;
    void ready.then(() => {
      watchOutsideWorkspace();
      schedule(0);
    });
  });

  /**
   * `.berth.yaml` may sit above the workspace folder and name a snapshot outside it (`../clusters/prod.yaml`);
   * the workspace watcher does not see those, so they get watchers of their own, renewed with the config.
   */
  function watchOutsideWorkspace(): void {
    if (!canWatchFiles) return;
    void outsideWatch?.then((registration) => registration?.dispose());
    outsideWatch = undefined;
    const outside = [...(workspace.configPath ? [workspace.configPath] : []), ...workspace.clusterPaths].filter((path) => !isInside(workspace.root, path));
    if (outside.length === 0) return;
    const watchers = outside.flatMap((path) => [
      { globPattern: relativePatterns ? { baseUri: pathToFileURL(dirname(path)).href, pattern: basename(path) } : path },
      { globPattern: relativePatterns ? { baseUri: pathToFileURL(path).href, pattern: '**/*.{yaml,yml,json}' } : `${path}/**/*.{yaml,yml,json}` },
    ]);
    outsideWatch = register({ watchers });
  }

  /** A client may refuse a registration; that costs the watching, never the server (no unhandled rejection). */
  function register(options: DidChangeWatchedFilesRegistrationOptions): Promise<Disposable | undefined> {
    return connection.client.register(DidChangeWatchedFilesNotification.type, options).catch((error: unknown) => {
      connection.console.warn(`berth: the editor did not accept file watchers (${(error as Error)?.message ?? String(error)}); changes on disk are seen when files are reopened`);
      return undefined;
    });
  }

  /** Publishing after the client has gone (shutdown, a closed pipe) is not an error worth crashing over. */
  function sendDiagnostics(uri: string, diagnostics: Diagnostic[]): void {
    connection.sendDiagnostics({ uri, diagnostics }).catch(() => undefined);
  }

  documents.onDidOpen(({ document }) => {
    const path = pathOf(document.uri);
    workspace.open.set(path, { uri: document.uri, path, text: document.getText() });
    generation++;
    if (rootless && document.uri.startsWith('file:')) {
      // Opened without a workspace folder (`vim file.yaml`): the project is where `berth check` would find it.
      rootless = false;
      const root = guessRoot(path);
      if (root !== undefined) ready = ready.then(() => load(root));
    }
    schedule(0);
  });

  /** Reads a workspace, keeping the buffers opened while it loads; never rejects (a failure is logged). */
  function load(root: string | undefined): Promise<void> {
    return loadWorkspace(root).then(
      (loaded) => {
        for (const [path, buffer] of workspace.open) loaded.open.set(path, buffer);
        for (const [path, good] of workspace.lastGood) loaded.lastGood.set(path, good);
        workspace = { ...loaded, rules: ruleList };
        generation++;
        if (initialized) watchOutsideWorkspace(); // registrations may only follow the client's `initialized`
      },
      (error: unknown) => connection.console.error(`berth: cannot read the workspace: ${(error as Error).message}`),
    );
  }

  documents.onDidChangeContent(({ document }) => {
    const path = pathOf(document.uri);
    const buffer = workspace.open.get(path);
    if (buffer && buffer.text === document.getText()) return; // the open event already scheduled this text
    workspace.open.set(path, { uri: document.uri, path, text: document.getText() });
    generation++;
    scheduleAfterEdit();
  });

  documents.onDidClose(({ document }) => {
    const path = pathOf(document.uri);
    workspace.open.delete(path);
    workspace.lastGood.delete(path);
    justClosed.add(path);
    generation++;
    shownClosed.delete(path);
    // The file on disk is context again (the buffer may have been closed without saving).
    if (document.uri.startsWith('file:')) refreshDiskFile(workspace, path);
    sendDiagnostics(document.uri, []);
    scheduleAfterEdit();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    // A failure to re-read must not become an unhandled rejection, which would end the server.
    ready = ready.then(() => reloadChanged(changes)).catch((error: unknown) => {
      connection.console.error(`berth: cannot re-read the workspace: ${(error as Error).message}`);
    });
    void ready.then(() => schedule(0));
  });

  async function reloadChanged(changes: readonly { uri: string }[]): Promise<void> {
    let reloadAll = false;
    let reloadCluster = false;
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      const path = pathOf(change.uri);
      const kind = classifyChange(workspace, path);
      if (kind === 'config') reloadAll = true;
      else if (kind === 'cluster') reloadCluster = true;
      // Created, changed or deleted alike: refreshDiskFile reads what is there now.
      else if (kind === 'manifest' && !workspace.open.has(path)) refreshDiskFile(workspace, path);
    }
    if (reloadAll) {
      readConfig(workspace);
      watchOutsideWorkspace();
      await readCluster(workspace);
      await readContext(workspace);
    } else if (reloadCluster) {
      await readCluster(workspace);
    }
    generation++;
  }

  connection.onHover(({ textDocument, position }) => {
    const document = documents.get(textDocument.uri);
    if (!document || !last) return null;
    const path = pathOf(textDocument.uri);
    const object = objectAtLine(path, document.getText(), position.line + 1);
    const text = object && hoverText(object, position.line + 1, last.result, last.byFile.get(path) ?? []);
    return text ? { contents: { kind: 'markdown', value: text } } : null;
  });

  connection.onCodeAction(({ textDocument, context }) => {
    const document = documents.get(textDocument.uri);
    if (!document) return [];
    const path = pathOf(textDocument.uri);
    const text = document.getText();
    const actions: CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof diagnostic.code !== 'string') continue;
      const object = objectAtLine(path, text, diagnostic.range.start.line + 1);
      if (!object) continue;
      const data = (diagnostic.data ?? {}) as DiagnosticData;
      for (const fix of quickFixes(
        object,
        text,
        { ruleId: diagnostic.code, message: String(diagnostic.message), fix: data.fix, ...(typeof data.container === 'string' ? { container: data.container } : {}) },
        { clusterTaints: workspace.cluster?.snapshot.nodes.flatMap((node) => node.taints) ?? [] },
      )) {
        const range = { start: document.positionAt(fix.change.offset), end: document.positionAt(fix.change.offset + fix.change.length) };
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred,
          edit: { changes: { [textDocument.uri]: [{ range, newText: fix.change.text }] } },
        });
      }
    }
    return actions;
  });

  /**
   * At most one analysis per debounceMs while the user types, and none of the wait when they have paused:
   * the first keystroke after a pause is analysed immediately, the ones that follow it are batched.
   */
  function scheduleAfterEdit(): void {
    if (timer) return; // the pending analysis will read the newest text
    schedule(Math.max(0, lastRunAt + debounceMs - Date.now()));
  }

  function schedule(delay: number): void {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void ready.then(publish);
    }, delay);
  }

  function publish(): void {
    // Several triggers can land on one state (the client's `initialized` and a quick first open): analyse it once.
    if (generation === analysedGeneration) return;
    analysedGeneration = generation;
    lastRunAt = Date.now();
    try {
      const analysis = analyse(workspace, check);
      const previous = last;
      last = analysis;
      publishAnalysis(analysis, previous);
    } catch (error) {
      // A bug in berth must not take the editor's language server down with it; the last diagnostics stay.
      connection.console.error(`berth: internal error while checking: ${(error as Error)?.stack ?? String(error)}`);
    }
    justClosed.clear();
    publishConfigProblems();
  }

  function publishAnalysis(analysis: Analysis, previous: Analysis | undefined): void {
    for (const buffer of workspace.open.values()) {
      sendDiagnostics(buffer.uri, toDiagnostics(analysis.byFile.get(buffer.path)));
    }
    // Files that are not open: shown only once an edit changes their findings, then kept current.
    if (!previous) return;
    const paths = new Set([...analysis.byFile.keys(), ...previous.byFile.keys(), ...shownClosed]);
    for (const path of paths) {
      // A file just closed falls back to its disk version: that is not a change an edit elsewhere caused.
      if (workspace.open.has(path) || !isAbsolute(path) || justClosed.has(path)) continue;
      const now = analysis.byFile.get(path);
      if (!shownClosed.has(path) && fingerprint(now) === fingerprint(previous.byFile.get(path))) continue;
      shownClosed.add(path);
      sendDiagnostics(pathToFileURL(path).href, toDiagnostics(now));
    }
  }


  /** `.berth.yaml` problems show in that file: while it is broken, the defaults apply. */
  function publishConfigProblems(): void {
    const uri = workspace.configPath ? pathToFileURL(workspace.configPath).href : undefined;
    const diagnostics: Diagnostic[] = workspace.configProblems.map((problem) => {
      const at = { line: Math.max(0, (problem.line ?? 1) - 1), character: Math.max(0, (problem.column ?? 1) - 1) };
      return { range: { start: at, end: at }, severity: DiagnosticSeverity.Error, source: DIAGNOSTIC_SOURCE, message: problem.message };
    });
    const shown = uri && diagnostics.length > 0 ? { uri, fingerprint: JSON.stringify(diagnostics) } : undefined;
    if (configShown && configShown.uri !== shown?.uri) sendDiagnostics(configShown.uri, []);
    if (shown && shown.fingerprint !== configShown?.fingerprint) sendDiagnostics(shown.uri, diagnostics);
    configShown = shown;
  }

  function toDiagnostics(findings: readonly Finding[] | undefined): Diagnostic[] {
    return (findings ?? []).map((finding) => findingToDiagnostic(finding, rules));
  }

  documents.listen(connection);
  connection.listen();
}

/** `berth lsp`: the server on standard input/output. */
export function runStdioServer(options: ServerOptions = {}): void {
  startServer(createConnection(process.stdin, process.stdout), options);
}

function rootOf(params: InitializeParams): string | undefined {
  const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  if (uri && uri.startsWith('file:')) return fileURLToPath(uri);
  return params.rootPath ?? undefined;
}

/** Files by absolute path (what berth reads and reports); other buffers (untitled:) by their URI. */
function pathOf(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

function isInside(root: string | undefined, path: string): boolean {
  if (root === undefined) return false;
  const rel = relative(root, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

function fingerprint(findings: readonly Finding[] | undefined): string {
  return JSON.stringify((findings ?? []).map((f) => [f.ruleId, f.message, f.location.line, f.location.column, f.location.endLine, f.location.endColumn]));
}
