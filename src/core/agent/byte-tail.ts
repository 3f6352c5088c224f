/** The last `limit` bytes of a stream, kept as the chunks that hold them. */
export class ByteTail {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    while (this.chunks.length > 1 && this.bytes - this.chunks[0]!.length >= this.limit) {
      this.bytes -= this.chunks.shift()!.length;
    }
  }

  /** The tail as text, starting at a whole character. */
  text(): string {
    const all = Buffer.concat(this.chunks);
    let start = Math.max(0, all.length - this.limit);
    // UTF-8 continuation bytes (10xxxxxx) cannot start a character.
    while (start < all.length && (all[start]! & 0xc0) === 0x80) start++;
    return all.subarray(start).toString("utf8");
  }
}
