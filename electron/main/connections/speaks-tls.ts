// Does something answer TLS at host:port? Asked when an http:// endpoint got its connection reset (Node's HTTPS
// servers close on a plain-HTTP request) or a non-S3 400 (Go's, nginx's "plain HTTP request sent to HTTPS
// port"), so "Test connection" can say "use https://" instead of "cannot reach the server". Only the handshake
// is made; the certificate is not checked (the point is the protocol, not trust) and nothing is sent after it.
import { connect } from 'node:tls';

export function speaksTls(host: string, port: number, timeoutMs = 3_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, rejectUnauthorized: false, ...(isIp(host) ? {} : { servername: host }) });
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('secureConnect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
