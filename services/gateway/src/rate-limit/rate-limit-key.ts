import { type Request } from 'express';
import { type Authenticator } from '../auth/authenticator';
import { AuthError } from '../auth/principal';

/**
 * The client's address: the socket's, or behind `trustedProxies` hops the one the farthest trusted
 * proxy saw, i.e. the Nth address from the right of X-Forwarded-For (the leftmost when there are fewer).
 */
export function clientAddress(socketAddress: string, forwardedFor: string | undefined, trustedProxies: number): string {
  if (trustedProxies === 0) return socketAddress;
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address !== '');
  return hops[Math.max(hops.length - trustedProxies, 0)] ?? socketAddress;
}

/**
 * What the rate limit counts requests by: the verified subject, so one caller can't spread its load
 * over addresses nor share its budget with others behind one NAT; without a valid token, the client address.
 */
export function rateLimitKey(request: Request, authenticator: Authenticator, trustedProxies: number): string {
  const principal = authenticator.authenticate(request);
  if (!(principal instanceof AuthError)) return `subject:${principal.subject}`;
  const socket = request.socket.remoteAddress ?? 'unknown';
  return `address:${clientAddress(socket, request.header('x-forwarded-for'), trustedProxies)}`;
}
