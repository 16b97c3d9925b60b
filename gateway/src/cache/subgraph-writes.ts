// Mutations through this gateway, as the response cache must see them. The data source reports
// each mutation fetch before it is sent and again once it is answered. A mutation may change what
// any subgraph answers (a resolver in one subgraph can write data another serves; the gateway
// cannot know), so every cached answer goes, and an answer whose reads began before a write was
// answered is not stored. Mutations are rare in this graph; reads after them are always fresh.
export class SubgraphWrites {
  private version = 0;
  private readonly listeners = new Set<(subgraph: string) => void>();

  /** A point in the write history, taken when a request starts reading. */
  now(): number {
    return this.version;
  }

  /** A mutation fetch to `subgraph` is about to be sent, or has been answered. */
  wrote(subgraph: string): void {
    this.version += 1;
    for (const listener of this.listeners) listener(subgraph);
  }

  /** Whether no mutation was sent or answered since `since`. */
  unchangedSince(since: number): boolean {
    return this.version === since;
  }

  onWrite(listener: (subgraph: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
