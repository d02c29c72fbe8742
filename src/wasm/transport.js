// The fetch mechanics of the wasm shell: one attempt under its deadline, and a body read that stops
// at maxResponseBytes. Written in JavaScript because it is nothing but JS API choreography
// (AbortController, timers, streams, TextDecoder): in Rust each of those calls is a binding and
// each await a state machine, 3 KB gzip of .wasm for what is 1.2 KB here. What to send, and what
// an answer means, stays in Rust. Every failure rejects with [code, message, status?], a code of
// `UserServiceError`; nothing here throws synchronously. Timeouts are at most 2^31 - 1 ms, as
// setTimeout needs (the config's bound).

// The failures made here, told apart from anything a custom fetch may throw.
const failures = new WeakSet();
const fail = (code, message, status) => {
  const failure = [code, message, status];
  failures.add(failure);
  return failure;
};

// A property of a value that may be anything a custom fetch returns: getters may throw.
const field = (value, name) => {
  try {
    return value[name];
  } catch {
    return undefined;
  }
};

const isObject = (value) => typeof value === 'object' && value !== null;

/** Whether a caller's signal has fired. */
export const isAborted = (signal) => isObject(signal) && !!field(signal, 'aborted');

// Settles a cancellation in the background: a rejection means only that nothing was left to release.
const quietly = (cancel) => {
  try {
    Promise.resolve(cancel()).catch(() => {});
  } catch {}
};

/** Cancels a response's unread body, so that the connection is released. */
export const discard = (response) => {
  const body = field(response, 'body');
  if (isObject(body)) quietly(() => body.cancel());
};

// One attempt's signal: it fires when timeoutMs passes or the caller's signal does, and `error`
// tells the two apart from a network failure.
const deadline = (timeoutMs, caller) => {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const follow = () => controller.abort();
  caller = isObject(caller) ? caller : undefined;
  try {
    caller?.addEventListener('abort', follow);
  } catch {}
  if (isAborted(caller)) controller.abort();
  return {
    signal: controller.signal,
    error(thrown) {
      if (failures.has(thrown)) return thrown;
      if (isAborted(caller)) return fail('aborted', 'the request was aborted');
      if (timedOut) return fail('timeout', 'the request timed out');
      let message = 'a non-Error value was thrown';
      try {
        if (thrown instanceof Error) message = String(thrown.message);
        else if (typeof thrown === 'string') message = thrown;
      } catch {}
      return fail('network', 'the request failed: ' + message);
    },
    end() {
      clearTimeout(timer);
      try {
        caller?.removeEventListener('abort', follow);
      } catch {}
    },
  };
};

// fetch(input, init) with the deadline's signal, up to the response head: [response, status].
const head = async (fetch, input, init, d) => {
  init.signal = d.signal;
  const response = await fetch(input, init);
  const status = field(response, 'status');
  if (!Number.isInteger(status) || status < 100 || status > 999) {
    throw fail('invalid_response', 'fetch resolved to something that is not a Response');
  }
  return [response, status];
};

// Runs `attempt` under a deadline that ends with it; every failure becomes [code, message, status?].
const within = async (timeoutMs, caller, attempt) => {
  const d = deadline(timeoutMs, caller);
  try {
    return await attempt(d);
  } catch (thrown) {
    throw d.error(thrown);
  } finally {
    d.end();
  }
};

/**
 * Sends `init` to `url` and reads the whole answer: [status, text, retryAfter, date]. The body is
 * read as text, at most `maxBytes` of it: a larger one is cancelled as soon as it is known to be
 * too large, so a huge or endless answer costs neither memory nor time.
 */
export const send = (fetch, url, init, timeoutMs, maxBytes) =>
  within(timeoutMs, undefined, async (d) => {
    const [response, status] = await head(fetch, url, init, d);
    const headers = field(response, 'headers');
    const header = (name) => {
      try {
        const value = headers.get(name);
        return typeof value === 'string' ? value : undefined;
      } catch {
        return undefined;
      }
    };
    const tooLarge = () =>
      fail('invalid_response', `the response body is larger than maxResponseBytes (${maxBytes} bytes)`, status);
    // Content-Length counts the bytes on the wire. With a content coding the decoded body can be
    // any size (a small gzip body can inflate without end), and a browser hides a cross-origin
    // response's Content-Encoding (type "cors"), so the length bounds the body only for an
    // uncoded response whose headers can all be seen.
    const coding = header('content-encoding')?.trim().toLowerCase();
    const uncoded = (coding === undefined || coding === 'identity') && field(response, 'type') !== 'cors';
    const length = uncoded ? header('content-length')?.trim() : undefined;
    const declared = length && /^\d{1,19}$/.test(length) ? Number(length) : undefined;
    const answer = (text) => [status, text, header('retry-after'), header('date')];
    if (declared > maxBytes) {
      discard(response);
      throw tooLarge();
    }
    // A declared length within the limit bounds the body (the runtime frames it by that length),
    // so the runtime's own text() reads it in one step; only a body of unknown length is streamed
    // and counted.
    const body = field(response, 'body');
    let reader;
    if (declared === undefined && isObject(body)) {
      try {
        reader = body.getReader();
      } catch {}
    }
    if (!isObject(reader)) {
      // A known length, or no stream (a hand-made Response-like object): read it whole, then check.
      const text = await response.text();
      if (typeof text !== 'string') throw fail('invalid_response', 'the response body is not text');
      // UTF-16 units: a lower bound of the UTF-8 bytes, enough to refuse the absurd.
      if (text.length > maxBytes) throw tooLarge();
      return answer(text);
    }
    const decoder = new TextDecoder();
    let text = '';
    let total = 0;
    for (;;) {
      const step = await reader.read();
      if (field(step, 'done')) break;
      const chunk = field(step, 'value');
      if (!(chunk instanceof Uint8Array)) throw fail('invalid_response', 'the response body is not bytes');
      total += chunk.byteLength;
      if (total > maxBytes) {
        quietly(() => reader.cancel());
        throw tooLarge();
      }
      text += decoder.decode(chunk, { stream: true });
    }
    return answer(text + decoder.decode());
  });

// `base` for one attempt, with `Authorization: Bearer <token>`. Sending consumes a body, so a
// request with one is cloned for each attempt; one without (`body` is null) is sent again as it
// is: a clone costs more than the call in some runtimes (Node builds an AbortSignal for each).
// Where `body` is not implemented, clone.
const bearing = (base, token) => {
  let request;
  try {
    request = base.body === null ? base : base.clone();
  } catch {
    throw fail('invalid_input', 'fetch: the request body was already used');
  }
  try {
    request.headers.set('Authorization', 'Bearer ' + token);
  } catch {
    throw fail('invalid_input', 'fetch: the request headers cannot be changed');
  }
  return request;
};

/**
 * Sends the JS `Request` `base` with the bearer `token` (for `client.fetch`), honouring the
 * caller's signal, up to the response head: [response, status]. The body is left for the caller
 * to read.
 */
export const sendRequest = (fetch, base, token, timeoutMs, caller) =>
  within(timeoutMs, caller, (d) => head(fetch, bearing(base, token), {}, d));
