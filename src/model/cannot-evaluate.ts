/**
 * The evidence needed to judge something is missing or malformed (an Unknown attribute, a policy
 * document IAM would reject). Checks turn it into an `error` verdict carrying the reason; collectors
 * turn it into an Unknown attribute. Either way nothing falls through to `pass` on unseen evidence.
 */
export class CannotEvaluate extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CannotEvaluate';
  }
}
