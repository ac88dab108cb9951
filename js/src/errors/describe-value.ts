// How error messages name the value they got: `got "2048"`, `got an Int16Array`.

/** 'a Float32Array', 'an Int16Array', 'an object'. */
function article(noun: string): string {
  return `${/^[AEIOUaeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return article(value.constructor.name);
  if (typeof value === 'object') return article(value.constructor?.name ?? 'object');
  return String(value);
}
