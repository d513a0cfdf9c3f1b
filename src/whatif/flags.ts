import type { WhatIfOptions } from './index.js';

/** The what-if flags of `berth check` as commander parses them. */
export interface WhatIfFlags {
  cordon?: string[];
  drain?: string[];
  removeNode?: string[];
  force?: boolean;
  addNodes?: string;
  like?: string;
  pool?: string;
  headroom?: string[];
  scaleUp?: string;
}

export const MAX_ADDED_NODES = 5000;

/**
 * Checks the flags' combinations (a usage error is one line, exit 2) and turns them into WhatIfOptions;
 * `options` is undefined when no scenario was asked for.
 */
export function whatIfFromFlags(flags: WhatIfFlags, hasCluster: boolean): { options?: WhatIfOptions; error?: string } {
  const given: string[] = [];
  if (flags.cordon?.length) given.push('--cordon');
  if (flags.drain?.length) given.push('--drain');
  if (flags.removeNode?.length) given.push('--remove-node');
  if (flags.addNodes !== undefined) given.push('--add-nodes');
  if (flags.headroom?.length) given.push('--headroom');
  if (flags.scaleUp !== undefined) given.push('--scale-up');
  if (flags.like !== undefined && flags.addNodes === undefined) return { error: '--like needs --add-nodes N' };
  if (flags.pool !== undefined && flags.addNodes === undefined) return { error: '--pool needs --add-nodes N' };
  if (flags.force && !flags.drain?.length && !flags.removeNode?.length) return { error: '--force applies to --drain and --remove-node only' };
  if (given.length === 0) return {};
  if (!hasCluster) return { error: `${given.join(', ')} need${given.length === 1 ? 's' : ''} a cluster snapshot: add --cluster PATH` };
  const options: WhatIfOptions = {};
  if (flags.cordon?.length) options.cordon = flags.cordon;
  if (flags.drain?.length) options.drain = flags.drain;
  if (flags.removeNode?.length) options.removeNodes = flags.removeNode;
  if (flags.force) options.force = true;
  if (flags.headroom?.length) options.headroom = flags.headroom;
  if (flags.scaleUp !== undefined) options.scaleUp = flags.scaleUp;
  if (flags.addNodes !== undefined) {
    const count = /^[0-9]+$/.test(flags.addNodes) ? Number(flags.addNodes) : NaN;
    if (!(count >= 1 && count <= MAX_ADDED_NODES)) return { error: `--add-nodes ${flags.addNodes}: expected a whole number from 1 to ${MAX_ADDED_NODES}` };
    if ((flags.like === undefined) === (flags.pool === undefined)) return { error: '--add-nodes needs exactly one of --like NODE or --pool NAME' };
    options.addNodes = { count, ...(flags.like !== undefined ? { like: flags.like } : { pool: flags.pool! }) };
  }
  return { options };
}
