import { describe, expect, it } from "vitest";
import { ByteTail } from "../../../src/core/agent/byte-tail.js";

const push = (tail: ByteTail, ...chunks: string[]) => {
  for (const chunk of chunks) tail.push(Buffer.from(chunk, "utf8"));
  return tail;
};

describe("ByteTail: the last bytes of a stream", () => {
  it("keeps everything below the limit", () => {
    expect(push(new ByteTail(100), "hello ", "world").text()).toBe("hello world");
  });

  it("keeps exactly the last `limit` bytes across chunks", () => {
    expect(push(new ByteTail(8), "aaaa", "bbbb", "cccc", "dd").text()).toBe("bbccccdd");
  });

  it("drops whole chunks that lie before the tail, so it holds little more than the limit", () => {
    const tail = new ByteTail(1024);
    for (let i = 0; i < 10_000; i++) tail.push(Buffer.alloc(512, 97));
    expect(tail.text()).toHaveLength(1024);
    expect((tail as unknown as { chunks: Buffer[] }).chunks.length).toBeLessThanOrEqual(3);
  });

  it("starts at a whole character when the cut falls inside one", () => {
    // "é" is two bytes and "€" three: a 4-byte tail of "aé€" starts inside the "é".
    expect(push(new ByteTail(4), "aé€").text()).toBe("€");
  });

  it("a character split across two chunks comes back whole", () => {
    const euro = Buffer.from("€", "utf8");
    const tail = new ByteTail(100);
    tail.push(Buffer.concat([Buffer.from("x"), euro.subarray(0, 1)]));
    tail.push(euro.subarray(1));
    expect(tail.text()).toBe("x€");
  });

  it("is empty for no output", () => {
    expect(new ByteTail(10).text()).toBe("");
  });
});
