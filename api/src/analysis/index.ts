/**
 * The coverage engine's public surface. Pure TypeScript: the API imports it, and the web app bundles
 * it for instant what-if in the browser (browser.test.ts proves it bundles without Node).
 */
export * from './geo.js';
export * from './view.js';
export * from './coverage.js';
export * from './analyse.js';
export * from './inputs.js';
export * from './density.js';
