import { isMap, isScalar, parseDocument } from 'yaml';
import { CliError } from '../cli-error';
import type { Weights } from '../../domain/traffic/shares';

/**
 * Writes new weights of one service environment into the config text, changing nothing else.
 *
 * The YAML document is parsed only to find where each weight's number sits in the text; the new
 * numbers are spliced in there. Re-printing the document instead would keep comments but
 * re-flow the rest of the file (aligned comments, flow maps, quoting), and the pull request
 * would show far more than one weight. Weights written through an alias or a merge key are
 * refused: editing the anchor would move other services too.
 */
export function replaceWeights(text: string, service: string, environment: string, weights: Weights): string {
  const document = parseDocument(text);
  const where = `services.${service}.environments.${environment}.weights`;
  const node = document.getIn(['services', service, 'environments', environment, 'weights'], true);
  if (!isMap(node)) {
    throw new CliError(`${where} is not a plain mapping in the config file (an alias?); edit it by hand`);
  }
  if (node.items.some((pair) => isScalar(pair.key) && pair.key.value === '<<')) {
    throw new CliError(`${where} uses a YAML merge key; edit it by hand`);
  }
  const edits: { start: number; end: number; value: string }[] = [];
  for (const [target, weight] of Object.entries(weights)) {
    const scalar = node.get(target, true);
    if (!isScalar(scalar) || !scalar.range) {
      throw new CliError(`${where}.${target} is not a number written in place (an alias?); edit it by hand`);
    }
    if (scalar.value !== weight) edits.push({ start: scalar.range[0], end: scalar.range[1], value: String(weight) });
  }
  // Right to left, so that earlier offsets stay valid.
  return edits
    .sort((a, b) => b.start - a.start)
    .reduce((result, edit) => result.slice(0, edit.start) + edit.value + result.slice(edit.end), text);
}
