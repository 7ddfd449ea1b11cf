/**
 * A stream that replaces every occurrence of given secrets with `<concealed>`, for `keyward exec
 * --mask`. Output passes through as it comes, except bytes at the end of a chunk that could be the
 * start of a secret: those wait for the next chunk (or the end), so a secret split across chunks
 * is still caught.
 */
import { Transform, type TransformCallback } from 'node:stream'

export const CONCEALED = '<concealed>'

export class SecretMask extends Transform {
  private readonly secrets: readonly Buffer[]
  private readonly replacement: Buffer
  private pending: Buffer = Buffer.alloc(0)

  constructor(secrets: readonly string[], replacement = CONCEALED) {
    super()
    // Longest first, so a secret that starts with another is replaced whole.
    this.secrets = [...new Set(secrets)].filter((s) => s.length > 0).map((s) => Buffer.from(s)).sort((a, b) => b.length - a.length)
    this.replacement = Buffer.from(replacement)
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const { out, keep } = this.scan(this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk, false)
    this.pending = keep
    callback(null, out.length ? out : undefined)
  }

  override _flush(callback: TransformCallback): void {
    const { out } = this.scan(this.pending, true)
    this.pending = Buffer.alloc(0)
    callback(null, out.length ? out : undefined)
  }

  private longerMayFollow(buf: Buffer, at: number, found: Buffer): boolean {
    const rest = buf.subarray(at)
    return this.secrets.some((s) => s.length > found.length && s.length > rest.length && s.subarray(0, rest.length).equals(rest))
  }

  /** Replaces whole secrets; unless final, keeps back a tail that is the start of a secret. */
  private scan(buf: Buffer, final: boolean): { out: Buffer; keep: Buffer } {
    const parts: Buffer[] = []
    let from = 0
    for (;;) {
      let at = -1
      let found: Buffer | null = null
      for (const s of this.secrets) {
        const i = buf.indexOf(s, from)
        if (i >= 0 && (at < 0 || i < at)) {
          at = i
          found = s
        }
      }
      if (!found) break
      if (!final && this.longerMayFollow(buf, at, found)) {
        // A longer secret may start here and end in the next chunk: decide when it comes.
        parts.push(buf.subarray(from, at))
        return { out: Buffer.concat(parts), keep: Buffer.from(buf.subarray(at)) }
      }
      parts.push(buf.subarray(from, at), this.replacement)
      from = at + found.length
    }
    let hold = 0
    if (!final) {
      const rest = buf.length - from
      for (const s of this.secrets) {
        for (let k = Math.min(s.length - 1, rest); k > hold; k--) {
          if (buf.subarray(buf.length - k).equals(s.subarray(0, k))) {
            hold = k
            break
          }
        }
      }
    }
    parts.push(buf.subarray(from, buf.length - hold))
    return { out: Buffer.concat(parts), keep: Buffer.from(buf.subarray(buf.length - hold)) }
  }
}
