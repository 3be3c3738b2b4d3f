/** Byte accounting for entry streams: counts the bytes that actually flow, whatever the headers said, and
 * fails the stream with a BundleError when there are more (a lying header or a bomb) or fewer (damage). */
import { Transform, type TransformCallback } from 'node:stream';
import { BundleError } from './errors';

export interface ByteLimit {
  /** Bytes the directory promised. */
  expected: number;
  /** Display path for messages. */
  path: string;
  /** Optional hook run at the end (e.g. wait for a child process); an error fails the stream. */
  finish?: () => Promise<void>;
}

export class ByteCounter extends Transform {
  bytes = 0;
  private readonly limit: ByteLimit;

  constructor(limit: ByteLimit) {
    super();
    this.limit = limit;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit.expected) {
      cb(new BundleError('bomb', { path: this.limit.path, limit: this.limit.expected, actual: this.bytes }));
      return;
    }
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    const done = (): void => {
      if (this.bytes < this.limit.expected) {
        cb(
          new BundleError('truncated', {
            path: this.limit.path,
            detail: `${this.bytes} of ${this.limit.expected} bytes`,
          }),
        );
      } else cb();
    };
    if (this.limit.finish) this.limit.finish().then(done, (err: unknown) => cb(err as Error));
    else done();
  }
}
