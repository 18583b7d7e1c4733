/** The demo people that supabase/seed.sql creates, and their shared password. */
export const DEMO_PASSWORD = process.env.CONSOLE_DEV_PASSWORD || 'console-dev-password';

export const DEMO = {
  admin: 'admin@console.local',
  approver: 'approver@console.local',
  operator: 'operator@console.local',
  support: 'support@console.local',
  outsider: 'outsider@console.local',
} as const;
