// Test helper: transports that trust the test roots and find the given names on 127.0.0.1, and whatever a suite
// keeps (servers, proxies); close() stops the transports first, then the rest, so no connection outlives its server.
import { createTransport, GoTransport, TransportOptions } from '../../server/src/transport/http';
import { loadTrustStore, TrustStore } from '../../server/src/transport/trustStore';
import { testCertificates } from './certs';
import { loopbackResolver } from './faultServers';

export class TransportFixture {
  /** The test CA's roots and nothing else. */
  readonly trusted: TrustStore = loadTrustStore({ env: { SSL_CERT_FILE: testCertificates().rootBundlePath }, defaultDirectories: [] });
  private readonly transports: GoTransport[] = [];
  private readonly kept: { close(): Promise<void> }[] = [];

  constructor(private readonly names: string[]) {}

  /** A transport closed with the fixture; `o` overrides the roots and the resolver too. */
  transport(o: TransportOptions = {}): GoTransport {
    const t = createTransport({ trustStore: this.trusted, resolve: loopbackResolver(this.names), ...o });
    this.transports.push(t);
    return t;
  }

  keep<T extends { close(): Promise<void> }>(s: T): T {
    this.kept.push(s);
    return s;
  }

  async close(): Promise<void> {
    await Promise.all(this.transports.map((t) => t.close()));
    await Promise.all(this.kept.map((s) => s.close()));
  }
}
