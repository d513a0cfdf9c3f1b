/**
 * Reading a buffer document by document, for the language server. A keystroke changes one YAML document of a
 * file; reading the file again, and checking every document of it again, costs the whole file on every edit.
 * Here a file is cut at its `---` lines, each document is read on its own as if it started on line 1, and
 * the result is kept by the document's text: an edit re-reads the one document it changed, and the others are
 * placed where they are now (their positions shifted by the lines above them).
 *
 * The cut must not change what is read: every document marker at column 0 ends a document in YAML (YAML 1.2
 * §9.1.4, c-forbidden; yaml's lexer ends open quotes and flow collections there too), and anchors, tags and
 * aliases do not cross documents. Files whose documents could depend on each other or be split differently —
 * directives (`%YAML`), document-end markers (`...`), carriage returns, a byte order mark after the start —
 * are read whole, exactly as `berth check` reads them. So are files with a read problem, unless the problem
 * is sure to read the same either way (see readsAsInWholeFile).
 */
import { createRequire } from 'node:module';
import { readManifests, type ReadProblem } from '../read/manifests.js';
import { readFast } from '../read/yaml-fast.js';
import type { Path, PathPart, SourceDocument, Span } from '../read/source.js';
import type { KubeObject } from '../model/object.js';
import { toWorkload, type Workload } from '../model/workload.js';

/** One piece of a file as read on its own, wherever it sits: a YAML document, or the whole file. */
export interface Segment {
  readonly text: string;
  /** Objects as read with the segment starting on line 1 and their orders counted from 0. */
  readonly objects: readonly KubeObject[];
  readonly workloads: readonly Workload[];
  /** Read problems, positioned as if the segment started on line 1. */
  readonly problems: readonly ReadProblem[];
  readonly skippedDocuments: number;
  /** How many object orders the segment uses: the next segment's objects come after these in the queue. */
  readonly orderSpan: number;
}

/** A segment where it is in the file now: its objects with positions, document indexes and orders of the file. */
export interface PlacedSegment {
  readonly segment: Segment;
  readonly startLine: number;
  readonly objects: readonly KubeObject[];
  readonly workloads: readonly Workload[];
  readonly problems: readonly ReadProblem[];
}

/** Observes every position lookup on placed documents (the checker uses it to re-locate reused findings). */
export interface LocateProbe {
  record?: (document: SourceDocument, path: Path, part: PathPart | undefined, span: Span) => void;
}

/** A piece of a file's text and the line it starts on. */
export interface Piece {
  text: string;
  startLine: number;
}

const DOCUMENT_START = /^---(?:[ \t][^\n]*)?$/gm;
/** Directives and document-end markers make documents depend on their neighbours' boundaries. */
const READ_WHOLE = /^(?:%|\.\.\.(?:[ \t]|$))/m;

/** The documents of a file, each starting at its `---` line; undefined when the file must be read whole. */
export function splitDocuments(text: string): Piece[] | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.includes('\r') || body.includes('\ufeff') || READ_WHOLE.test(body)) return undefined;
  const starts = [0];
  for (const match of text.matchAll(DOCUMENT_START)) if (match.index! > 0) starts.push(match.index!);
  const pieces: Piece[] = [];
  let line = 1;
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i]!;
    const to = starts[i + 1] ?? text.length;
    pieces.push({ text: text.slice(from, to), startLine: line });
    line += countLines(text, from, to);
  }
  return pieces;
}

function countLines(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at >= 0 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Reads a segment as if it were a file of its own starting on line 1. */
export function readSegment(path: string, text: string): Segment {
  const read = withRememberedPositions(readManifests([{ path, text }]));
  const workloads = read.objects.map(toWorkload).filter((w): w is Workload => w !== undefined);
  // Only the relative order of objects matters (the scheduler's queue compares orders), so one past the
  // highest order is as good a span as the exact count readManifests used.
  const orderSpan = read.objects.reduce((span, object) => Math.max(span, object.order + 1), 0);
  return { text, objects: read.objects, workloads, problems: read.problems, skippedDocuments: read.skippedDocuments, orderSpan };
}

/**
 * A segment's text never changes, so neither does any position in it: the placement rules ask for the same
 * keys after every edit, and each lookup walks the text, so each answer is kept.
 */
function withRememberedPositions(read: ReturnType<typeof readManifests>): ReturnType<typeof readManifests> {
  const documents = new Map<SourceDocument, SourceDocument>();
  const remembering = (document: SourceDocument): SourceDocument => {
    let wrapped = documents.get(document);
    if (!wrapped) {
      const spans = new Map<string, Span>();
      wrapped = {
        file: document.file,
        index: document.index,
        value: document.value,
        locate(path, part) {
          const key = `${part ?? 'key'}${JSON.stringify(path)}`;
          let span = spans.get(key);
          if (!span) spans.set(key, (span = document.locate(path, part)));
          return span;
        },
      };
      documents.set(document, wrapped);
    }
    return wrapped;
  };
  return { ...read, objects: read.objects.map((object) => ({ ...object, doc: remembering(object.doc) })) };
}

/**
 * The segment's objects where it is now: every position moves down by `startLine - 1` lines (columns do not
 * change: a document starts at column 1 wherever it is), document indexes and orders continue the file's.
 */
export function placeSegment(segment: Segment, startLine: number, firstIndex: number, firstOrder: number, probe: LocateProbe): PlacedSegment {
  const shift = startLine - 1;
  const documents = new Map<SourceDocument, SourceDocument>();
  const placedDocument = (document: SourceDocument): SourceDocument => {
    let placed = documents.get(document);
    if (!placed) {
      placed = {
        file: document.file,
        index: firstIndex + document.index,
        value: document.value,
        locate(path, part) {
          const span = shiftSpan(document.locate(path, part), shift);
          probe.record?.(placed!, path, part, span);
          return span;
        },
      };
      documents.set(document, placed);
    }
    return placed;
  };
  const objects = segment.objects.map((object) => ({ ...object, doc: placedDocument(object.doc), order: firstOrder + object.order }));
  const workloads = objects.map(toWorkload).filter((w): w is Workload => w !== undefined);
  const problems = segment.problems.map((problem) => ({ ...problem, location: shiftSpan(problem.location, shift) }));
  return { segment, startLine, objects, workloads, problems };
}

/**
 * Whether a file whose documents read cleanly on their own, except the one at `brokenIndex`, reads the same
 * whole (src/read/yaml.ts parseYaml): the broken document's problems must be ones that stay inside it, and it
 * must end at the next `---`. yaml's parser then reads the whole file, so an unterminated quote is pointed at
 * where the fast reader stopped in the file — in the broken document only if every document before it is one
 * the fast reader takes (`fastReadable`); and the unrendered-template hint looks at the whole file's text.
 */
export function readsAsInWholeFile(file: string, pieces: readonly PieceCheck[], brokenIndex: number): boolean {
  const broken = pieces[brokenIndex]!;
  if (!broken.segment.problems.every((problem) => DOCUMENT_LOCAL_PROBLEM.test(problem.message))) return false;
  if (file.includes('{{') !== broken.segment.text.includes('{{')) return false;
  if (brokenIndex < pieces.length - 1 && !broken.endsAtNextMarker()) return false;
  return pieces.slice(0, brokenIndex).every((piece) => piece.fastReadable());
}

/** What readsAsInWholeFile asks of a file's pieces, each answer computed only when asked (and kept). */
export interface PieceCheck {
  segment: Segment;
  fastReadable: () => boolean;
  endsAtNextMarker: () => boolean;
}

/**
 * yaml's errors that stay inside their document: the same message at the same place whether the document is
 * read alone or in its file. Found by damaging the documents of the shared corpus' multi-document files at
 * random and comparing both reads (test/lsp/incremental.test.ts keeps a seeded sample of that). Tokens yaml
 * finds at stream level (`Unexpected flow-seq-end token in YAML stream`), badly indented block scalars, file-wide
 * failures (nesting too deep, yaml throwing) and anything else make the file be read whole.
 */
const DOCUMENT_LOCAL_PROBLEM = new RegExp(
  '^(?:' +
    [
      'Implicit keys need to be on a single line',
      'Nested mappings are not allowed in compact mappings',
      'All mapping items must start at the same column',
      'All sequence items must start at the same column',
      'Implicit map keys need to be followed by map values',
      'A block sequence may not be used as an implicit map key',
      'Sequence item without - indicator',
      'Map keys must be unique',
      'Flow sequence in block collection must be sufficiently indented',
      'Block collections are not allowed within flow collections',
      'Missing closing ["\']quote',
      'Tabs are not allowed as indentation',
      'Plain value cannot start with',
      'Unexpected scalar at node end',
      'mapping key is a collection, not a string',
    ].join('|') +
    ')',
);

/**
 * Whether a broken document ends where the next `---` line starts. yaml's lexer ends flow collections and
 * plain and block scalars at a document marker, but not a quoted scalar: an unterminated quote swallows the
 * next documents (`a: "x` + `---` + `b: 1` is one document whose value is `x --- b: 1`). What happens at the
 * marker depends only on the text before it, so the segment is read again with a `---` line after it.
 */
export function endsAtNextMarker(segment: Segment): boolean {
  const { parseAllDocuments } = yamlLib();
  const options = { version: '1.1', strict: false, logLevel: 'silent', uniqueKeys: true } as const;
  const count = (text: string) => {
    const docs = parseAllDocuments(text, options);
    return Array.isArray(docs) ? docs.length : 0;
  };
  return count(`${segment.text}---\n`) === count(segment.text) + 1;
}

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
/** Loaded on first need, as src/read/yaml.ts does: only a broken document asks. */
function yamlLib(): YamlModule {
  return (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);
}

/** Whether berth's fast reader takes a segment (else parseYaml hands it to yaml's parser). */
export function isFastReadable(segment: Segment): boolean {
  const text = segment.text.charCodeAt(0) === 0xfeff ? segment.text.slice(1) : segment.text;
  return readFast(text) !== undefined;
}

export function shiftSpan<T extends Span>(span: T, lines: number): T {
  return lines === 0 ? span : { ...span, line: span.line + lines, endLine: span.endLine + lines };
}

/**
 * How many YAML documents a piece is: every piece after the first starts with `---` and is one; the first is
 * one unless it holds only blank lines and comments (which belong to the document the next `---` starts).
 */
export function documentCount(piece: Piece, first: boolean): number {
  if (!first) return 1;
  return /^[ \t]*[^\s#]/m.test(piece.text.charCodeAt(0) === 0xfeff ? piece.text.slice(1) : piece.text) ? 1 : 0;
}
