// A binding (a C++ object in the WASM heap) owned by one JS object (a MelSpectrogram,
// a stream): freed by dispose(), or by a FinalizationRegistry if its owner is
// garbage-collected first.
import { disposedError } from '../errors/make-errors.js';

interface Deletable {
  delete(): void;
}

const leakGuard =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Deletable>((binding) => binding.delete())
    : undefined;

export class OwnedBinding<B extends Deletable> {
  #binding: B | undefined;
  readonly #owner: object;
  readonly #what: string;

  /** `what` names the owner in the error after disposal ("MelSpectrogram"). */
  constructor(owner: object, binding: B, what: string) {
    this.#binding = binding;
    this.#owner = owner;
    this.#what = what;
    leakGuard?.register(owner, binding, owner);
  }

  get disposed(): boolean {
    return this.#binding === undefined;
  }

  /** The binding, or a TypeError (ERR_MELSPEC_DISPOSED) once disposed. */
  get(): B {
    if (!this.#binding) throw disposedError(this.#what);
    return this.#binding;
  }

  /** Frees the binding; a second call does nothing. */
  dispose(): void {
    if (!this.#binding) return;
    leakGuard?.unregister(this.#owner);
    this.#binding.delete();
    this.#binding = undefined;
  }
}
