/**
 * The base protocol's framing, made robust. vscode-jsonrpc's reader stops for good at a frame whose
 * headers lack a usable Content-Length (it cannot know where the body ends, so every later frame is read
 * as garbage, and nothing is logged). This filter sits in front of it: well-formed frames pass through
 * unchanged; a bad header block is reported through `log` and skipped, and the stream resynchronises at
 * the next `Content-Length:` header, so the server keeps serving the frames that follow.
 */
import { Transform, type TransformCallback } from 'node:stream';

const HEADER_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /^content-length$/i;
/** A header block longer than this is not a header block. */
const MAX_HEADER_BYTES = 8 * 1024;
/** Bodies above this are refused (an editor never sends a 256 MiB message; a hostile peer might). */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

export class FrameFilter extends Transform {
  private buffer: Buffer = Buffer.alloc(0);
  /** After a bad header: bytes are dropped until the next `Content-Length:`. */
  private resyncing = false;
  private bodyLength = -1;
  private headerLength = 0;

  constructor(private readonly log: (message: string) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    this.drain();
    done();
  }

  private drain(): void {
    for (;;) {
      if (this.resyncing && !this.resync()) return;
      if (this.bodyLength < 0) {
        const end = this.buffer.indexOf(HEADER_END);
        if (end < 0) {
          if (this.buffer.length > MAX_HEADER_BYTES) this.bad(`a header block longer than ${MAX_HEADER_BYTES} bytes`, this.buffer.length);
          else return;
          continue;
        }
        const length = contentLength(this.buffer.subarray(0, end).toString('ascii'));
        if (typeof length === 'string') {
          this.bad(length, end + HEADER_END.length);
          continue;
        }
        this.headerLength = end + HEADER_END.length;
        this.bodyLength = length;
      }
      const total = this.headerLength + this.bodyLength;
      if (this.buffer.length < total) return;
      this.push(this.buffer.subarray(0, total));
      this.buffer = this.buffer.subarray(total);
      this.bodyLength = -1;
    }
  }

  /** Reports a bad frame, drops its first `consumed` bytes and looks for the next frame. */
  private bad(problem: string, consumed: number): void {
    this.log(`skipped a malformed message (${problem}); waiting for the next Content-Length header`);
    this.buffer = this.buffer.subarray(consumed);
    this.resyncing = true;
  }

  /** Drops bytes up to the next `Content-Length:` header; false when it is not in the buffer yet. */
  private resync(): boolean {
    const text = this.buffer.toString('latin1');
    const at = text.search(/content-length:/i);
    if (at < 0) {
      // Keep a tail that may be the start of the header, split across chunks.
      this.buffer = this.buffer.subarray(Math.max(0, this.buffer.length - 'content-length:'.length));
      return false;
    }
    this.buffer = this.buffer.subarray(at);
    this.resyncing = false;
    return true;
  }
}

/** The body length a header block announces, or what is wrong with it. */
export function contentLength(headers: string): number | string {
  let length: number | string = 'no Content-Length header';
  for (const line of headers.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return `a header line without a name: ${JSON.stringify(line.slice(0, 80))}`;
    if (!CONTENT_LENGTH.test(line.slice(0, colon).trim())) continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,10}$/.test(value)) return `Content-Length is not a number: ${JSON.stringify(value.slice(0, 80))}`;
    const n = Number(value);
    if (n > MAX_BODY_BYTES) return `Content-Length ${n} is larger than ${MAX_BODY_BYTES}`;
    length = n;
  }
  return length;
}
