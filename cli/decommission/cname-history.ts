import { parse } from 'yaml';
import { commitsTouching, readFileAtRef } from '../traffic/git';

/** How far back the config's history is searched for a CNAME that was removed. */
const MAX_COMMITS = 200;

/** A Beanstalk CNAME the config once had, and the commit that last had it. */
export interface CnameFromHistory {
  readonly cname: string;
  readonly commit: string;
}

/**
 * The newest CNAME that `services.<service>.environments.<environment>.beanstalk.cname` had in
 * the config's git history: the operator may drop the CNAME from the config once the record is
 * gone, before the environment itself. Each version is read as plain YAML, not validated, so an
 * older schema does not stop the search.
 */
export function cnameFromHistory(configPath: string, service: string, environment: string): CnameFromHistory | undefined {
  for (const commit of commitsTouching(configPath, MAX_COMMITS)) {
    let document: unknown;
    try {
      document = parse(readFileAtRef(configPath, commit));
    } catch {
      continue;
    }
    const cname = dig(document, ['services', service, 'environments', environment, 'beanstalk', 'cname']);
    if (typeof cname === 'string' && cname !== '') return { cname, commit };
  }
  return undefined;
}

function dig(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    value,
  );
}
