// A set that forgets its oldest entries beyond `max` (memory stays bounded in a long-running worker).
export class BoundedSet<T> {
  private readonly items = new Set<T>();

  constructor(readonly max: number) {}

  has(x: T): boolean {
    return this.items.has(x);
  }

  add(x: T): void {
    this.items.delete(x); // re-adding makes it the newest
    this.items.add(x);
    if (this.items.size > this.max) this.items.delete(this.items.values().next().value as T);
  }

  delete(x: T): void {
    this.items.delete(x);
  }
}
