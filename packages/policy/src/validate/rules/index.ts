// Every rule the validator runs, in alphabetical order of file. Adding a rule: write
// rules/<id>.ts exporting a Rule, its test in test/validate/rules/<id>.test.ts, and list it here.

import { actionWildcardMatchesNothing } from './action-wildcard-matches-nothing.js';
import { allowWithNotAction } from './allow-with-not-action.js';
import { allowWithNotPrincipal } from './allow-with-not-principal.js';
import { allowWithNotResource } from './allow-with-not-resource.js';
import { arnResourceType } from './arn-resource-type.js';
import { conditionTypeMismatch } from './condition-type-mismatch.js';
import { conditionValueType } from './condition-value-type.js';
import { createSlr } from './create-slr.js';
import { dataTypeMismatch } from './data-type-mismatch.js';
import { duplicateElement } from './duplicate-element.js';
import { duplicateKeysWithDifferentCase } from './duplicate-keys-with-different-case.js';
import { emptyArray } from './empty-array.js';
import { emptyCondition } from './empty-condition.js';
import { emptySidValue } from './empty-sid-value.js';
import { forAllValuesWithSingleValuedKey } from './forallvalues-with-single-valued-key.js';
import { improveIpRange } from './improve-ip-range.js';
import { invalidAction } from './invalid-action.js';
import { invalidConditionDataType } from './invalid-condition-data-type.js';
import { invalidConditionKey } from './invalid-condition-key.js';
import { invalidConditionMultipleBoolean } from './invalid-condition-multiple-boolean.js';
import { invalidConditionOperator } from './invalid-condition-operator.js';
import { invalidEffect } from './invalid-effect.js';
import { invalidPolicyElement } from './invalid-policy-element.js';
import { invalidPrincipal } from './invalid-principal.js';
import { invalidServiceInAction } from './invalid-service-in-action.js';
import { invalidVariableForOperator } from './invalid-variable-for-operator.js';
import { invalidVersion } from './invalid-version.js';
import { malformedArn } from './malformed-arn.js';
import { missingAction } from './missing-action.js';
import { missingEffect } from './missing-effect.js';
import { missingPrincipal } from './missing-principal.js';
import { missingQualifier } from './missing-qualifier.js';
import { missingResource } from './missing-resource.js';
import { missingStatement } from './missing-statement.js';
import { missingVersion } from './missing-version.js';
import { noApplicableResource } from './no-applicable-resource.js';
import { nullWithIfExists } from './null-with-if-exists.js';
import { nullWithQualifier } from './null-with-qualifier.js';
import { passRole } from './pass-role.js';
import { policySize } from './policy-size.js';
import { privateIp } from './private-ip.js';
import { redundantAction } from './redundant-action.js';
import { redundantResource } from './redundant-resource.js';
import { redundantStatement } from './redundant-statement.js';
import { scpSyntaxErrorPrincipal } from './scp-syntax-error-principal.js';
import { uniqueSids } from './unique-sids.js';
import { unreachableStatement } from './unreachable-statement.js';
import { unsupportedActionInPolicy } from './unsupported-action-in-policy.js';
import { unsupportedElementCombination } from './unsupported-element-combination.js';
import { unsupportedGlobalConditionKey } from './unsupported-global-condition-key.js';
import { unsupportedPrincipal } from './unsupported-principal.js';
import { unsupportedResourceArnInPolicy } from './unsupported-resource-arn-in-policy.js';
import { unsupportedSid } from './unsupported-sid.js';
import { unsupportedWildcardInPrincipal } from './unsupported-wildcard-in-principal.js';
import { variableSyntax } from './variable-syntax.js';
import { variableUnsupportedInElement } from './variable-unsupported-in-element.js';
import { variableUnsupportedInVersion } from './variable-unsupported-in-version.js';
import { wildcardInServiceName } from './wildcard-in-service-name.js';
import { wildcardWithoutLikeOperator } from './wildcard-without-like-operator.js';
import type { Rule } from './rule.js';

export const RULES: readonly Rule[] = [
  actionWildcardMatchesNothing,
  allowWithNotAction,
  allowWithNotPrincipal,
  allowWithNotResource,
  arnResourceType,
  conditionTypeMismatch,
  conditionValueType,
  createSlr,
  dataTypeMismatch,
  duplicateElement,
  duplicateKeysWithDifferentCase,
  emptyArray,
  emptyCondition,
  emptySidValue,
  forAllValuesWithSingleValuedKey,
  improveIpRange,
  invalidAction,
  invalidConditionDataType,
  invalidConditionKey,
  invalidConditionMultipleBoolean,
  invalidConditionOperator,
  invalidEffect,
  invalidPolicyElement,
  invalidPrincipal,
  invalidServiceInAction,
  invalidVariableForOperator,
  invalidVersion,
  malformedArn,
  missingAction,
  missingEffect,
  missingPrincipal,
  missingQualifier,
  missingResource,
  missingStatement,
  missingVersion,
  noApplicableResource,
  nullWithIfExists,
  nullWithQualifier,
  passRole,
  policySize,
  privateIp,
  redundantAction,
  redundantResource,
  redundantStatement,
  scpSyntaxErrorPrincipal,
  uniqueSids,
  unreachableStatement,
  unsupportedActionInPolicy,
  unsupportedElementCombination,
  unsupportedGlobalConditionKey,
  unsupportedPrincipal,
  unsupportedResourceArnInPolicy,
  unsupportedSid,
  unsupportedWildcardInPrincipal,
  variableSyntax,
  variableUnsupportedInElement,
  variableUnsupportedInVersion,
  wildcardInServiceName,
  wildcardWithoutLikeOperator,
];
