import { parseArgs } from 'node:util';
import { translateError } from '../../contracts/messages/index.ts';
import { ROLES, type Role } from '../../contracts/roles.ts';
import { openContext } from '../bootstrap.ts';
import { createUser } from '../modules/identity/index.ts';
import { randomToken } from '../platform/crypto.ts';
import { AppError } from '../platform/errors.ts';

export async function runUserCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') {
    console.error('usage: minsheng user create --username U --name N --role ROLE --area CODE [--password P]');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      area: { type: 'string' },
      password: { type: 'string' },
    },
  });
  if (!values.username || !values.role || !values.area) {
    console.error('--username, --role and --area are required');
    return 2;
  }
  if (!ROLES.includes(values.role as Role)) {
    console.error(`--role must be one of ${ROLES.join(', ')}`);
    return 2;
  }
  const password = values.password ?? `Ms${randomToken(9)}1`;
  const ctx = await openContext();
  try {
    await createUser(ctx, {
      username: values.username,
      displayName: values.name ?? values.username,
      password,
      grants: [{ role: values.role as Role, areaCode: values.area }],
    });
    console.log(`created ${values.username}${values.password ? '' : ` with password ${password}`}`);
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(translateError(err.code, err.params));
      for (const i of err.issues ?? [])
        console.error(`  ${i.field}: ${translateError(i.code, { field: i.field, ...(i.params ?? {}) })}`);
      return 1;
    }
    throw err;
  } finally {
    await ctx.database.close();
  }
}
