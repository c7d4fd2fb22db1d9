import { parseJsonWithPositions, type JsonNode } from '@gatehouse/policy/json-with-positions';

export interface StatementSpan {
  StartPosition: { Line: number; Column: number };
  EndPosition: { Line: number; Column: number };
}

/**
 * Where each statement of a policy document starts and ends, for the simulator's
 * MatchedStatements (IAM reports line and column of the statement's braces).
 */
export function statementSpans(document: string): StatementSpan[] {
  const parsed = parseJsonWithPositions(document);
  if (!parsed.ok || parsed.value.kind !== 'object') return [];
  const statement = parsed.value.members.find((m) => m.key === 'Statement')?.value;
  if (!statement) return [];
  const nodes: JsonNode[] = statement.kind === 'array' ? [...statement.items] : [statement];
  return nodes.map((node) => ({
    // The parser counts columns from 0 and ends spans after the last character; IAM counts
    // from 1 and points at the closing brace itself.
    StartPosition: { Line: node.span.start.line, Column: node.span.start.column + 1 },
    EndPosition: { Line: node.span.end.line, Column: node.span.end.column },
  }));
}
