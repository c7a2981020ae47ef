/** Who may call the fund routes: declared once for every fund controller. */
export const FUND_READERS = ['admin', 'fund-manager', 'auditor'] as const;
export const FUND_WRITERS = ['admin', 'fund-manager'] as const;
/** Registering a fund is for admins alone; a fund manager's scope is granted in its token. */
export const FUND_REGISTRARS = ['admin'] as const;
