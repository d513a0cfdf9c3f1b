/**
 * GitHub code scanning rejects a SARIF upload over 10 MB gzip-compressed (docs.github.com, "SARIF support
 * for code scanning", upload limits). src/report/sarif.ts already keeps the results per run under GitHub's
 * count limit; here the action halves the kept results (most severe first, with the run's notification
 * saying how many were left out) until the compressed file fits.
 */
import { gzipSync } from 'node:zlib';
import type { CheckResult } from '../check.js';
import { GITHUB_MAX_RESULTS_PER_RUN, formatSarif, type SarifOptions } from '../report/sarif.js';

export const GITHUB_MAX_SARIF_GZIP_BYTES = 10 * 1024 * 1024;

export function sarifWithinUploadLimit(result: CheckResult, options: SarifOptions, maxGzipBytes = GITHUB_MAX_SARIF_GZIP_BYTES): string {
  let maxResults = Math.min(result.findings.length, options.maxResults ?? GITHUB_MAX_RESULTS_PER_RUN);
  let text = formatSarif(result, { ...options, maxResults });
  while (maxResults > 0 && gzipSync(text).length > maxGzipBytes) {
    maxResults = Math.floor(maxResults / 2);
    text = formatSarif(result, { ...options, maxResults });
  }
  return text;
}
