/**
 * A load balancer for the two-instance tests, as Azure Bot Service and a load balancer in front of the
 * bot would be: every request (activities, upload pages and uploads) goes to one of the instances, in
 * turn, or to the one the test names next. It forwards bytes as they come (bodies streamed both ways).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export class Balancer {
  /** Instances' base URLs (http://127.0.0.1:port). */
  targets: string[] = [];
  /** Which instance each request went to, in order (index into `targets`). */
  readonly served: number[] = [];
  private readonly queue: number[] = [];
  private turn = 0;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Balancer> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const balancer = new Balancer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => balancer.forward(req, res));
    return balancer;
  }

  /** The next requests go to these instances, in this order; then round robin again. */
  next(...targets: number[]): void {
    this.queue.push(...targets);
  }

  private pick(): number {
    const queued = this.queue.shift();
    if (queued !== undefined) return queued;
    this.turn = (this.turn + 1) % this.targets.length;
    return this.turn;
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const index = this.pick();
    this.served.push(index);
    const target = new URL(req.url ?? '/', this.targets[index]);
    const upstream = http.request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // An instance that is down answers 502, as a load balancer would, until the test routes elsewhere.
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
