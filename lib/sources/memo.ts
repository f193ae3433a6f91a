// What connectors keep in memory between polls that is neither a position (that is the cursor's
// job) nor fit to store: an access token is a secret, a parsed replay file is large. One Memo
// lives in each HttpClient, so one per worker; a test's fresh client starts empty. Never persisted.
export class Memo {
  readonly #entries = new Map<string, unknown>();

  /** The value kept under `key` while `fresh` accepts it; otherwise `make()`'s, kept for next time. */
  remember<T>(key: string, fresh: (value: T) => boolean, make: () => T): T {
    const hit = this.#entries.get(key) as T | undefined;
    if (hit !== undefined && fresh(hit)) return hit;
    const value = make();
    this.#entries.set(key, value);
    return value;
  }

  /** `remember` for values that take a request to make (a failed request keeps nothing). */
  async rememberAsync<T>(key: string, fresh: (value: T) => boolean, make: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key) as T | undefined;
    if (hit !== undefined && fresh(hit)) return hit;
    const value = await make();
    this.#entries.set(key, value);
    return value;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }
}
