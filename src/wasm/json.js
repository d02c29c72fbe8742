// What the walk of a JS value (src/wasm/json.rs) needs from JavaScript: a value's kind, an object's
// members, an array's elements, each in one call that catches whatever a getter or a Proxy trap
// throws. As wasm bindings, telling a string from a number from a plain object took up to ten
// calls per value.

/**
 * The kind of `value`: 0 null or undefined, 1 a string, 2 a number, 3 false, 4 true, 5 an array,
 * 6 a plain object (an object literal or `Object.create(null)`), 7 anything else (a function, a
 * symbol, a bigint, a class instance, or a Proxy whose traps throw).
 */
export const kind = (value) => {
  if (value === null || value === undefined) return 0;
  switch (typeof value) {
    case 'string':
      return 1;
    case 'number':
      return 2;
    case 'boolean':
      return value ? 4 : 3;
    case 'object':
      try {
        if (Array.isArray(value)) return 5;
        const proto = Object.getPrototypeOf(value);
        return proto === null || Object.getPrototypeOf(proto) === null ? 6 : 7;
      } catch {
        return 7;
      }
    default:
      return 7;
  }
};

/**
 * The members of a plain object as one flat array, `[key, value, key, value, …]`, or undefined
 * when reading them throws (a getter or a Proxy trap). Every value is read (getters run) here.
 */
export const members = (value) => {
  try {
    const flat = [];
    for (const [key, member] of Object.entries(value)) flat.push(key, member);
    return flat;
  } catch {
    return undefined;
  }
};

/**
 * A copy of an array's elements, or undefined when it is longer than `max` (a Proxy may claim any
 * length) or reading it throws.
 */
export const elements = (value, max) => {
  try {
    const length = value.length;
    if (!(length >= 0 && length <= max)) return undefined;
    return Array.from({ length }, (_, i) => value[i]);
  } catch {
    return undefined;
  }
};

const decoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes (a decoded JWT payload) as text, or undefined when they are not UTF-8. */
export const utf8 = (bytes) => {
  try {
    return decoder.decode(bytes);
  } catch {
    return undefined;
  }
};
