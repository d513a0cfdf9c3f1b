/**
 * Plain text inside a GFM table cell or list item: pipes would end the cell and newlines the row (they
 * become `<br>`); `<`, `*`, `_`, `[` would turn file names and YAML snippets into HTML or emphasis.
 * Backticks stay, so `code` in messages renders as code.
 */
export function escapeText(text: string): string {
  return text
    .trimEnd()
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\|*_[\]]/g, (c) => `\\${c}`)
    .replace(/\r\n?|\n/g, '<br>');
}

/** A code span for file names and ids; GFM still splits table cells on `|` inside code, so escape it. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r\n?|\n/g, ' ').replace(/\|/g, '\\|');
  const fence = flat.includes('`') ? '``' : '`';
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
