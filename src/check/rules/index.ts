/** Every rule, in the order findings are listed. */
import type { Rule } from '../rule.js';
import { t3Balance } from './t3-balance.js';

export const RULES: Rule[] = [t3Balance];
