/**
 * The value of every `sts:ExternalId` condition in a trust policy, replaced by a marker before the policy
 * becomes evidence. The external id is the shared secret a third party presents when it assumes the role
 * (controlwatch's own included): evidence and reports are read by many, so the id must not reach them. What
 * the checks judge is kept: the condition, its operator and how many values it requires.
 */
export const WITHHELD_EXTERNAL_ID = '(withheld: sts:ExternalId value)';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function withheldCondition(condition: unknown): unknown {
  if (!isObject(condition)) return condition;
  return Object.fromEntries(
    Object.entries(condition).map(([operator, block]) => [
      operator,
      isObject(block)
        ? Object.fromEntries(
            Object.entries(block).map(([key, value]) =>
              // Condition keys are case-insensitive in IAM.
              key.toLowerCase() === 'sts:externalid' ? [key, Array.isArray(value) ? value.map(() => WITHHELD_EXTERNAL_ID) : WITHHELD_EXTERNAL_ID] : [key, value],
            ),
          )
        : block,
    ]),
  );
}

export function withholdExternalIds(document: Record<string, unknown>): Record<string, unknown> {
  const statements = document['Statement'];
  const mask = (s: unknown) => (isObject(s) && 'Condition' in s ? { ...s, Condition: withheldCondition(s['Condition']) } : s);
  if (Array.isArray(statements)) return { ...document, Statement: statements.map(mask) };
  if (isObject(statements)) return { ...document, Statement: mask(statements) };
  return document;
}
