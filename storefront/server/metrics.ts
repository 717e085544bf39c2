// The storefront server's Prometheus metrics, text format by hand (two counters need no
// client library). Labels are bounded: four request kinds times the status classes.
export type RequestKind = 'page' | 'asset' | 'graphql' | 'other';

export function createMetrics() {
  const counts = new Map<string, number>();
  return {
    /** Counts one finished request. */
    record(kind: RequestKind, status: number): void {
      const key = `kind="${kind}",code="${Math.floor(status / 100)}xx"`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    /** The exposition text for GET /metrics. */
    text(): string {
      const lines = [
        '# HELP shopgraph_storefront_http_requests_total HTTP requests the storefront server answered, by kind and status class.',
        '# TYPE shopgraph_storefront_http_requests_total counter',
        ...[...counts]
          .sort()
          .map(([labels, n]) => `shopgraph_storefront_http_requests_total{${labels}} ${n}`),
      ];
      return `${lines.join('\n')}\n`;
    },
  };
}
