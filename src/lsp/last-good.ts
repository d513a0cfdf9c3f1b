/**
 * Half-typed YAML must not wipe the editor's picture. berth parses a file document by document, so a
 * syntax error only loses the document it is in; this module keeps, per open file, the last version of
 * each document that parsed, so the server can analyse that version in place of the broken one (its objects
 * still take part in placement and cross-file rules) and move its findings to where the document is now.
 */

/** One YAML document of a file, by lines (1-based, inclusive; `endLine < startLine` for an empty one). */
export interface Chunk {
  startLine: number;
  endLine: number;
  lines: string[];
}

/** `---` and `...` at column 0 end a document (YAML 1.2 §9.1); the separator belongs to the next chunk. */
const SEPARATOR = /^(?:---(?:[ \t].*)?|\.\.\.[ \t]*)\r?$/;

export function splitDocuments(text: string): Chunk[] {
  const lines = text.split('\n');
  const chunks: Chunk[] = [];
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    if (i === lines.length || (i > 0 && SEPARATOR.test(lines[i]!))) {
      chunks.push({ startLine: start + 1, endLine: i, lines: lines.slice(start, i) });
      start = i;
    }
  }
  return chunks;
}

export function chunkIndexOfLine(chunks: readonly Chunk[], line: number): number {
  return chunks.findIndex((c) => line >= c.startLine && line <= c.endLine);
}

/** The last version of each document that parsed, for one file. */
export interface LastGood {
  readonly chunks: Chunk[];
}

/**
 * Remembers the documents of `text` that parsed. When the document count changed, only a fully clean text
 * is a trustworthy baseline (which old document is which new one is unknown).
 */
export function updateLastGood(previous: LastGood | undefined, text: string, brokenLines: readonly number[]): LastGood | undefined {
  // The common case, a clean text, runs on every keystroke: split it only if a later edit breaks it.
  if (brokenLines.length === 0) return lazily(text);
  const chunks = splitDocuments(text);
  const broken = brokenChunks(chunks, brokenLines);
  if (broken.size === 0) return { chunks };
  if (!previous || previous.chunks.length !== chunks.length) return previous;
  return { chunks: chunks.map((chunk, i) => (broken.has(i) ? previous.chunks[i]! : chunk)) };
}

function lazily(text: string): LastGood {
  let chunks: Chunk[] | undefined;
  return {
    get chunks() {
      return (chunks ??= splitDocuments(text));
    },
  };
}

export function brokenChunks(chunks: readonly Chunk[], brokenLines: readonly number[]): Set<number> {
  const broken = new Set<number>();
  for (const line of brokenLines) {
    const index = chunkIndexOfLine(chunks, line);
    if (index >= 0) broken.add(index);
  }
  return broken;
}

/** A stand-in file holding the last good versions of the broken documents, and how to map its lines back. */
export interface Substitute {
  text: string;
  /** Line in the stand-in file → line in the current buffer (undefined: no counterpart now). */
  mapLine(line: number): number | undefined;
}

export function substituteFor(lastGood: LastGood | undefined, text: string, brokenLines: readonly number[]): Substitute | undefined {
  const current = splitDocuments(text);
  if (!lastGood || lastGood.chunks.length !== current.length) return undefined;
  const broken = [...brokenChunks(current, brokenLines)].sort((a, b) => a - b);
  if (broken.length === 0) return undefined;
  const out: string[] = [];
  const pieces: { from: number; to: number; map: (offset: number) => number | undefined }[] = [];
  for (const index of broken) {
    const old = lastGood.chunks[index]!;
    const now = current[index]!;
    // Every piece but the first must start a new document, or two old documents would merge into one.
    if (out.length > 0 && !(old.lines[0] !== undefined && SEPARATOR.test(old.lines[0]))) out.push('---');
    const from = out.length + 1;
    out.push(...old.lines);
    pieces.push({ from, to: out.length, map: (offset) => mapChunkLine(old.lines, now, offset) });
  }
  const joined = out.join('\n');
  return {
    text: joined.endsWith('\n') ? joined : `${joined}\n`,
    mapLine(line) {
      const piece = pieces.find((p) => line >= p.from && line <= p.to);
      return piece ? piece.map(line - piece.from) : undefined;
    },
  };
}

/**
 * Where line `offset` of an old document is in its edited version: lines before the edit keep their
 * number, lines after it move with the end of the document, lines inside it land on the edit's first line.
 */
function mapChunkLine(oldLines: readonly string[], now: Chunk, offset: number): number | undefined {
  const newLines = now.lines;
  if (newLines.length === 0) return undefined;
  let prefix = 0;
  while (prefix < oldLines.length && prefix < newLines.length && oldLines[prefix] === newLines[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < oldLines.length - prefix &&
    suffix < newLines.length - prefix &&
    oldLines[oldLines.length - 1 - suffix] === newLines[newLines.length - 1 - suffix]
  ) suffix++;
  let line: number;
  if (offset < prefix) line = offset;
  else if (offset >= oldLines.length - suffix) line = offset - oldLines.length + newLines.length;
  else line = Math.min(prefix, newLines.length - 1);
  return now.startLine + line;
}
