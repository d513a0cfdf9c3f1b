/**
 * Reading a buffer document by document, for the language server. A keystroke changes one YAML document of a
 * file; reading the file again, and checking every document of it again, costs the whole file on every edit.
 * Here a file is cut at its `---` lines, each document is read on its own as if it started on line 1, and
 * the result is kept by the document's text: an edit re-reads the one document it changed, and the others are
 * placed where they are now (their positions shifted by the lines above them).
 *
 * The cut must not change what is read: every document marker at column 0 ends a document in YAML (YAML 1.2
 * §9.1.4, c-forbidden), and anchors, tags and aliases do not cross documents. Files whose documents could
 * depend on each other or be split differently — directives (`%YAML`), document-end markers (`...`), carriage
 * returns, a byte order mark after the start — and files with any read problem are read whole, exactly as
 * `berth check` reads them.
 */
import { readManifests, type ReadProblem } from '../read/manifests.js';
import type { Path, PathPart, SourceDocument, Span } from '../read/source.js';
import type { KubeObject } from '../model/object.js';
import { toWorkload, type Workload } from '../model/workload.js';

/** One piece of a file as read on its own, wherever it sits: a YAML document, or the whole file. */
export interface Segment {
  readonly text: string;
  /** Objects as read with the segment starting on line 1 and their orders counted from 0. */
  readonly objects: readonly KubeObject[];
  readonly workloads: readonly Workload[];
  /** Read problems (only a whole-file segment has any: a document with a problem makes its file read whole). */
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
  return { segment, startLine, objects, workloads };
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
