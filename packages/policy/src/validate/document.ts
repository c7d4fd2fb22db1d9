// A read-only view of a policy document over the positioned JSON tree: the elements of the
// IAM policy grammar (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)
// picked out once, so that each rule reads `statement.action.items` instead of walking JSON.
//
// Building the view reports nothing; where an element has the wrong JSON type the view leaves
// it out and records the mismatch, and the DATA_TYPE_MISMATCH rule reports it. Other rules
// only ever see well-typed elements. As with JSON.parse, the last of duplicate keys wins.

import type { JsonMember, JsonNode, JsonObject, JsonString } from './json-with-positions.js';

export interface StringItem {
  value: string;
  node: JsonString;
}

/** Action, NotAction, Resource, NotResource: a string or an array of strings. */
export interface StringListElement {
  member: JsonMember;
  node: JsonNode;
  isArray: boolean;
  items: StringItem[];
}

export interface PrincipalEntry {
  /** The member naming the principal type, e.g. "AWS". */
  member: JsonMember;
  type: string;
  isArray: boolean;
  items: StringItem[];
}

/** Principal, NotPrincipal: "*" or an object of principal types. */
export interface PrincipalElement {
  member: JsonMember;
  node: JsonNode;
  /** The string form: "Principal": "*". */
  isWildcard: boolean;
  /** A string other than "*": not a valid principal. */
  invalidString?: JsonString;
  entries: PrincipalEntry[];
}

export interface ConditionValue {
  /** The value as IAM compares it: JSON numbers and booleans as their text. */
  text: string;
  node: JsonNode;
}

export interface ConditionEntry {
  /** The member naming the condition key. */
  member: JsonMember;
  key: string;
  isArray: boolean;
  values: ConditionValue[];
}

export interface ConditionBlock {
  /** The member naming the condition operator. */
  member: JsonMember;
  operator: string;
  node: JsonObject;
  entries: ConditionEntry[];
}

export interface ConditionElement {
  member: JsonMember;
  node: JsonObject;
  blocks: ConditionBlock[];
}

export interface StatementView {
  node: JsonObject;
  /** Index in the Statement array; undefined when Statement is a single object. */
  index: number | undefined;
  /** Members by name, last duplicate winning. */
  members: Map<string, JsonMember>;
  sid?: { member: JsonMember; node: JsonString; value: string };
  effect?: { member: JsonMember; node: JsonString; value: string };
  action?: StringListElement;
  notAction?: StringListElement;
  resource?: StringListElement;
  notResource?: StringListElement;
  principal?: PrincipalElement;
  notPrincipal?: PrincipalElement;
  condition?: ConditionElement;
}

export interface TypeMismatch {
  node: JsonNode;
  /** AWS's name for the JSON type expected, e.g. "String", "Array of String". */
  expected: string;
}

export interface PolicyView {
  text: string;
  /** The length of the text without whitespace between tokens, as IAM counts a policy's size. */
  compactLength: number;
  root: JsonNode;
  /** Top-level members by name; empty when the document is not an object. */
  members: Map<string, JsonMember>;
  version?: { member: JsonMember; node: JsonString; value: string };
  statementMember?: JsonMember;
  statements: StatementView[];
  typeMismatches: TypeMismatch[];
}

function membersByName(obj: JsonObject): Map<string, JsonMember> {
  const map = new Map<string, JsonMember>();
  for (const m of obj.members) map.set(m.key, m);
  return map;
}

export function buildPolicyView(text: string, root: JsonNode, whitespace = 0): PolicyView {
  const view: PolicyView = { text, compactLength: text.length - whitespace, root, members: new Map(), statements: [], typeMismatches: [] };
  const mismatch = (node: JsonNode, expected: string) => view.typeMismatches.push({ node, expected });
  if (root.kind !== 'object') {
    mismatch(root, 'Object');
    return view;
  }
  view.members = membersByName(root);

  const version = view.members.get('Version');
  if (version) {
    if (version.value.kind === 'string') view.version = { member: version, node: version.value, value: version.value.value };
    else mismatch(version.value, 'String');
  }
  const id = view.members.get('Id');
  if (id && id.value.kind !== 'string') mismatch(id.value, 'String');

  const statement = view.members.get('Statement');
  if (statement) {
    view.statementMember = statement;
    const value = statement.value;
    if (value.kind === 'object') {
      view.statements.push(buildStatement(value, undefined, mismatch));
    } else if (value.kind === 'array') {
      value.items.forEach((item, i) => {
        if (item.kind === 'object') view.statements.push(buildStatement(item, i, mismatch));
        else mismatch(item, 'Object');
      });
    } else {
      mismatch(value, 'Array of Object');
    }
  }
  return view;
}

type Mismatch = (node: JsonNode, expected: string) => void;

function stringList(member: JsonMember, mismatch: Mismatch): StringListElement | undefined {
  const node = member.value;
  if (node.kind === 'string') return { member, node, isArray: false, items: [{ value: node.value, node }] };
  if (node.kind === 'array') {
    const items: StringItem[] = [];
    for (const item of node.items) {
      if (item.kind === 'string') items.push({ value: item.value, node: item });
      else mismatch(item, 'String');
    }
    return { member, node, isArray: true, items };
  }
  mismatch(node, 'Array of String');
  return undefined;
}

function principal(member: JsonMember, mismatch: Mismatch): PrincipalElement | undefined {
  const node = member.value;
  if (node.kind === 'string') {
    if (node.value === '*') return { member, node, isWildcard: true, entries: [] };
    return { member, node, isWildcard: false, invalidString: node, entries: [] };
  }
  if (node.kind !== 'object') {
    mismatch(node, 'Object');
    return undefined;
  }
  const entries: PrincipalEntry[] = [];
  for (const m of membersByName(node).values()) {
    const list = stringList(m, mismatch);
    if (list) entries.push({ member: m, type: m.key, isArray: list.isArray, items: list.items });
  }
  return { member, node, isWildcard: false, entries };
}

function condition(member: JsonMember, mismatch: Mismatch): ConditionElement | undefined {
  const node = member.value;
  if (node.kind !== 'object') {
    mismatch(node, 'Object');
    return undefined;
  }
  const blocks: ConditionBlock[] = [];
  for (const opMember of membersByName(node).values()) {
    const blockNode = opMember.value;
    if (blockNode.kind !== 'object') {
      mismatch(blockNode, 'Object');
      continue;
    }
    const entries: ConditionEntry[] = [];
    for (const keyMember of membersByName(blockNode).values()) {
      const v = keyMember.value;
      const values: ConditionValue[] = [];
      const scalar = (n: JsonNode): ConditionValue | undefined => {
        if (n.kind === 'string') return { text: n.value, node: n };
        if (n.kind === 'number') return { text: n.raw, node: n };
        if (n.kind === 'boolean') return { text: String(n.value), node: n };
        mismatch(n, 'String');
        return undefined;
      };
      if (v.kind === 'array') {
        for (const item of v.items) {
          const s = scalar(item);
          if (s) values.push(s);
        }
        entries.push({ member: keyMember, key: keyMember.key, isArray: true, values });
      } else {
        const s = scalar(v);
        if (s) {
          values.push(s);
          entries.push({ member: keyMember, key: keyMember.key, isArray: false, values });
        }
      }
    }
    blocks.push({ member: opMember, operator: opMember.key, node: blockNode, entries });
  }
  return { member, node, blocks };
}

function buildStatement(node: JsonObject, index: number | undefined, mismatch: Mismatch): StatementView {
  const members = membersByName(node);
  const st: StatementView = { node, index, members };
  const sid = members.get('Sid');
  if (sid) {
    if (sid.value.kind === 'string') st.sid = { member: sid, node: sid.value, value: sid.value.value };
    else mismatch(sid.value, 'String');
  }
  const effect = members.get('Effect');
  if (effect) {
    if (effect.value.kind === 'string') st.effect = { member: effect, node: effect.value, value: effect.value.value };
    else mismatch(effect.value, 'String');
  }
  const lists = [
    ['Action', 'action'],
    ['NotAction', 'notAction'],
    ['Resource', 'resource'],
    ['NotResource', 'notResource'],
  ] as const;
  for (const [name, field] of lists) {
    const m = members.get(name);
    if (m) {
      const list = stringList(m, mismatch);
      if (list) st[field] = list;
    }
  }
  const p = members.get('Principal');
  if (p) st.principal = principal(p, mismatch);
  const np = members.get('NotPrincipal');
  if (np) st.notPrincipal = principal(np, mismatch);
  const c = members.get('Condition');
  if (c) st.condition = condition(c, mismatch);
  return st;
}

/** The statement's effect when it is a valid one. */
export function effectOf(st: StatementView): 'Allow' | 'Deny' | undefined {
  const v = st.effect?.value;
  return v === 'Allow' || v === 'Deny' ? v : undefined;
}

/** How a message names a statement: by its Sid, else by its position (counting from 1). */
export function statementLabel(st: StatementView): string {
  if (st.sid && st.sid.value !== '') return `statement ${JSON.stringify(st.sid.value)}`;
  return st.index === undefined ? 'the statement' : `statement ${st.index + 1}`;
}
