// A C++ object in the WASM heap owned by one JS object (a MelSpectrogram, a stream):
// freed by dispose(), or by a FinalizationRegistry if its owner is garbage-collected first.
interface Deletable {
  delete(): void;
}

const leakGuard =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Deletable>((engine) => engine.delete())
    : undefined;

export class OwnedEngine<E extends Deletable> {
  #engine: E | undefined;
  readonly #owner: object;
  readonly #what: string;

  /** `what` names the owner in the error after disposal ("MelSpectrogram"). */
  constructor(owner: object, engine: E, what: string) {
    this.#engine = engine;
    this.#owner = owner;
    this.#what = what;
    leakGuard?.register(owner, engine, owner);
  }

  get disposed(): boolean {
    return this.#engine === undefined;
  }

  /** The engine, or a TypeError once disposed. */
  get(): E {
    if (!this.#engine) throw new TypeError(`this ${this.#what} has been disposed`);
    return this.#engine;
  }

  /** Frees the engine; a second call does nothing. */
  dispose(): void {
    if (!this.#engine) return;
    leakGuard?.unregister(this.#owner);
    this.#engine.delete();
    this.#engine = undefined;
  }
}
