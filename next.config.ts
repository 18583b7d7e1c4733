import type { NextConfig } from 'next';
import { staticSecurityHeaders } from './lib/security/headers';

const nextConfig: NextConfig = {
  // Lets two builds of one checkout run side by side (e.g. a local e2e run while `next dev` runs).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: { position: 'bottom-right' },
  // Server-only database and CLI helpers stay Node modules instead of being bundled (libpg-query
  // and PGlite find their WebAssembly files next to their own modules).
  serverExternalPackages: ['postgres', 'ws', '@electric-sql/pglite', '@libpg-query/parser'],
  // The dev stack and tests reach the app on 127.0.0.1 as well as localhost.
  allowedDevOrigins: ['127.0.0.1', 'localhost'],
  headers() {
    return Promise.resolve([{ source: '/:path*', headers: staticSecurityHeaders(process.env.NODE_ENV === 'development') }]);
  },
};

export default nextConfig;
