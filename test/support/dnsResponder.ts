// A DNS server for one private network namespace (privateDns.sh): on <address>:53 (UDP and TCP) it answers every
// query with one response code (3 NXDOMAIN, 2 SERVFAIL), echoing the question. It writes "ready" to <readyFile>
// once listening, and exits by itself after <lifetimeMs>.
// Usage: node --import tsx dnsResponder.ts <address> <rcode> <readyFile> <lifetimeMs>
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';

const [address, rcodeArg, readyFile, lifetimeArg] = process.argv.slice(2);
const rcode = Number(rcodeArg);
const lifetimeMs = Number(lifetimeArg) || 30_000;

/** The answer to `query`: same id and question, QR and RA set, RD kept, no records, the chosen code. */
function answer(query: Buffer, code: number): Buffer | undefined {
  if (query.length < 12) return undefined;
  const out = Buffer.from(query);
  out[2] = 0x80 | (query[2] & 0x79); // QR, opcode and RD kept; AA and TC clear
  out[3] = 0x80 | (code & 0x0f); // RA, rcode
  out.writeUInt16BE(0, 6); // no answers,
  out.writeUInt16BE(0, 8); // no authority,
  out.writeUInt16BE(0, 10); // no additional records (a query's EDNS OPT is dropped with them)
  return out.subarray(0, questionEnd(query));
}

/** Where the question section ends (header + QNAME + QTYPE + QCLASS). */
function questionEnd(query: Buffer): number {
  let i = 12;
  while (i < query.length && query[i] !== 0) i += query[i] + 1;
  return Math.min(query.length, i + 5);
}

const udp = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
udp.on('message', (msg, peer) => {
  const out = answer(msg, rcode);
  if (out) udp.send(out, peer.port, peer.address);
});
const tcp = net.createServer((socket) => {
  socket.on('error', () => undefined);
  socket.once('data', (d) => {
    const out = answer(d.subarray(2), rcode);
    if (!out) return socket.destroy();
    const len = Buffer.alloc(2);
    len.writeUInt16BE(out.length);
    socket.end(Buffer.concat([len, out]));
  });
});
udp.bind(53, address, () => tcp.listen(53, address, () => fs.writeFileSync(readyFile, 'ready\n')));
setTimeout(() => process.exit(0), lifetimeMs);
