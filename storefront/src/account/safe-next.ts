/** Where to go after logging in: a same-site path from `?next=`, else the catalog. */
export function safeNext(search: URLSearchParams): string {
  const next = search.get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
