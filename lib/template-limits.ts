/**
 * CloudFormation quotas a synthesized template must fit, checked at synth so that a pull request
 * fails before a deploy does.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const TEMPLATE_LIMITS = {
  resources: 500,
  /** Bytes of a template uploaded through S3, as `cdk deploy` does. */
  bytes: 1_000_000,
  parameters: 200,
  outputs: 200,
} as const;

/** One template as written to the cloud assembly. */
export interface SynthesizedTemplate {
  /** File name in the cloud assembly, e.g. `descomplica-dns.template.json`. */
  readonly file: string;
  /** The file's text. */
  readonly body: string;
}

/** What each template exceeds, one line each; empty when every template fits. */
export function templateLimitViolations(templates: readonly SynthesizedTemplate[]): string[] {
  return templates.flatMap(({ file, body }) => {
    const template = JSON.parse(body);
    const sizes: Record<keyof typeof TEMPLATE_LIMITS, number> = {
      resources: Object.keys(template.Resources ?? {}).length,
      bytes: Buffer.byteLength(body),
      parameters: Object.keys(template.Parameters ?? {}).length,
      outputs: Object.keys(template.Outputs ?? {}).length,
    };
    return (Object.keys(TEMPLATE_LIMITS) as (keyof typeof TEMPLATE_LIMITS)[])
      .filter((measure) => sizes[measure] > TEMPLATE_LIMITS[measure])
      .map((measure) => `${file}: ${sizes[measure]} ${measure}, CloudFormation allows ${TEMPLATE_LIMITS[measure]}`);
  });
}
