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

/** A room's address; with the token of a link, the link itself. */
export function roomPath(roomId: string, token?: string): string {
  const path = `/r/${encodeURIComponent(roomId)}`;
  return token ? `${path}?token=${encodeURIComponent(token)}` : path;
}

/** The link token in the current address, if any. */
export function tokenFromLocation(location: Location): string | null {
  return new URLSearchParams(location.search).get('token');
}
