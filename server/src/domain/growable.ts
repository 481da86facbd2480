/*
 * A typed array that grows as values are pushed: numbers for a million entries cost their bytes
 * (1 to 8 each) instead of a JS array slot apiece, while a layer is gathered and stacked.
 */

type Typed = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;

export class Growable<T extends Typed> {
  length = 0;
  #data: T;

  constructor(
    readonly make: (size: number) => T,
    initial = 1024,
  ) {
    this.#data = make(initial);
  }

  push(value: number): number {
    if (this.length === this.#data.length) {
      const grown = this.make(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.length] = value;
    return this.length++;
  }

  get(index: number): number {
    return this.#data[index] as number;
  }

  set(index: number, value: number): void {
    this.#data[index] = value;
  }

  /** The values pushed so far (a view: it changes with them until the next growth). */
  view(): T {
    return this.#data.subarray(0, this.length) as T;
  }
}

export const float64s = () => new Growable((n) => new Float64Array(n));
export const int32s = () => new Growable((n) => new Int32Array(n));
export const uint32s = () => new Growable((n) => new Uint32Array(n));
export const uint16s = () => new Growable((n) => new Uint16Array(n));
export const uint8s = () => new Growable((n) => new Uint8Array(n));
