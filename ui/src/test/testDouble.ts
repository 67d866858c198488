// The test-double machinery every backend seam's tests share: a double answers each method
// of its seam from the answers a test gives (a missing one rejects), resolves on a later tick
// as IPC does, turns every rejection into an `ApiError`, and logs each call with its arguments.

import { toApiError } from '../types';

/** One call a double received: the method and its arguments. */
export interface Call<T> {
  method: keyof T & string;
  args: unknown[];
}

/** Canned answers per method and a call log; `testDoubleOf` gives it the seam's methods. */
export class TestDouble<T extends object> {
  readonly log: Call<T>[] = [];
  /** The answers, per method; a test may replace one between steps. */
  answers: Partial<T>;

  constructor(answers: Partial<T> = {}) {
    this.answers = answers;
  }

  /** The calls made to one method, in order. */
  calls(method: keyof T & string): Call<T>[] {
    return this.log.filter((c) => c.method === method);
  }

  protected async answer(method: keyof T & string, args: unknown[]): Promise<unknown> {
    this.log.push({ method, args });
    await Promise.resolve();
    const handler = this.answers[method] as ((...a: unknown[]) => unknown) | undefined;
    if (handler === undefined) throw toApiError(`the test backend has no ${method}`);
    try {
      return await handler(...args);
    } catch (reason) {
      throw toApiError(reason);
    }
  }
}

/** The class of the test doubles of a seam: every method `seam` has (the desktop backend
 * names them all) answers through `TestDouble`. */
export function testDoubleOf<T extends object>(
  seam: T,
): new (answers?: Partial<T>) => TestDouble<T> & T {
  class Double extends TestDouble<T> {}
  for (const method of Object.keys(seam) as (keyof T & string)[]) {
    Object.defineProperty(Double.prototype, method, {
      configurable: true,
      writable: true,
      value(this: Double, ...args: unknown[]) {
        return this.answer(method, args);
      },
    });
  }
  return Double as unknown as new (answers?: Partial<T>) => TestDouble<T> & T;
}

/** An answer that gives each of `answers` in turn, then keeps giving the last one; an
 * `{ error }` rejects with its error. */
export function inTurn<R>(answers: (R | { error: unknown })[]): () => Promise<R> {
  let calls = 0;
  return async () => {
    const answer = answers[Math.min(calls, answers.length - 1)];
    calls += 1;
    await Promise.resolve();
    if (answer === undefined) throw toApiError('the test backend has no answer');
    if (typeof answer === 'object' && answer !== null && 'error' in answer) {
      throw toApiError(answer.error);
    }
    return answer;
  };
}

/** A rejection the way the backend gives one: an error with a code. */
export function apiFailure(code: string, message: string): Promise<never> {
  return Promise.reject(Object.assign(new Error(message), { code }));
}
