/** The registry of static rules, in a stable order. Rule ids are part of the JSON contract: never rename one. */
import { ddlRules } from './ddl';
import { queryRules } from './query';
import { designRules } from './design';
import { logicRules } from './logic';
import { predicateRules } from './predicates';
import type { Rule } from './rule';
import { shapeRules } from './shape';
import { writeRules } from './writes';

export const RULES: readonly Rule[] = [
  ...queryRules.slice(0, 1),
  ...shapeRules,
  ...predicateRules,
  ...logicRules,
  ...writeRules,
  ...ddlRules,
  ...queryRules.slice(1),
  ...designRules,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export type { Rule, RuleContext, Hit } from './rule';
