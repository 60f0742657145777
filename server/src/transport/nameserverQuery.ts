// One DNS question sent straight to the nameserver Go's own resolver would ask, to tell apart what the C
// library folds into one "try again" (EAI_AGAIN): a SERVFAIL answer, or no server at all (refused), which Go
// words differently. Only after a lookup already failed; never used to resolve names.
import dgram = require('node:dgram');
import net = require('node:net');
import type { NameserverAnswer } from './goResolverConf';


/** An A question for `host` with recursion desired. */
function question(host: string, id: number): Buffer {
  const labels = host.replace(/\.$/, '').split('.').filter((l) => l !== '');
  const name = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([Buffer.byteLength(l)]), Buffer.from(l)])), Buffer.from([0])]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4); // one question
  return Buffer.concat([header, name, Buffer.from([0, 1, 0, 1])]); // type A, class IN
}

/** Ask `server` ("ip:53" or "[ip6]:53") about `host` once, waiting at most `timeoutMs`. */
export function askNameserver(server: string, host: string, timeoutMs: number): Promise<NameserverAnswer> {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(server);
  if (!m || !net.isIP(m[1].replace(/%.*$/, ''))) return Promise.resolve({ silent: true });
  const [ip, port] = [m[1], Number(m[2])];
  const id = Math.floor(Math.random() * 0x10000);
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(ip.replace(/%.*$/, '')) ? 'udp6' : 'udp4');
    let local = '';
    const done = (a: NameserverAnswer) => {
      clearTimeout(timer);
      socket.close();
      resolve(a);
    };
    const timer = setTimeout(() => done({ silent: true }), timeoutMs);
    timer.unref?.();
    socket.on('message', (msg) => {
      if (msg.length >= 12 && msg.readUInt16BE(0) === id) done({ rcode: msg[3] & 0x0f });
    });
    socket.on('error', (err: NodeJS.ErrnoException) => done(err.code === 'ECONNREFUSED' && local ? { refused: local } : { silent: true }));
    socket.connect(port, ip, () => {
      const a = socket.address();
      local = a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
      socket.send(question(host, id));
    });
  });
}
