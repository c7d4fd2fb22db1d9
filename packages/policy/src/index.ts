/**
 * @gatehouse/policy — the AWS policy language: parse, compile, evaluate, explain. Pure: no I/O,
 * no clock, no randomness.
 */
export { parsePolicy, type ParseOptions, type ParseResult, type PolicyParseError } from './parse.js';
export { compilePolicy, type CompiledPolicy, type CompiledStatement, type MatchedStatement } from './compile.js';
export { evaluate, resourceAccountOf, type Decision, type DecisionKind, type Denial, type EvaluateOptions, type PolicySet, type PolicyType } from './evaluate.js';
export { explainStatement, type ConditionExplanation, type Explanation, type ExplainOptions, type PolicyTypeOutcome, type StatementExplanation } from './explain.js';
export { accessDeniedMessage, denialReason } from './denial.js';
export { contextKeysOf } from './context-keys.js';
export type { PrincipalMatch } from './principal.js';
export type { AuthorizationRequest, ContextScalar, ContextValue, RequestContext, RequestPrincipal, Tags } from './request.js';
export type {
  BaseOperator,
  Condition,
  ConditionOperator,
  Effect,
  Policy,
  PolicyKind,
  PolicySource,
  PolicyVersion,
  PrincipalElement,
  PrincipalValue,
  SetQualifier,
  Statement,
  ValueList,
} from './types.js';
export {
  validatePolicy,
  type Finding,
  type FindingType,
  type Location,
  type PathElement,
  type Position,
  type Span,
  type ValidatePolicyOptions,
  type ValidatePolicyType,
} from './validate/index.js';
