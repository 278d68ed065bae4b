// FC Node.js runtime bootstrap (child side; node core modules only).
// Started by python_bootstrap.main() after the sandbox/uid setup with the frame
// channel on fd 3 (in) and fd 4 (out) and the init message in FC_INIT (removed).
'use strict';
const fs = require('fs');
const path = require('path');
const util = require('util');
const { Readable } = require('stream');
const { AsyncLocalStorage } = require('async_hooks');

const init = JSON.parse(process.env.__FC_INIT || '{}');
delete process.env.__FC_INIT;
const LOG_CAP = 1 << 20;
const als = new AsyncLocalStorage();
const active = new Map();

function send(head, body) {
  const h = Buffer.from(JSON.stringify(head));
  const b = body || Buffer.alloc(0);
  const lens = Buffer.alloc(8);
  lens.writeUInt32BE(h.length, 0);
  lens.writeUInt32BE(b.length, 4);
  const out = Buffer.concat([lens.subarray(0, 4), h, lens.subarray(4, 8), b]);
  let off = 0;
  while (off < out.length) {
    try { off += fs.writeSync(4, out, off); } catch (e) { if (e.code !== 'EAGAIN') throw e; }
  }
}

function current() {
  const inv = als.getStore();
  if (inv) return inv;
  let last = null;
  for (const v of active.values()) last = v;
  return last;
}
function write(text) {
  const inv = current();
  if (!inv) return;
  if (inv.size >= LOG_CAP) { inv.truncated = true; return; }
  inv.parts.push(text); inv.size += text.length;
}
function logLine(level, args) {
  const inv = current();
  const rid = inv ? inv.rid : '';
  write(`${new Date().toISOString()} ${rid} [${level}] ${util.format(...args)}\n`);
}
console.log = (...a) => logLine('INFO', a);
console.info = (...a) => logLine('INFO', a);
console.debug = (...a) => logLine('DEBUG', a);
console.warn = (...a) => logLine('WARN', a);
console.error = (...a) => logLine('ERROR', a);
process.stdout.write = (chunk) => { write(String(chunk)); return true; };
process.stderr.write = (chunk) => { write(String(chunk)); return true; };

const handlers = new Map();
class FCError extends Error {
  constructor(type, message) { super(message); this.fcType = type; }
}
function load(name) {
  if (handlers.has(name)) return handlers.get(name);
  const dot = name.lastIndexOf('.');
  if (dot < 0) throw new FCError('InvalidHandleName', `Invalid handler '${name}'`);
  const mod = name.slice(0, dot);
  const fn = name.slice(dot + 1);
  let m;
  try {
    m = require(path.join(init.code_dir || process.cwd(), mod));
  } catch (e) {
    if (e instanceof SyntaxError) throw new FCError('UserCodeSyntaxError', `Syntax error in module '${mod}'`);
    if (e.code === 'MODULE_NOT_FOUND') throw new FCError('ImportModuleError', `Unable to import module '${mod}'`);
    throw new FCError('UserCodeError', `Module initialization error: '${e}'`);
  }
  if (typeof m[fn] !== 'function') throw new FCError('HandlerNotFound', `Handler '${fn}' is missing on module '${mod}'`);
  handlers.set(name, m[fn]);
  return m[fn];
}

function makeContext(meta) {
  const c = meta.credentials || {};
  return {
    requestId: meta.request_id,
    credentials: { accessKeyId: c.AccessKeyId || '', accessKeySecret: c.AccessKeySecret || '', securityToken: c.SecurityToken || '' },
    function: { name: meta.function_name, handler: meta.handler, memory: meta.memory, timeout: meta.timeout, initializer: meta.initializer },
    service: { name: meta.service_name, logProject: meta.log_project, logStore: meta.log_store, qualifier: meta.qualifier, versionId: meta.version_id },
    region: meta.region, accountId: meta.account_id, retryCount: meta.retry_count || 0,
    logger: { info: (...a) => logLine('INFO', a), log: (...a) => logLine('INFO', a), debug: (...a) => logLine('DEBUG', a), warn: (...a) => logLine('WARN', a), error: (...a) => logLine('ERROR', a) },
  };
}
function toBuffer(v) {
  if (v === undefined || v === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') return Buffer.from(v);
  return Buffer.from(JSON.stringify(v));
}
function errJson(e) {
  const stack = (e && e.stack ? String(e.stack).split('\n').slice(1).map((s) => s.trim()) : []);
  return { errorMessage: e && e.message !== undefined ? String(e.message) : String(e),
           errorType: (e && (e.fcType || e.name)) || 'Error', stackTrace: stack };
}

function serve(head, body) {
  const rid = head.request_id;
  const kind = head.kind || 'invoke';
  const label = kind === 'initialize' ? 'Initialize' : 'Invoke';
  const inv = { rid, parts: [], size: 0, truncated: false };
  active.set(rid, inv);
  let finished = false;
  const finish = (ok, payload, error, errType, extra) => {
    if (finished) return;
    finished = true;
    active.delete(rid);
    if (!ok) inv.parts.push(`${error.errorType}: ${error.errorMessage}\n`);
    inv.parts.push(`FC ${label} End RequestId: ${rid}${ok ? '' : ', Error: Unhandled function error'}\n`);
    let logs = inv.parts.join('');
    if (inv.truncated) logs += '\n[log truncated: more than 1 MB in this invocation]\n';
    const reply = Object.assign({ op: 'result', request_id: rid, ok, logs,
      maxrss_kb: process.resourceUsage().maxRSS }, extra || {});
    if (!ok) { reply.error = error; reply.error_type = errType; payload = Buffer.from(JSON.stringify(error)); }
    send(reply, payload);
  };
  als.run(inv, () => {
    inv.parts.push(`FC ${label} Start RequestId: ${rid}\n`);
    const meta = Object.assign({}, init.meta || {}, head.meta || {}, { request_id: rid });
    const ctx = makeContext(meta);
    try {
      const fn = load(head.handler);
      if (kind === 'initialize') {
        const cb = (err) => err ? finish(false, null, errJson(err), 'HandledInvocationError') : finish(true, Buffer.alloc(0));
        const r = fn(ctx, cb);
        if (r && typeof r.then === 'function') r.then(() => finish(true, Buffer.alloc(0)), (e) => finish(false, null, errJson(e), 'UnhandledInvocationError'));
        return;
      }
      if (head.http) {
        const h = head.http;
        const req = Readable.from([body]);
        const headers = {};
        for (const [k, v] of h.headers || []) headers[k.toLowerCase()] = headers[k.toLowerCase()] ? `${headers[k.toLowerCase()]},${v}` : v;
        const uri = h.request_uri || '';
        const qs = uri.includes('?') ? uri.split('?')[1] : (typeof h.query === 'string' ? h.query : '');
        Object.assign(req, { headers, path: h.path || '/', method: (h.method || 'GET').toUpperCase(), clientIP: h.client_ip || '',
          url: uri, queries: Object.fromEntries(new URLSearchParams(qs)) });
        const state = { status: 200, headers: [] };
        const resp = {
          setStatusCode: (c) => { state.status = c; },
          setHeader: (k, v) => { state.headers.push([String(k), String(v)]); },
          deleteHeader: (k) => { state.headers = state.headers.filter(([n]) => n.toLowerCase() !== String(k).toLowerCase()); },
          send: (b) => finish(true, toBuffer(b), null, null, { http_status: state.status, http_headers: state.headers }),
        };
        const r = fn(req, resp, ctx);
        if (r && typeof r.then === 'function') r.catch((e) => finish(false, null, errJson(e), 'UnhandledInvocationError'));
        return;
      }
      const cb = (err, data) => err ? finish(false, null, errJson(err), 'HandledInvocationError') : finish(true, toBuffer(data));
      const r = fn(body, ctx, cb);
      if (r && typeof r.then === 'function') r.then((v) => finish(true, toBuffer(v)), (e) => finish(false, null, errJson(e), 'UnhandledInvocationError'));
    } catch (e) {
      finish(false, null, errJson(e), 'UnhandledInvocationError');
    }
  });
}

process.on('uncaughtException', (e) => {
  for (const inv of active.values()) inv.parts.push(`Uncaught ${e && e.stack}\n`);
});
process.on('SIGTERM', () => {
  const logs = {};
  for (const [rid, inv] of active) logs[rid] = inv.parts.join('') + 'Dumping stack trace after function timeout\n';
  try { send({ op: 'dump', logs }); } catch (e) { /* parent gone */ }
  process.exit(143);
});

let buf = Buffer.alloc(0);
const input = fs.createReadStream(null, { fd: 3, highWaterMark: 1 << 20 });
input.on('data', (chunk) => {
  buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
  for (;;) {
    if (buf.length < 4) return;
    const hl = buf.readUInt32BE(0);
    if (buf.length < 8 + hl) return;
    const bl = buf.readUInt32BE(4 + hl);
    if (buf.length < 8 + hl + bl) return;
    const head = JSON.parse(buf.subarray(4, 4 + hl).toString());
    const body = Buffer.from(buf.subarray(8 + hl, 8 + hl + bl));
    buf = buf.subarray(8 + hl + bl);
    if (head.op === 'invoke') serve(head, body);
    else if (head.op === 'exit') process.exit(0);
  }
});
input.on('end', () => process.exit(0));
send({ op: 'ready', pid: process.pid });
