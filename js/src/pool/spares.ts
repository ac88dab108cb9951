// Spare buffers kept between a pool's calls, largest first: fresh memory costs page faults,
// and a pool fed longer and longer signals must keep its largest buffers, not its first.

/** Adds `item` to `spares` (kept largest first by `largerFirst`), keeping at most `max`. */
export function keepLargest<T>(spares: T[], item: T, largerFirst: (a: T, b: T) => number, max: number): void {
  spares.push(item);
  spares.sort(largerFirst);
  spares.length = Math.min(spares.length, max);
}

/** Takes the smallest spare for which `fits` holds out of `spares` (largest first), or undefined. */
export function takeSmallestFitting<T>(spares: T[], fits: (spare: T) => boolean): T | undefined {
  for (let i = spares.length - 1; i >= 0; i--) {
    if (fits(spares[i] as T)) return spares.splice(i, 1)[0];
  }
  return undefined;
}
