import { useEffect, useId, useMemo, useRef } from 'react';
import { validatePolicy, type Finding, type FindingType, type PolicyType } from '../api/console-api';
import { useDebounced, useLoad } from '../lib/hooks';
import { ErrorMessage } from './feedback';

const TYPE_LABEL: Record<FindingType, string> = {
  ERROR: 'Error',
  SECURITY_WARNING: 'Security warning',
  WARNING: 'Warning',
  SUGGESTION: 'Suggestion',
};

const findingText = (f: Finding) => f.findingDetails ?? f.message ?? f.issueCode;

function countLabel(findings: Finding[]): string {
  if (findings.length === 0) return 'No findings: the policy is valid.';
  const counts = new Map<FindingType, number>();
  for (const f of findings) counts.set(f.findingType, (counts.get(f.findingType) ?? 0) + 1);
  return [...counts].map(([type, n]) => `${n} ${TYPE_LABEL[type].toLowerCase()}${n === 1 ? '' : 's'}`).join(', ');
}

/**
 * A JSON policy editor: a plain textarea with line numbers, checked by the policy validator
 * (POST /console-api/policy/validate, Access Analyzer's checks) a moment after typing stops.
 * Each finding names its line and column and moves the cursor there.
 */
export function PolicyEditor({
  value,
  onChange,
  label = 'Policy document',
  policyType = 'IDENTITY_POLICY',
  onFindings,
  rows = 18,
}: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  policyType?: PolicyType;
  onFindings?: (findings: Finding[] | undefined) => void;
  rows?: number;
}) {
  const id = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLPreElement>(null);
  const settled = useDebounced(value, 400);
  const validation = useLoad(() => validatePolicy(settled, policyType), [settled, policyType]);
  const findings = validation.data?.findings;
  const current = settled === value && !validation.loading;

  useEffect(() => {
    onFindings?.(current ? findings : undefined);
  }, [findings, current]);

  const lineCount = value.split('\n').length;
  const marked = useMemo(() => {
    const lines = new Map<number, FindingType>();
    for (const f of findings ?? []) {
      const line = f.locations[0]?.span.start.line;
      if (line !== undefined && !lines.has(line)) lines.set(line, f.findingType);
    }
    return lines;
  }, [findings]);

  function goTo(f: Finding) {
    const span = f.locations[0]?.span;
    const el = area.current;
    if (!span || !el) return;
    el.focus();
    el.setSelectionRange(span.start.offset, Math.max(span.start.offset, span.end.offset));
  }

  return (
    <div className="policy-editor">
      <label htmlFor={`${id}-text`}>{label}</label>
      <div className="editor">
        <pre className="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lineCount }, (_, i) => {
            const type = marked.get(i + 1);
            return (
              <span key={i} className={type ? `line-mark mark-${type.toLowerCase()}` : undefined}>
                {i + 1}
                {'\n'}
              </span>
            );
          })}
        </pre>
        <textarea
          id={`${id}-text`}
          ref={area}
          value={value}
          rows={rows}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          wrap="off"
          aria-describedby={`${id}-status`}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
        />
      </div>
      <section className="findings" aria-label="Policy validation">
        <p id={`${id}-status`} className="findings-status" role="status">
          {validation.error ? 'The policy could not be checked.' : !current ? 'Checking…' : findings ? countLabel(findings) : ''}
        </p>
        <ErrorMessage error={validation.error} />
        {findings && findings.length > 0 && (
          <ul className="finding-list" aria-label="Validation findings" aria-busy={!current}>
            {findings.map((f, i) => {
              const start = f.locations[0]?.span.start;
              return (
                <li key={i} className={`finding finding-${f.findingType.toLowerCase()}`}>
                  <span className="finding-type">{TYPE_LABEL[f.findingType]}</span> <code>{f.issueCode}</code>
                  <span className="finding-text"> {findingText(f)}</span>
                  {start && (
                    <button type="button" className="link-button" onClick={() => goTo(f)}>
                      Line {start.line}, column {start.column + 1}
                    </button>
                  )}
                  {f.learnMoreLink && (
                    <a href={f.learnMoreLink} target="_blank" rel="noreferrer">
                      Learn more<span className="visually-hidden"> about {f.issueCode} (opens in a new tab)</span>
                    </a>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
