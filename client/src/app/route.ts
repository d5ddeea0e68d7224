/**
 * Two pages, routed by `location.pathname` (no router dependency for that). Navigation is a full
 * page load on purpose: each room page opens its own connection from a clean slate.
 */
export type Route = { readonly page: 'home' } | { readonly page: 'room'; readonly roomId: string } | { readonly page: 'notFound' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { page: 'home' };
  const m = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (m?.[1]) return { page: 'room', roomId: decodeURIComponent(m[1]) };
  return { page: 'notFound' };
}

export function roomPath(roomId: string): string {
  return `/r/${encodeURIComponent(roomId)}`;
}
