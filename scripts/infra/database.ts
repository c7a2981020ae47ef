import { SERVICES, devPassword } from './services';

const ident = (name: string): string => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
};
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/**
 * Idempotent SQL that gives every service a login role and a schema only that role can write.
 * Run as a superuser connected to the parkledger database. With `password` null the roles are
 * created without login and password, for an operator that gives them both (CloudNativePG's
 * managed roles, in the Helm chart).
 */
export function provisionSql(database: string, password: ((role: string) => string) | null = devPassword): string {
  const statements = [
    `REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC;`,
    `REVOKE ALL ON SCHEMA public FROM PUBLIC;`,
  ];
  for (const { dbRole } of SERVICES) {
    if (dbRole === undefined) continue;
    const role = ident(dbRole);
    statements.push(
      `DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(dbRole)}) THEN
    CREATE ROLE ${role} ${password === null ? 'NOLOGIN' : `LOGIN PASSWORD ${literal(password(dbRole))}`};
  END IF;
END $$;`,
      `ALTER ROLE ${role} NOSUPERUSER NOCREATEDB NOCREATEROLE;`,
      `ALTER ROLE ${role} SET search_path = ${role};`,
      `GRANT CONNECT, TEMPORARY ON DATABASE ${ident(database)} TO ${role};`,
      `CREATE SCHEMA IF NOT EXISTS ${role} AUTHORIZATION ${role};`,
      `REVOKE ALL ON SCHEMA ${role} FROM PUBLIC;`,
    );
  }
  return `${statements.join('\n')}\n`;
}
