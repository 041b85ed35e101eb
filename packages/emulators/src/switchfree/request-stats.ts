/** Counts SwitchFree requests (not control requests) so tests can assert how often the API went upstream. */
export class RequestStats {
  private requests = 0;
  private byPath: Record<string, number> = {};

  record(method: string, routePattern: string): void {
    this.requests += 1;
    const key = `${method} ${routePattern}`;
    this.byPath[key] = (this.byPath[key] ?? 0) + 1;
  }

  snapshot(): { requests: number; byPath: Record<string, number> } {
    return { requests: this.requests, byPath: { ...this.byPath } };
  }

  reset(): void {
    this.requests = 0;
    this.byPath = {};
  }
}
