/**
 * The outbound proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read by config.ts): a bank's servers usually
 * reach Teams and Microsoft only through one. Installed once per process (`npm start`), it covers every
 * outbound call the bot makes:
 *
 * - through node:http(s)'s global agents: the connector requests (src/bot/httpClient.ts), the sign-in
 *   token (MSAL) and the sign-in metadata used to check inbound tokens (both inside the Bot Framework SDK);
 * - through `fetch`'s global dispatcher (Node's built-in undici, reached by the symbol undici itself uses
 *   for `setGlobalDispatcher`): attachment downloads and file uploads to the user's OneDrive.
 *
 * Every proxied request goes through a CONNECT tunnel (https-proxy-agent for node:http, the same CONNECT
 * for fetch), http:// targets included; a host in NO_PROXY is reached directly. NO_PROXY follows curl:
 * `*` (everything), a host name (and its subdomains; a leading dot means the same), an IP address, each
 * optionally with `:port`.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { Agent, type AgentConnectOpts } from 'agent-base';
import { HttpsProxyAgent } from 'https-proxy-agent';

export interface ProxySettings {
  /** For https:// URLs. */
  https?: string;
  /** For http:// URLs. */
  http?: string;
  /** Hosts reached directly (lower case). */
  noProxy: readonly string[];
}

/** The proxy for `url`, or undefined when it is reached directly. */
export function proxyFor(url: string | URL, settings: ProxySettings): string | undefined {
  const target = typeof url === 'string' ? new URL(url) : url;
  const proxy =
    target.protocol === 'https:' ? settings.https : target.protocol === 'http:' ? settings.http : undefined;
  if (!proxy) return undefined;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return bypassed(target.hostname, port, settings.noProxy) ? undefined : proxy;
}

function bypassed(hostname: string, port: string, noProxy: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy.some((entry) => {
    if (entry === '*') return true;
    const [name, entryPort] = hostAndPort(entry);
    if (entryPort && entryPort !== port) return false;
    const domain = name.replace(/^\*?\./, '');
    return host === domain || host.endsWith(`.${domain}`);
  });
}

/** A NO_PROXY entry's host and port: `host`, `host:port`, `[v6]:port`, or a bare IPv6 address (no port). */
function hostAndPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1], bracketed[2]];
  const parts = entry.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [entry, undefined];
}

/** node:http(s) requests: through the proxy's tunnel, or directly (the agent they would have used). */
class ProxyRouter extends Agent {
  private readonly tunnels = new Map<string, HttpsProxyAgent<string>>();

  constructor(
    private readonly settings: ProxySettings,
    private readonly direct: http.Agent,
  ) {
    super({ keepAlive: true });
  }

  connect(_req: http.ClientRequest, options: AgentConnectOpts): http.Agent {
    const scheme = options.secureEndpoint ? 'https' : 'http';
    const proxy = proxyFor(
      `${scheme}://${hostForUrl(options.host ?? 'localhost')}:${options.port}`,
      this.settings,
    );
    if (!proxy) return this.direct;
    let tunnel = this.tunnels.get(proxy);
    if (!tunnel) {
      tunnel = new HttpsProxyAgent(proxy, { keepAlive: true });
      this.tunnels.set(proxy, tunnel);
    }
    return tunnel;
  }
}

function hostForUrl(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

/** What undici passes a custom connector. */
interface ConnectOptions {
  hostname: string;
  host?: string;
  protocol: string;
  port: string | number;
  servername?: string;
}
type ConnectCallback = (err: Error | null, socket: Duplex | null) => void;

const UNDICI_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/** A socket to `target` through a CONNECT tunnel of `proxy` (TLS on top for https targets). */
function tunnel(proxy: string, target: ConnectOptions, callback: ConnectCallback): void {
  const proxyUrl = new URL(proxy);
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const authority = `${hostForUrl(target.hostname)}:${port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxyUrl.username || proxyUrl.password) {
    const credentials = `${decodeURIComponent(proxyUrl.username)}:${decodeURIComponent(proxyUrl.password)}`;
    headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  const request = (proxyUrl.protocol === 'https:' ? https : http).request({
    host: proxyUrl.hostname,
    port: proxyUrl.port || (proxyUrl.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: authority,
    headers,
    // A plain agent of its own: `agent: false` would build one like the global agent, the router itself.
    agent: new (proxyUrl.protocol === 'https:' ? https.Agent : http.Agent)(),
  });
  request.once('connect', (res, socket) => {
    if (res.statusCode !== 200) {
      socket.destroy();
      callback(new Error(`the proxy refused CONNECT ${authority}: ${res.statusCode}`), null);
      return;
    }
    if (target.protocol !== 'https:') return callback(null, socket);
    const secure = tls.connect({
      socket,
      servername: target.servername ?? (net.isIP(target.hostname) ? undefined : target.hostname),
      ALPNProtocols: ['http/1.1'],
    });
    secure.once('secureConnect', () => callback(null, secure));
    secure.once('error', (err) => callback(err, null));
  });
  request.once('error', (err) => callback(err, null));
  request.end();
}

/** A direct socket, as undici would open it. */
function directly(target: ConnectOptions, callback: ConnectCallback): void {
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
  const socket =
    target.protocol === 'https:'
      ? tls.connect({
          host: target.hostname,
          port,
          servername: target.servername ?? (net.isIP(target.hostname) ? undefined : target.hostname),
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host: target.hostname, port });
  socket.once(target.protocol === 'https:' ? 'secureConnect' : 'connect', () => callback(null, socket));
  socket.once('error', (err) => callback(err, null));
}

/**
 * Routes the process's outbound requests through the proxy the settings name (nothing without one).
 * Returns a function that puts everything back.
 */
export async function installProxy(settings: ProxySettings): Promise<() => void> {
  if (!settings.https && !settings.http) return () => undefined;
  const previous = { http: http.globalAgent, https: https.globalAgent };
  http.globalAgent = new ProxyRouter(settings, previous.http);
  https.globalAgent = new ProxyRouter(settings, previous.https);

  // fetch: Node loads its undici (and its global dispatcher, an undici Agent) on the first call.
  await fetch('data:,').catch(() => undefined);
  const global = globalThis as unknown as Record<symbol, unknown>;
  const dispatcher = global[UNDICI_DISPATCHER] as
    { constructor: new (options: object) => unknown } | undefined;
  if (dispatcher) {
    global[UNDICI_DISPATCHER] = new dispatcher.constructor({
      connect: (target: ConnectOptions, callback: ConnectCallback) => {
        const proxy = proxyFor(`${target.protocol}//${hostForUrl(target.hostname)}:${target.port}`, settings);
        if (proxy) tunnel(proxy, target, callback);
        else directly(target, callback);
      },
    });
  }
  return () => {
    http.globalAgent = previous.http;
    https.globalAgent = previous.https;
    if (dispatcher) global[UNDICI_DISPATCHER] = dispatcher;
  };
}
