/**
 * IAM returns policy documents URL-encoded (RFC 3986), as AWS does:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PolicyVersion.html
 */
export function decodePolicyDocument(encoded: string | undefined): string {
  if (!encoded) return '';
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** Pretty-printed JSON when the text parses, else the text as it is. */
export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * One document holding the statements of several policies, for a summary of everything a
 * principal gets. Statements are copied as they are; a document that does not parse is skipped
 * (it could not have been stored).
 */
export function combineDocuments(documents: string[]): string {
  const statements: unknown[] = [];
  for (const text of documents) {
    try {
      const parsed = JSON.parse(text) as { Statement?: unknown };
      const s = parsed.Statement;
      if (Array.isArray(s)) statements.push(...s);
      else if (s !== undefined) statements.push(s);
    } catch {
      // skipped, see above
    }
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

export const EMPTY_IDENTITY_POLICY = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [],
      "Resource": []
    }
  ]
}`;
