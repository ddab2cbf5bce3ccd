/**
 * Fault rules that fire a limited number of times: the earliest-added matching rule with failures left
 * applies and consumes one. Shared by the AWS and GitHub fakes, which differ only in what a rule matches.
 */
export class CountedRules<R extends { readonly times?: number }> {
  private rules: (R & { remaining: number })[] = [];

  /** Adds a rule; `times` absent → it fails every matching request. */
  inject(rule: R): void {
    this.rules.push({ ...rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.rules = [];
  }

  /** The first matching rule with failures left, consuming one of them. */
  protected takeFirst(matches: (rule: R) => boolean): R | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && matches(r));
    if (rule === undefined) return undefined;
    rule.remaining -= 1;
    return rule;
  }
}
