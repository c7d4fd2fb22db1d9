// The policy validator's public surface.

export { validatePolicy } from './validate-policy.js';
export type { Finding, FindingType, Location, PathElement, ValidatePolicyType, Position, Span, ValidatePolicyOptions } from './finding.js';
export { parseJsonWithPositions } from './json-with-positions.js';
export type { JsonNode, JsonSyntaxError, JsonParseResult } from './json-with-positions.js';
export { RULES } from './rules/index.js';
export type { Rule } from './rules/rule.js';
