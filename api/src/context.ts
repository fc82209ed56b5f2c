import type { Config } from './config.js';
import type { Database } from './db/connect.js';

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** What every router receives: the open database, the validated config, a logger. */
export interface AppContext {
  db: Database;
  config: Config;
  log: Logger;
}

export function consoleLogger(level: Config['logLevel'] = 'info'): Logger {
  const order = ['debug', 'info', 'warn', 'error', 'silent'];
  const on = (l: string) => order.indexOf(l) >= order.indexOf(level);
  const line = (l: string, msg: string, fields?: Record<string, unknown>) =>
    `${new Date().toISOString()} ${l} ${msg}${fields ? ' ' + JSON.stringify(fields) : ''}`;
  return {
    info: (m, f) => on('info') && console.log(line('info', m, f)),
    warn: (m, f) => on('warn') && console.warn(line('warn', m, f)),
    error: (m, f) => on('error') && console.error(line('error', m, f)),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
