/** A body as it arrived: its chunks in order, joined into one buffer only for who needs one. */
export class BodyBytes {
  private joined: Buffer | null = null;

  constructor(
    readonly chunks: readonly Buffer[],
    readonly length: number,
  ) {}

  static of(buffer: Buffer): BodyBytes {
    return new BodyBytes([buffer], buffer.length);
  }

  /** One buffer of the whole body (a reader of the chunks saves this copy). */
  buffer(): Buffer {
    this.joined ??=
      this.chunks.length === 1 && this.chunks[0] !== undefined
        ? this.chunks[0]
        : Buffer.concat(this.chunks, this.length);
    return this.joined;
  }
}
