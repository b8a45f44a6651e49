/** Resolves the target a job names, or fails with a message the worker shows as is. */
import { resolveTarget, type ResolvedTarget, type TargetMap } from '../../config/targets';
import { UserFacingError } from '../../core/errors';

export function resolveJobTarget(targets: TargetMap, name: string): ResolvedTarget {
  const resolved = resolveTarget(targets, name);
  if (resolved) return resolved;
  const names = [...targets.values()].map((t) => `\`${t.name}\``);
  throw new UserFacingError(`I don't know \`${name}\`.${names.length ? ` Known targets: ${names.join(', ')}.` : ''} See \`/dbassist instances\`.`);
}
