/**
 * The analysis library (issue 11): indicators, copied text and tables, scope and roll-up, two
 * reports compared. Imported as `nianbao/analyse`; the CLI loads it only for the commands that
 * use it (check --previous, compare, rollup).
 */
export * from './cells.js';
export * from './indicators.js';
export * from './copies.js';
export * from './scope.js';
export * from './rollup.js';
export * from './compare.js';
export * from './series.js';
export * from './peers.js';
export * from './sections.js';
export { renderIndicatorsTable, updateIndicatorsDoc } from './docs.js';
