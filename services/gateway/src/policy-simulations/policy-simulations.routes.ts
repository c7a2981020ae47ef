/**
 * Who may simulate a policy: admins and policy officers, an officer only a policy its token names
 * (the awards service refuses any other with a 403, as it refuses publishing it).
 */
export const SIMULATION_RUNNERS = ['admin', 'policy-officer'] as const;
