import { StringDecoder } from "node:string_decoder";

const MAX_LINE = 8 * 1024;

/**
 * Turns a byte stream into lines with bounded memory: a line longer than 8 KiB is passed on in
 * pieces (cut between characters, never inside one), so an agent that prints megabytes without
 * a newline costs nothing extra.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer): void {
    this.pending += this.decoder.write(chunk);
    let newline = this.pending.indexOf("\n");
    while (newline !== -1) {
      this.emitLine(this.pending.slice(0, newline));
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf("\n");
    }
    while (this.pending.length > MAX_LINE) {
      const cut = safeCut(this.pending, MAX_LINE);
      this.onLine(this.pending.slice(0, cut));
      this.pending = this.pending.slice(cut);
    }
  }

  end(): void {
    this.pending += this.decoder.end();
    if (this.pending) this.emitLine(this.pending);
    this.pending = "";
  }

  private emitLine(line: string): void {
    let rest = line.endsWith("\r") ? line.slice(0, -1) : line;
    while (rest.length > MAX_LINE) {
      const cut = safeCut(rest, MAX_LINE);
      this.onLine(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    this.onLine(rest);
  }
}

/** A cut at or before `at` that does not split a surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
