import type { Rule } from '../src/rules/rule.js';
import parseError from './parse-error.js';
import hostNetwork from './host-network.js';

/** Every rule berth ships, in the order `berth rules` lists them. */
export const RULES: readonly Rule[] = [parseError, hostNetwork] as Rule[];
