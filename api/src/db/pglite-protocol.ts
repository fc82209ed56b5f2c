import type { PGlite } from '@electric-sql/pglite';

/**
 * pglite-socket hands PGlite one wire-protocol message at a time. Two things then differ from a
 * PostgreSQL server, and this wrapper puts them right (docs/decisions.md, "embedded database"):
 *
 * 1. After an error in the extended protocol (Parse/Bind/Execute…), PostgreSQL ignores every
 *    message until Sync and sends one ReadyForQuery. PGlite answers the failing message with
 *    ErrorResponse + ReadyForQuery and then another ReadyForQuery at Sync. The pg driver takes the
 *    stale one as the answer to its next query (a ROLLBACK, typically) and the connection breaks
 *    ("Received unexpected commandComplete message"). So: ReadyForQuery is passed on only in answer
 *    to Sync or Query, and after an error the messages up to Sync are skipped, as PostgreSQL does.
 * 2. PGlite flushes its files after every message. A transaction's messages all end in a Sync or a
 *    Query, so flushing there is enough and keeps bulk inserts from paying one flush per message.
 */
export function withWireProtocolFixes(db: PGlite): PGlite {
  let skipUntilSync = false;
  const exec = db.execProtocolRawStream.bind(db);

  const execProtocolRawStream: PGlite['execProtocolRawStream'] = async (message, options) => {
    const onRawData = options?.onRawData ?? (() => {});
    const type = message[0];
    // The startup packet has no type byte (it starts with its int32 length, whose high byte is 0).
    if (type === 0 || type === undefined) {
      skipUntilSync = false;
      return exec(message, { ...options, onRawData });
    }
    const tag = String.fromCharCode(type);
    const isSync = tag === 'S';
    const isQuery = tag === 'Q';
    if (skipUntilSync && !isSync) return;
    skipUntilSync = false;

    const chunks: Uint8Array[] = [];
    await exec(message, {
      syncToFs: isSync || isQuery,
      // The chunks are views into PGlite's memory, which the next call reuses: copy them.
      onRawData: (d: Uint8Array) => chunks.push(d.slice()),
    });
    const out = concat(chunks);
    if (isSync || isQuery) {
      if (out.length) onRawData(out);
      return;
    }
    const kept: Uint8Array[] = [];
    for (let i = 0; i + 5 <= out.length; ) {
      const len = 1 + new DataView(out.buffer, out.byteOffset + i + 1, 4).getInt32(0);
      const msg = out.subarray(i, i + len);
      if (msg[0] === 0x45 /* E */) skipUntilSync = true;
      if (msg[0] !== 0x5a /* Z */) kept.push(msg);
      i += len;
    }
    const filtered = concat(kept);
    if (filtered.length) onRawData(filtered);
  };

  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'execProtocolRawStream') return execProtocolRawStream;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
